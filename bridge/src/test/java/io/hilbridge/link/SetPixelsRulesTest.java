package io.hilbridge.link;

import io.hilbridge.lights.Rgb;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * uart-link.md section 3, SET_PIXELS: a SET payload, run_count 1..47, then run_count runs of (count, r, g, b); the
 * payload is exactly 11 + 4 × run_count bytes (MALFORMED otherwise), and a run of 0 pixels is out of range. Built on
 * the golden vector {@code set_pixels_on_brightness} (one run of 8 pixels).
 */
class SetPixelsRulesTest {

    private static byte[] vector() {
        return SpecVectors.load("messages.json").stream()
                .filter(v -> v.get("name").asText().equals("set_pixels_on_brightness"))
                .map(v -> SpecVectors.hex(v.get("payload_hex")))
                .findFirst()
                .orElseThrow();
    }

    /** The vector's SET part followed by {@code runs} runs of one pixel each, with run_count {@code runCount}. */
    private static byte[] withRuns(int runCount, int runs) {
        byte[] p = Arrays.copyOf(vector(), 11 + 4 * runs);
        p[10] = (byte) runCount;
        for (int i = 0; i < runs; i++) p[11 + 4 * i] = 1;
        return p;
    }

    @Test
    void runCountIsOneToFortySeven() {
        assertThat(Messages.SetPixels.decode(withRuns(1, 1)).counts()).containsExactly(1);
        assertThat(Messages.SetPixels.decode(withRuns(47, 47)).counts()).hasSize(47);
        for (int n : new int[] {0, 48}) {
            assertThatThrownBy(() -> Messages.SetPixels.decode(withRuns(n, n)))
                    .as("run_count %d", n)
                    .isInstanceOf(MalformedPayloadException.class)
                    .hasMessage("SET_PIXELS: run_count must be 1..47, got " + n);
        }
    }

    @Test
    void payloadIsExactlyElevenPlusFourBytesPerRun() {
        assertThat(vector()).hasSize(15);
        for (int runs : new int[] {1, 3}) {
            assertThatThrownBy(() -> Messages.SetPixels.decode(withRuns(2, runs)))
                    .as("run_count 2 with %d runs' bytes", runs)
                    .isInstanceOf(MalformedPayloadException.class)
                    .hasMessage("SET_PIXELS: payload must be 19 bytes, got " + (11 + 4 * runs));
        }
        byte[] oneMore = Arrays.copyOf(vector(), 16);
        assertThatThrownBy(() -> Messages.SetPixels.decode(oneMore))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("SET_PIXELS: payload must be 15 bytes, got 16");
    }

    @Test
    void aRunOfNoPixelIsRefusedWhenTakenAsAChange() {
        Messages.SetPixels ok = Messages.SetPixels.decode(vector());
        assertThat(ok.toChange().pixels().pixelCount()).isEqualTo(8);
        Messages.SetPixels empty =
                new Messages.SetPixels(ok.set(), List.of(3, 0), List.of(new Rgb(1, 2, 3), new Rgb(4, 5, 6)));
        assertThatThrownBy(empty::toChange)
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("SET_PIXELS: run 1 has no pixel");
    }

    @Test
    void everyRunHasACountAndAColour() {
        Messages.SetCommand set = Messages.SetPixels.decode(vector()).set();
        assertThatThrownBy(() -> new Messages.SetPixels(set, List.of(1, 2), List.of(new Rgb(1, 2, 3))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a count and a colour per run");
    }
}
