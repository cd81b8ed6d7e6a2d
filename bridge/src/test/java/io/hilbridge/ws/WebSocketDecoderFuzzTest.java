package io.hilbridge.ws;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.ByteBuffer;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the frame decoder and message assembler with arbitrary client bytes in arbitrary read splits: the only
 * outcome other than decoded messages is a {@link ProtocolViolation} with a close code a server may send, no other
 * exception escapes, and no buffer grows beyond the message limit. Input: first byte = read size (1..256), the
 * rest = the byte stream. Seeds: {@code WebSocketDecoderFuzzTestInputs/fuzzDecoder/}.
 */
class WebSocketDecoderFuzzTest {
    private static final int MAX = 4096;
    private static final Set<Integer> FAIL_CODES = Set.of(1002, 1007, 1009);

    @FuzzTest(maxDuration = "20s")
    void fuzzDecoder(byte[] data) {
        if (data.length == 0) {
            return;
        }
        int chunk = (data[0] & 0xFF) + 1;
        long[] delivered = new long[1];
        FrameDecoder decoder = new FrameDecoder(
                new MessageAssembler(
                        new MessageAssembler.Callback() {
                            @Override
                            public void onText(String text) {
                                assertThat(text.length()).isLessThanOrEqualTo(MAX);
                                delivered[0]++;
                            }

                            @Override
                            public void onBinary(byte[] bytes) {
                                assertThat(bytes.length).isLessThanOrEqualTo(MAX);
                                delivered[0]++;
                            }

                            @Override
                            public void onControlFrame(int opcode, byte[] payload) throws ProtocolViolation {
                                assertThat(payload.length).isLessThanOrEqualTo(125);
                                if (opcode == WebSocketProtocol.OPCODE_CLOSE) {
                                    CloseFrames.Close c = CloseFrames.parse(payload);
                                    assertThat(c.code() == 1005 || CloseFrames.isValidReceivedCode(c.code()))
                                            .isTrue();
                                }
                            }
                        },
                        MAX),
                MAX);
        try {
            for (int i = 1; i < data.length; i += chunk) {
                ByteBuffer piece = ByteBuffer.wrap(data, i, Math.min(chunk, data.length - i))
                        .slice();
                decoder.decode(piece);
                assertThat(piece.hasRemaining()).isFalse();
            }
        } catch (ProtocolViolation v) {
            assertThat(FAIL_CODES).contains(v.closeCode());
            assertThat(v.getMessage()).isNotBlank();
        }
    }
}
