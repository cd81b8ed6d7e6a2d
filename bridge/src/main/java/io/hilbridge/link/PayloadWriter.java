package io.hilbridge.link;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds a payload in the link's little-endian wire format (uart-link.md section 3): u8, u16, u32 and short strings
 * (a length byte and at most {@link Messages#MAX_STRING} UTF-8 bytes). A value that does not fit is the caller's bug
 * (IllegalArgumentException), never a truncated field.
 *
 * <p>Thread-safety: none; one writer builds one payload on one thread.
 */
final class PayloadWriter {
    private byte[] buf = new byte[32];
    private int n;

    PayloadWriter u8(int v) {
        if (v < 0 || v > 0xFF) throw new IllegalArgumentException("value " + v + " does not fit a u8");
        ensure(1);
        buf[n++] = (byte) v;
        return this;
    }

    PayloadWriter u16(int v) {
        if (v < 0 || v > 0xFFFF) throw new IllegalArgumentException("value " + v + " does not fit a u16");
        ensure(2);
        buf[n++] = (byte) v;
        buf[n++] = (byte) (v >>> 8);
        return this;
    }

    PayloadWriter u32(long v) {
        if (v < 0 || v > 0xFFFFFFFFL) throw new IllegalArgumentException("value " + v + " does not fit a u32");
        ensure(4);
        for (int i = 0; i < 4; i++) buf[n++] = (byte) (v >>> (8 * i));
        return this;
    }

    PayloadWriter string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > Messages.MAX_STRING) {
            throw new IllegalArgumentException("string longer than " + Messages.MAX_STRING + " UTF-8 bytes: " + s);
        }
        u8(b.length);
        ensure(b.length);
        System.arraycopy(b, 0, buf, n, b.length);
        n += b.length;
        return this;
    }

    PayloadWriter bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, n, b.length);
        n += b.length;
        return this;
    }

    private void ensure(int more) {
        if (n + more > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + more));
    }

    byte[] toArray() {
        if (n > Frame.MAX_PAYLOAD) throw new IllegalArgumentException("payload of " + n + " bytes exceeds 200");
        return Arrays.copyOf(buf, n);
    }
}
