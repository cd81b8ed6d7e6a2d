package io.hilbridge.link;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The wire-time estimate behind pacing, driven with made-up clock values. */
class WirePacerTest {

    @Test
    void bytesLeaveTheWireTenBitTimesEachBackToBack() {
        WirePacer p = new WirePacer(10_000); // 1 ms per byte
        assertThat(p.byteNanos()).isEqualTo(1_000_000);
        long t = -5_000_000_000L; // nanoTime values may be negative
        assertThat(p.delayNanos(t)).isZero(); // nothing written yet
        p.wrote(19, t);
        assertThat(p.delayNanos(t)).isEqualTo(19_000_000);
        assertThat(p.delayNanos(t + 4_000_000)).isEqualTo(15_000_000);
        // Written while the first is still going out: queued behind it.
        p.wrote(13, t + 4_000_000);
        assertThat(p.delayNanos(t + 4_000_000)).isEqualTo(28_000_000);
        assertThat(p.delayNanos(t + 32_000_000)).isZero();
        assertThat(p.delayNanos(t + 40_000_000)).isZero();
        // Written after the wire went idle: starts then, not at the end of the earlier bytes.
        p.wrote(10, t + 100_000_000);
        assertThat(p.delayNanos(t + 100_000_000)).isEqualTo(10_000_000);
    }

    @Test
    void unthrottledNeverWaitsAndResetForgetsTheQueue() {
        WirePacer none = new WirePacer(0);
        none.wrote(1000, 0);
        assertThat(none.delayNanos(0)).isZero();

        WirePacer p = new WirePacer(115200);
        p.wrote(200, 0);
        assertThat(p.delayNanos(0)).isEqualTo(200 * (10_000_000_000L / 115200));
        p.reset();
        assertThat(p.delayNanos(0)).isZero();
    }
}
