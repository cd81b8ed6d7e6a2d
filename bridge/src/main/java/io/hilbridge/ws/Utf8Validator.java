package io.hilbridge.ws;

import java.nio.ByteBuffer;

/**
 * Incremental UTF-8 validator (RFC 3629 section 4): feed bytes in any split; {@link #feed} reports the first invalid
 * byte at once, so a bad text message fails as soon as the byte arrives rather than when the message ends. Rejects
 * overlong forms, UTF-16 surrogates (U+D800..U+DFFF) and code points above U+10FFFF. Not thread-safe: one per
 * connection, used on its IO thread.
 */
final class Utf8Validator {
    /** Continuation bytes still needed by the current sequence. */
    private int needed;
    /** Allowed range of the next continuation byte (narrowed after lead bytes E0, ED, F0, F4). */
    private int lower = 0x80;

    private int upper = 0xBF;

    /** Validates the remaining bytes of {@code buf} (position unchanged); false at the first invalid byte. */
    boolean feed(ByteBuffer buf) {
        int end = buf.limit();
        int i = buf.position();
        while (i < end) {
            // Fast path: between characters, skip 8 ASCII bytes at a time (most JSON is ASCII).
            if (needed == 0
                    && i + 8 <= end
                    && buf.order() == java.nio.ByteOrder.BIG_ENDIAN
                    && (buf.getLong(i) & 0x8080808080808080L) == 0) {
                i += 8;
                continue;
            }
            if (!feed(buf.get(i++))) {
                return false;
            }
        }
        return true;
    }

    boolean feed(byte[] bytes, int off, int len) {
        for (int i = off, end = off + len; i < end; i++) {
            if (!feed(bytes[i])) {
                return false;
            }
        }
        return true;
    }

    boolean feed(byte value) {
        int b = value & 0xFF;
        if (needed == 0) {
            if (b < 0x80) {
                return true;
            }
            if (b >= 0xC2 && b <= 0xDF) {
                needed = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                needed = 2;
                if (b == 0xE0) {
                    lower = 0xA0; // below: overlong 3-byte forms
                } else if (b == 0xED) {
                    upper = 0x9F; // above: surrogates U+D800..U+DFFF
                }
            } else if (b >= 0xF0 && b <= 0xF4) {
                needed = 3;
                if (b == 0xF0) {
                    lower = 0x90; // below: overlong 4-byte forms
                } else if (b == 0xF4) {
                    upper = 0x8F; // above: beyond U+10FFFF
                }
            } else {
                return false; // stray continuation, C0/C1 (always overlong), F5..FF
            }
            return true;
        }
        if (b < lower || b > upper) {
            return false;
        }
        lower = 0x80;
        upper = 0xBF;
        needed--;
        return true;
    }

    /** True when the bytes so far end on a character boundary (a complete message must). */
    boolean isComplete() {
        return needed == 0;
    }

    void reset() {
        needed = 0;
        lower = 0x80;
        upper = 0xBF;
    }
}
