package io.hilbridge.link;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One decoded frame of the UART link (uart-link.md section 2): message type, the sender's sequence number and the
 * payload. Immutable: the payload array is copied in and out.
 */
public record Frame(int type, int seq, byte[] payload) {
    public static final int VERSION = 1;
    public static final int MAX_PAYLOAD = 200;
    /** Header (4) + payload + CRC (2). */
    public static final int MAX_DECODED = 4 + MAX_PAYLOAD + 2;
    /** The longest run of bytes between two delimiters that is still a frame. */
    public static final int MAX_ENCODED = 208;

    public static final int HELLO_REQ = 0x01;
    public static final int HELLO = 0x02;
    public static final int SET = 0x03;
    public static final int ACK = 0x04;
    public static final int NACK = 0x05;
    public static final int STATE = 0x06;
    public static final int STATE_REQ = 0x07;
    public static final int PING = 0x08;
    public static final int PONG = 0x09;
    public static final int LOG = 0x0A;
    /** An ACK and the one STATE (cause command) it would follow, in one frame (uart-link.md section 3). */
    public static final int ACK_STATE = 0x0B;
    /** A light's hardware fault appeared or cleared (uart-link.md section 3, FAULT). */
    public static final int FAULT = 0x0C;
    /** The host asks the board to restart (uart-link.md section 4, "Reboot on request"). */
    public static final int REBOOT_REQ = 0x0D;
    /** The host subscribes to what the lights show (uart-link.md section 3, PIXELS_SUB). */
    public static final int PIXELS_SUB = 0x0E;
    /** A chunk of the pixels one light shows (uart-link.md section 3, PIXELS). */
    public static final int PIXELS = 0x0F;
    /** A SET for one strip plus its per-pixel colours as runs (uart-link.md section 3, SET_PIXELS). */
    public static final int SET_PIXELS = 0x10;

    public Frame {
        if (type < 0 || type > 0xFF) throw new IllegalArgumentException("type must be a byte: " + type);
        if (seq < 0 || seq > 0xFFFF) throw new IllegalArgumentException("seq must be u16: " + seq);
        if (payload == null) throw new IllegalArgumentException("payload is null");
        if (payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException(
                    "payload of " + payload.length + " bytes exceeds the maximum of " + MAX_PAYLOAD);
        }
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** Payload length without copying. */
    public int payloadLength() {
        return payload.length;
    }

    public static String typeName(int type) {
        return switch (type) {
            case HELLO_REQ -> "HELLO_REQ";
            case HELLO -> "HELLO";
            case SET -> "SET";
            case ACK -> "ACK";
            case NACK -> "NACK";
            case STATE -> "STATE";
            case STATE_REQ -> "STATE_REQ";
            case PING -> "PING";
            case PONG -> "PONG";
            case LOG -> "LOG";
            case ACK_STATE -> "ACK_STATE";
            case FAULT -> "FAULT";
            case REBOOT_REQ -> "REBOOT_REQ";
            case PIXELS_SUB -> "PIXELS_SUB";
            case PIXELS -> "PIXELS";
            case SET_PIXELS -> "SET_PIXELS";
            default -> String.format("0x%02X", type);
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frame f && f.type == type && f.seq == seq && Arrays.equals(f.payload, payload);
    }

    @Override
    public int hashCode() {
        return (type * 31 + seq) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return typeName(type) + "(seq=" + seq + ", payload=" + HexFormat.of().formatHex(payload) + ")";
    }
}
