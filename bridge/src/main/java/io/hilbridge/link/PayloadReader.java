package io.hilbridge.link;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a payload in the link's little-endian wire format strictly: every read past the end, a string longer than
 * {@link Messages#MAX_STRING} bytes or not valid UTF-8, and trailing bytes throw {@link MalformedPayloadException}
 * naming the message ({@code what}) and the problem.
 *
 * <p>Thread-safety: none; one reader parses one payload on one thread.
 */
final class PayloadReader {
    private final byte[] p;
    private final String what;
    private int i;

    PayloadReader(byte[] p, String what) {
        this.p = p;
        this.what = what;
    }

    MalformedPayloadException bad(String why) {
        return new MalformedPayloadException(what + ": " + why);
    }

    void expectLength(int len) {
        if (p.length != len) throw bad("payload must be " + len + " bytes, got " + p.length);
    }

    private void need(int k) {
        if (i + k > p.length) throw bad("payload ends at byte " + p.length + ", needed " + (i + k));
    }

    int u8() {
        need(1);
        return p[i++] & 0xFF;
    }

    int u16() {
        need(2);
        int v = (p[i] & 0xFF) | ((p[i + 1] & 0xFF) << 8);
        i += 2;
        return v;
    }

    long u32() {
        need(4);
        long v = 0;
        for (int k = 0; k < 4; k++) v |= (long) (p[i + k] & 0xFF) << (8 * k);
        i += 4;
        return v;
    }

    String string() {
        int len = u8();
        if (len > Messages.MAX_STRING) throw bad("string length " + len + " exceeds " + Messages.MAX_STRING);
        need(len);
        String s;
        try {
            // Strict: a lenient decode would turn bad bytes into U+FFFD (3 bytes each), and the string would no
            // longer fit the 15 bytes it came in (found by FrameDecoderFuzzTest).
            s = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(p, i, len))
                    .toString();
        } catch (CharacterCodingException e) {
            throw bad("string is not valid UTF-8");
        }
        i += len;
        return s;
    }

    void end() {
        if (i != p.length) throw bad((p.length - i) + " trailing bytes");
    }
}
