package io.hilbridge.ws;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import static io.hilbridge.ws.WireClient.frame;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The payload-length rules of RFC 6455 section 5.2 at their boundaries, for frames we decode and frames we encode:
 * the minimal encoding (7-bit up to 125, 16-bit for 126..65535, 64-bit above), the 125-byte limit of control frames
 * (section 5.5) and our maximum message size (1009 from the header, section 7.4.1).
 */
class FrameLengthRulesTest {
    private static final int MAX = 100_000;

    /** A masked frame whose length uses the given form (7, 16 or 64 bits), minimal or not. */
    private static byte[] frameWithLengthForm(int firstByte, int form, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(firstByte);
        int len = payload.length;
        switch (form) {
            case 7 -> out.write(0x80 | len);
            case 16 -> {
                out.write(0x80 | 126);
                out.write(len >>> 8);
                out.write(len);
            }
            case 64 -> {
                out.write(0x80 | 127);
                for (int i = 7; i >= 0; i--) {
                    out.write((int) ((long) len >>> (8 * i)));
                }
            }
            default -> throw new IllegalArgumentException("form " + form);
        }
        out.write(new byte[4], 0, 4); // mask 0: payload bytes go as they are
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static byte[] ascii(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 'x');
        return b;
    }

    @Test
    void sixteenBitLengthMustBeAtLeast126() {
        assertThat(Recorder.decode(frameWithLengthForm(0x81, 16, ascii(125)), MAX))
                .containsExactly("error 1002");
        assertThat(Recorder.decode(frameWithLengthForm(0x81, 16, ascii(126)), MAX))
                .containsExactly("text:" + "x".repeat(126));
    }

    @Test
    void sixtyFourBitLengthMustBeAbove65535() {
        assertThat(Recorder.decode(frameWithLengthForm(0x82, 64, ascii(0xFFFF)), MAX))
                .containsExactly("error 1002");
        List<String> ok = Recorder.decode(frameWithLengthForm(0x81, 64, ascii(0x10000)), MAX);
        assertThat(ok).containsExactly("text:" + "x".repeat(0x10000));
    }

    @Test
    void sevenBitLengthIsCheckedAgainstTheMessageLimitFromTheHeader() {
        // Only the 2-byte header of a 100-byte frame: with a 99-byte limit it fails before the mask and payload.
        byte[] header = {(byte) 0x81, (byte) (0x80 | 100)};
        assertThat(Recorder.decode(header, 99)).containsExactly("error 1009");
        assertThat(Recorder.decode(frameWithLengthForm(0x81, 7, ascii(100)), 100))
                .containsExactly("text:" + "x".repeat(100));
        assertThat(Recorder.decode(frameWithLengthForm(0x81, 7, ascii(101)), 100))
                .containsExactly("error 1009");
    }

    @Test
    void extendedLengthIsCheckedAgainstTheMessageLimitFromTheHeader() {
        assertThat(Recorder.decode(frameWithLengthForm(0x81, 16, ascii(300)), 300))
                .containsExactly("text:" + "x".repeat(300));
        byte[] header = {(byte) 0x81, (byte) (0x80 | 126), 0x01, 0x2D}; // 301 bytes announced
        assertThat(Recorder.decode(header, 300)).containsExactly("error 1009");
    }

    @Test
    void fragmentsMayAddUpToExactlyTheLimit() {
        byte[] stream = concat(frame(0x01, ascii(150)), frame(0x80, ascii(150)));
        assertThat(Recorder.decode(stream, 300)).containsExactly("text:" + "x".repeat(300));
        byte[] over = concat(frame(0x01, ascii(150)), frame(0x80, ascii(151)));
        assertThat(Recorder.decode(over, 300)).containsExactly("error 1009");
        // The limit is per message: a second message of the full size after a first one is fine.
        byte[] two = concat(frame(0x81, ascii(300)), frame(0x81, ascii(300)));
        assertThat(Recorder.decode(two, 300)).hasSize(2).allMatch(e -> e.equals("text:" + "x".repeat(300)));
    }

    @Test
    void controlFramesCarryAtMost125Bytes() {
        assertThat(Recorder.decode(frame(0x89, ascii(125)), MAX)).containsExactly("control9:" + "x".repeat(125));
        assertThat(Recorder.decode(frame(0x8A, ascii(125)), MAX)).containsExactly("control10:" + "x".repeat(125));
        assertThat(Recorder.decode(frame(0x89, ascii(126)), MAX)).containsExactly("error 1002");
        assertThat(Recorder.decode(frame(0x88, ascii(126)), MAX))
                .as("a close frame is a control frame too")
                .containsExactly("error 1002");
        // A control frame is not counted against the message limit, even inside a fragmented message.
        byte[] stream = concat(frame(0x01, ascii(10)), frame(0x89, ascii(125)), frame(0x80, ascii(10)));
        assertThat(Recorder.decode(stream, 20))
                .containsExactly("control9:" + "x".repeat(125), "text:" + "x".repeat(20));
    }

    /** The close reason a client reads for {@code frame} (the violation's message becomes the 1002 reason). */
    private static String closeReasonFor(byte[] frame) {
        try {
            new Recorder(MAX).decoder.decode(ByteBuffer.wrap(frame));
        } catch (ProtocolViolation v) {
            assertThat(v.closeCode()).isEqualTo(1002);
            return v.getMessage();
        }
        throw new AssertionError("no protocol violation");
    }

    @Test
    void aSixtyFourBitLengthWithItsTopBitSetNamesThatRule() {
        // Section 5.2: "the most significant bit MUST be 0"; a zero length in the 64-bit form breaks the other rule.
        byte[] topBit = {(byte) 0x82, (byte) 0xFF, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0};
        assertThat(closeReasonFor(topBit)).isEqualTo("the most significant bit of a 64-bit length must be 0");
        byte[] zero = {(byte) 0x82, (byte) 0xFF, 0, 0, 0, 0, 0, 0, 0, 0};
        assertThat(closeReasonFor(zero)).isEqualTo("payload length must use the minimal encoding");
    }

    @Test
    void serverFramesUseTheMinimalLengthEncoding() {
        assertHeader(0, new int[] {0x82, 0});
        assertHeader(125, new int[] {0x82, 125});
        assertHeader(126, new int[] {0x82, 126, 0, 126});
        assertHeader(0xFFFF, new int[] {0x82, 126, 0xFF, 0xFF});
        assertHeader(0x10000, new int[] {0x82, 127, 0, 0, 0, 0, 0, 1, 0, 0});
    }

    private static void assertHeader(int len, int[] header) {
        ByteBuffer b = WebSocketProtocol.encodeServerFrame(WebSocketProtocol.OPCODE_BINARY, new byte[len]);
        assertThat(b.remaining()).as("frame size for %d bytes", len).isEqualTo(header.length + len);
        for (int i = 0; i < header.length; i++) {
            assertThat(b.get(i) & 0xFF)
                    .as("header byte %d for %d bytes", i, len)
                    .isEqualTo(header[i]);
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
