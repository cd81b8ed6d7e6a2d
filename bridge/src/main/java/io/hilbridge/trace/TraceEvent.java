package io.hilbridge.trace;

import io.hilbridge.lights.DeviceStatus;

import java.util.Locale;

/** The link events a trace records (protocol-spec/trace-format.md, kind 3); {@code code} is the byte in the file. */
public enum TraceEvent {
    CONNECTING(1),
    ONLINE(2),
    RESYNCING(3),
    OFFLINE(4),
    PORT_OPEN(5),
    PORT_CLOSED(6),
    DISCONNECT(7);

    /** Longest event text a record keeps, in bytes. */
    static final int MAX_TEXT = 200;

    public final int code;

    TraceEvent(int code) {
        this.code = code;
    }

    /** The name in the spec and in {@code hilbridge trace}: {@code port-open}, {@code online}, ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static TraceEvent of(DeviceStatus status) {
        return switch (status) {
            case CONNECTING -> CONNECTING;
            case ONLINE -> ONLINE;
            case RESYNCING -> RESYNCING;
            case OFFLINE -> OFFLINE;
        };
    }

    static TraceEvent fromCode(int code) {
        for (TraceEvent e : values()) if (e.code == code) return e;
        return null;
    }
}
