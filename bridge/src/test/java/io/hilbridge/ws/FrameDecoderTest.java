package io.hilbridge.ws;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static io.hilbridge.ws.WireClient.frame;
import static org.assertj.core.api.Assertions.assertThat;

class FrameDecoderTest {
    private static final int MAX = 64 * 1024;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Text, a fragmented text with a ping between the fragments, 16-bit-length binary and text frames, close. */
    private static byte[] sampleStream() {
        byte[] bin = new byte[300];
        for (int i = 0; i < bin.length; i++) {
            bin[i] = (byte) i;
        }
        return concat(
                frame(0x81, utf8("Hello")),
                frame(0x01, utf8("fräg")),
                frame(0x89, utf8("ping!")),
                frame(0x80, utf8("mented ✓")),
                frame(0x82, bin),
                frame(0x81, utf8("y".repeat(200))),
                frame(0x88, new byte[] {0x03, (byte) 0xE8, 'o', 'k'}));
    }

    private static List<String> expected() {
        return Recorder.decode(sampleStream(), MAX);
    }

    @Test
    void decodesSampleStream() {
        List<String> events = expected();
        assertThat(events).hasSize(6);
        assertThat(events.get(0)).isEqualTo("text:Hello");
        assertThat(events.get(1)).isEqualTo("control9:ping!");
        assertThat(events.get(2)).isEqualTo("text:fräg" + "mented ✓");
        assertThat(events.get(3)).startsWith("binary:000102").hasSize(7 + 600);
        assertThat(events.get(5)).isEqualTo("control8:\u0003\u00e8ok");
    }

    @Test
    void everySingleSplitPointGivesTheSameEvents() {
        byte[] stream = sampleStream();
        List<String> want = expected();
        for (int cut = 0; cut <= stream.length; cut++) {
            assertThat(Recorder.decode(stream, MAX, cut)).as("split at %d", cut).isEqualTo(want);
        }
    }

    @Test
    void everyPairOfSplitPointsInTheFirstFramesGivesTheSameEvents() {
        byte[] stream = Arrays.copyOf(sampleStream(), 40);
        List<String> want = Recorder.decode(stream, MAX);
        for (int a = 0; a <= stream.length; a++) {
            for (int b = a; b <= stream.length; b++) {
                assertThat(Recorder.decode(stream, MAX, a, b))
                        .as("split at %d,%d", a, b)
                        .isEqualTo(want);
            }
        }
    }

    @Test
    void oneByteAtATimeGivesTheSameEvents() {
        byte[] stream = sampleStream();
        int[] cuts = IntStream.range(1, stream.length).toArray();
        assertThat(Recorder.decode(stream, MAX, cuts)).isEqualTo(expected());
    }

    @Test
    void longLengthForm() {
        byte[] big = new byte[70_000];
        Arrays.fill(big, (byte) 'a');
        List<String> events = Recorder.decode(frame(0x81, big), 100_000);
        assertThat(events).containsExactly("text:" + "a".repeat(70_000));
    }

    @Test
    void protocolErrorsClose1002() {
        List<byte[]> bad = new ArrayList<>();
        bad.add(new byte[] {(byte) 0x81, 0x05, 'H', 'e', 'l', 'l', 'o'}); // unmasked
        bad.add(frame(0xC1, utf8("rsv1")));
        bad.add(frame(0xA1, utf8("rsv2")));
        bad.add(frame(0x91, utf8("rsv3")));
        bad.add(frame(0x83, new byte[0])); // reserved data opcode
        bad.add(frame(0x8B, new byte[0])); // reserved control opcode
        bad.add(frame(0x80, utf8("cont"))); // continuation without start
        bad.add(concat(frame(0x01, utf8("a")), frame(0x81, utf8("b")))); // new message inside fragmented one
        bad.add(frame(0x09, new byte[0])); // fragmented ping
        bad.add(frame(0x89, new byte[126])); // control too long
        bad.add(new byte[] {(byte) 0x81, (byte) 0xFE, 0x00, 0x05, 0, 0, 0, 0}); // non-minimal 16-bit length
        bad.add(new byte[] {(byte) 0x81, (byte) 0xFF, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0}); // 64-bit MSB set
        for (byte[] b : bad) {
            assertThat(Recorder.decode(b, MAX)).as(Arrays.toString(b)).last().isEqualTo("error 1002");
        }
    }

    @Test
    void tooBigMessageFailsFromTheHeaderWith1009() {
        // Only the header of a 1 MiB frame is sent: the decoder must refuse it without waiting for the payload.
        byte[] header = {(byte) 0x82, (byte) 0xFF, 0, 0, 0, 0, 0, 0x10, 0, 0};
        assertThat(Recorder.decode(header, MAX)).containsExactly("error 1009");
        byte[] fragments = concat(frame(0x01, new byte[200]), frame(0x80, new byte[200]));
        assertThat(Recorder.decode(fragments, 300)).containsExactly("error 1009");
    }

    @Test
    void invalidUtf8FailsWith1007AsSoonAsTheBadByteArrives() {
        byte[] stream = concat(frame(0x01, new byte[] {'o', 'k', (byte) 0xC0}), frame(0x80, utf8("never read")));
        // The first fragment alone already fails: C0 can never start a valid sequence.
        assertThat(Recorder.decode(Arrays.copyOf(stream, 9), MAX)).containsExactly("error 1007");
        // A message ending inside a sequence fails at its end.
        assertThat(Recorder.decode(frame(0x81, new byte[] {'a', (byte) 0xE2, (byte) 0x82}), MAX))
                .containsExactly("error 1007");
    }

    @Test
    void ignoresInputAfterClose() {
        byte[] stream = concat(frame(0x88, new byte[0]), frame(0x81, utf8("late")), new byte[] {1, 2, 3});
        assertThat(Recorder.decode(stream, MAX)).containsExactly("control8:");
    }
}
