package io.hilbridge.ws;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Close payloads (RFC 6455 sections 5.5.1 and 7.4): which codes a peer may send, the reason's UTF-8, our encoding. */
class CloseFramesTest {

    private static byte[] payload(int code, byte... reason) {
        byte[] p = new byte[2 + reason.length];
        p[0] = (byte) (code >>> 8);
        p[1] = (byte) code;
        System.arraycopy(reason, 0, p, 2, reason.length);
        return p;
    }

    private static void assertRejected(byte[] payload, String why) {
        assertThatThrownBy(() -> CloseFrames.parse(payload))
                .as(why)
                .isInstanceOf(ProtocolViolation.class)
                .satisfies(e -> assertThat(((ProtocolViolation) e).closeCode()).isEqualTo(1002));
    }

    @Test
    void validCodeRangesAtTheirEdges() throws ProtocolViolation {
        for (int code : new int[] {1000, 1003, 1007, 1014, 3000, 4999}) {
            CloseFrames.Close c = CloseFrames.parse(payload(code));
            assertThat(c.code()).isEqualTo(code);
            assertThat(c.hasCode()).isTrue();
        }
        for (int code : new int[] {0, 999, 1004, 1005, 1006, 1015, 2999, 5000, 0xFFFF}) {
            assertRejected(payload(code), "code " + code);
        }
    }

    @Test
    void emptyPayloadMeansNoStatusAndOneByteIsAnError() throws ProtocolViolation {
        CloseFrames.Close none = CloseFrames.parse(new byte[0]);
        assertThat(none.code()).isEqualTo(1005);
        assertThat(none.hasCode()).isFalse();
        assertThat(none.reason()).isEmpty();
        assertRejected(new byte[] {0x03}, "1-byte payload");
    }

    @Test
    void reasonMustBeCompleteUtf8() throws ProtocolViolation {
        byte[] ok = "bye ✓".getBytes(StandardCharsets.UTF_8);
        assertThat(CloseFrames.parse(payload(1000, ok)).reason()).isEqualTo("bye ✓");
        assertRejected(payload(1000, (byte) 'a', (byte) 0xC0, (byte) 0x80), "overlong reason");
        assertRejected(payload(1000, (byte) 'a', (byte) 0xE2, (byte) 0x9C), "reason ends inside a character");
    }

    @Test
    void reasonIsCutTo123BytesAtACharacterBoundary() {
        String exact = "r".repeat(123);
        assertThat(CloseFrames.truncateUtf8(exact, 123)).hasSize(123);
        assertThat(CloseFrames.truncateUtf8(exact + "s", 123)).isEqualTo(exact.getBytes(StandardCharsets.US_ASCII));
        // 122 ASCII bytes then a 3-byte character: it would not fit whole, so it is dropped entirely.
        String straddling = "r".repeat(122) + "✓";
        assertThat(CloseFrames.truncateUtf8(straddling, 123)).hasSize(122);
        // A 3-byte character ending exactly at byte 123 is kept.
        String fits = "r".repeat(120) + "✓";
        assertThat(CloseFrames.truncateUtf8(fits, 123)).isEqualTo(fits.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void encodedCloseFrameFitsTheControlFrameLimit() throws ProtocolViolation {
        ByteBuffer frame = CloseFrames.encode(1001, "z".repeat(200));
        assertThat(frame.get(0) & 0xFF).isEqualTo(0x88);
        assertThat(frame.get(1) & 0xFF).isEqualTo(125);
        byte[] payload = new byte[125];
        frame.get(2, payload);
        CloseFrames.Close back = CloseFrames.parse(payload);
        assertThat(back.code()).isEqualTo(1001);
        assertThat(back.reason()).isEqualTo("z".repeat(123));

        ByteBuffer none = CloseFrames.encode(1005, "ignored");
        assertThat(none.remaining()).isEqualTo(2);
        assertThat(none.get(1)).isZero();
        ByteBuffer nullReason = CloseFrames.encode(1000, null);
        assertThat(nullReason.remaining()).isEqualTo(4);
    }
}
