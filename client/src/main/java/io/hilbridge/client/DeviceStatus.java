package io.hilbridge.client;

import java.util.Locale;

/** A device's status as the bridge reports it; {@link #UNKNOWN} keeps a status a later API version may add. */
public enum DeviceStatus {
    /** No handshake with the board yet. */
    CONNECTING,
    ONLINE,
    /** The board reset and the bridge is replaying the desired state. */
    RESYNCING,
    /** Unplugged or silent; the bridge keeps retrying. */
    OFFLINE,
    UNKNOWN;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DeviceStatus fromApi(String name) {
        for (DeviceStatus s : values()) {
            if (s != UNKNOWN && s.apiName().equals(name)) return s;
        }
        return UNKNOWN;
    }
}
