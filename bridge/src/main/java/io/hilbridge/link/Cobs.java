package io.hilbridge.link;

/**
 * Consistent Overhead Byte Stuffing (Cheshire and Baker, 1999) without delimiters: the encoded form contains no
 * 0x00, so 0x00 can delimit frames on the wire (uart-link.md section 2). Stateless and thread-safe.
 */
public final class Cobs {
    private Cobs() {}

    /** The largest encoding of {@code length} bytes: one code byte per started block of 254, plus one. */
    public static int maxEncodedLength(int length) {
        return length + length / 254 + 1;
    }

    public static byte[] encode(byte[] data) {
        return encode(data, 0, data.length);
    }

    public static byte[] encode(byte[] data, int offset, int length) {
        byte[] out = new byte[maxEncodedLength(length)];
        int n = encodeInto(data, offset, length, out, 0);
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    /** Encodes into {@code out} at {@code outOffset}; returns the number of bytes written. */
    public static int encodeInto(byte[] data, int offset, int length, byte[] out, int outOffset) {
        int codeIndex = outOffset;
        int w = outOffset + 1;
        int code = 1;
        for (int i = offset; i < offset + length; i++) {
            byte b = data[i];
            if (b == 0) {
                out[codeIndex] = (byte) code;
                codeIndex = w++;
                code = 1;
            } else {
                out[w++] = b;
                code++;
                if (code == 0xFF) {
                    out[codeIndex] = (byte) code;
                    codeIndex = w++;
                    code = 1;
                }
            }
        }
        out[codeIndex] = (byte) code;
        return w - outOffset;
    }

    /**
     * Decodes {@code length} bytes into {@code out} (which must hold at least {@code length} bytes). Returns the
     * decoded length, or -1 when the input is not valid COBS: a 0x00 inside it, or a code byte pointing past the end.
     */
    public static int decodeInto(byte[] data, int offset, int length, byte[] out) {
        int end = offset + length;
        int r = offset;
        int w = 0;
        while (r < end) {
            int code = data[r] & 0xFF;
            if (code == 0 || r + code > end) return -1;
            for (int i = r + 1; i < r + code; i++) {
                if (data[i] == 0) return -1;
                out[w++] = data[i];
            }
            r += code;
            if (code != 0xFF && r < end) out[w++] = 0;
        }
        return w;
    }

    /** Decodes or throws IllegalArgumentException when the input is not valid COBS. */
    public static byte[] decode(byte[] data) {
        byte[] out = new byte[data.length];
        int n = decodeInto(data, 0, data.length, out);
        if (n < 0) throw new IllegalArgumentException("invalid COBS: a code byte points past the end or a 0x00 inside");
        return java.util.Arrays.copyOf(out, n);
    }
}
