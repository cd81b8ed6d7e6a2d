package io.hilbridge.link;

/**
 * Turns a frame into the bytes on the wire: {@code 0x00 COBS(header || payload || crc16-be) 0x00}. The leading
 * delimiter matters: after the ESP32 ROM's boot text a frame without it would be glued to the garbage and lost.
 * Stateless and thread-safe.
 */
public final class FrameEncoder {
    private FrameEncoder() {}

    public static byte[] encode(Frame frame) {
        return encode(frame.type(), frame.seq(), frame.payload());
    }

    /** Encodes one frame; throws IllegalArgumentException when the payload is longer than 200 bytes. */
    public static byte[] encode(int type, int seq, byte[] payload) {
        if (payload.length > Frame.MAX_PAYLOAD) {
            throw new IllegalArgumentException(
                    "payload of " + payload.length + " bytes exceeds the maximum of " + Frame.MAX_PAYLOAD);
        }
        if (type < 0 || type > 0xFF) throw new IllegalArgumentException("type must be a byte: " + type);
        if (seq < 0 || seq > 0xFFFF) throw new IllegalArgumentException("seq must be u16: " + seq);
        byte[] body = new byte[4 + payload.length + 2];
        body[0] = (byte) Frame.VERSION;
        body[1] = (byte) type;
        body[2] = (byte) seq;
        body[3] = (byte) (seq >>> 8);
        System.arraycopy(payload, 0, body, 4, payload.length);
        int crc = Crc16.compute(body, 0, body.length - 2);
        body[body.length - 2] = (byte) (crc >>> 8);
        body[body.length - 1] = (byte) crc;
        byte[] out = new byte[Cobs.maxEncodedLength(body.length) + 2];
        int n = Cobs.encodeInto(body, 0, body.length, out, 1);
        // out[0] and out[n + 1] are already 0x00: the delimiters.
        return n + 2 == out.length ? out : java.util.Arrays.copyOf(out, n + 2);
    }

    /** Bytes on the wire for a payload of this length, at most (for wire-time estimates). */
    public static int wireLength(int payloadLength) {
        return Cobs.maxEncodedLength(payloadLength + 6) + 2;
    }
}
