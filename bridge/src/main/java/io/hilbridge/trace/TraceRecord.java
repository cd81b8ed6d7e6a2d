package io.hilbridge.trace;

import java.util.Arrays;

/**
 * One record of a trace (protocol-spec/trace-format.md, "Records"): which board, when (µs since the epoch), what kind,
 * which direction, the retransmit flag, and the body after the 4-byte record header. Immutable.
 *
 * @param board     interface index in the file (the order boards were attached)
 * @param micros    timestamp, microseconds since 1970-01-01 UTC
 * @param body      frame bytes, or reason + raw bytes, or event + text, or the dropped count (per kind)
 */
public record TraceRecord(int board, long micros, Kind kind, Direction dir, boolean retransmit, byte[] body) {
    /** The record format byte this code writes and reads. */
    public static final int FORMAT = 1;

    public static final int HEADER = 4;

    /** What a record holds; {@code code} is its byte in the file. */
    public enum Kind {
        FRAME(1),
        DECODE_ERROR(2),
        EVENT(3),
        DROPPED(4);

        public final int code;

        Kind(int code) {
            this.code = code;
        }

        static Kind fromCode(int code) {
            for (Kind k : values()) if (k.code == code) return k;
            return null;
        }
    }

    /** Which way the bytes went; {@code code} is its byte in the record header. */
    public enum Direction {
        NONE(0, "--"),
        TX(1, "tx"),
        RX(2, "rx");

        public final int code;
        public final String label;

        Direction(int code, String label) {
            this.code = code;
            this.label = label;
        }

        static Direction fromCode(int code) {
            for (Direction d : values()) if (d.code == code) return d;
            return null;
        }

        /** The pcapng epb_flags direction bits: 01 inbound (board to host), 10 outbound (host to board). */
        int epbFlags() {
            return switch (this) {
                case NONE -> 0;
                case TX -> 2;
                case RX -> 1;
            };
        }
    }

    public TraceRecord {
        if (board < 0) throw new IllegalArgumentException("board index is negative: " + board);
        if (kind == null || dir == null || body == null)
            throw new IllegalArgumentException("kind, dir and body are required");
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The record as it is stored in an Enhanced Packet Block's packet data. */
    byte[] toPacketData() {
        byte[] out = new byte[HEADER + body.length];
        out[0] = FORMAT;
        out[1] = (byte) kind.code;
        out[2] = (byte) (retransmit ? 1 : 0);
        out[3] = (byte) dir.code;
        System.arraycopy(body, 0, out, HEADER, body.length);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TraceRecord r
                && r.board == board
                && r.micros == micros
                && r.kind == kind
                && r.dir == dir
                && r.retransmit == retransmit
                && Arrays.equals(r.body, body);
    }

    @Override
    public int hashCode() {
        return ((board * 31 + Long.hashCode(micros)) * 31 + kind.hashCode()) * 31 + Arrays.hashCode(body);
    }
}
