package io.hilbridge.link;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void aSetWaitsUntilTheBoardsAnswersToEarlierOnesAreOutButForOne() {
        WirePacer p = new WirePacer(10_000); // 1 ms per byte
        long ms = 1_000_000;
        // A SET of 19 bytes arrives at 19 ms; the board answers with 32 bytes: out at 51 ms.
        p.wroteSet(19, 32, 0);
        assertThat(p.delayNanos(19 * ms)).isZero();
        // The next SET, written at t, arrives at t + 19: allowed once at most one SET's answers (32) wait then,
        // i.e. t + 19 >= 51 - 32, t >= 0 ... but the host-to-board wire is busy until 19.
        assertThat(p.setDelayNanos(0, 19, 32)).isEqualTo(19 * ms);
        p.wroteSet(19, 32, 19 * ms); // arrives 38, answered after the first's: 51 + 32 = 83
        // A third: arrival t + 19 must be >= 83 - 32 = 51, so t >= 32 (the host-to-board wire is free at 38).
        assertThat(p.setDelayNanos(20 * ms, 19, 32)).isEqualTo(18 * ms);
        assertThat(p.setDelayNanos(38 * ms, 19, 32)).isZero();
        p.wroteSet(19, 32, 38 * ms); // arrives 57, answers out at 115
        // From here the board's 32 bytes per SET set the pace, not the host's 19.
        assertThat(p.setDelayNanos(57 * ms, 19, 32)).isEqualTo((115 - 32 - 19 - 57) * ms);
        // Frames that are not SETs count on the host-to-board wire only.
        p.wrote(100, 57 * ms);
        assertThat(p.setDelayNanos(57 * ms, 19, 32)).isEqualTo(100 * ms);
    }

    @Test
    void aNegativeBaudIsRefusedZeroIsUnthrottled() {
        assertThatThrownBy(() -> new WirePacer(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("baud must be >= 0: -1");
        WirePacer none = new WirePacer(0);
        none.wroteSet(19, 32, 5);
        none.wroteSet(19, 32, 5);
        assertThat(none.setDelayNanos(5, 19, 32)).isZero();
    }

    @Test
    void theBoardsAnswersStartWhenTheSetArrivesOnceItsWireIsIdle() {
        WirePacer p = new WirePacer(10_000); // 1 ms per byte
        long ms = 1_000_000;
        p.wroteSet(19, 100, 0); // arrives at 19, answered by 119
        // Long after: this SET arrives at 1019, and its answers leave 1019..1119 (not after the old 119's).
        p.wroteSet(19, 100, 1000 * ms);
        p.wroteSet(19, 100, 1019 * ms); // arrives 1038, answered after the previous one's: 1119..1219
        // A fourth, written at 1038, would arrive at 1057: 1219 - 1057 - 100 = 62 ms of answers more than one SET's.
        assertThat(p.setDelayNanos(1038 * ms, 19, 100)).isEqualTo(62 * ms);
    }

    @Test
    void resetForgetsTheBoardsAnswersToo() {
        WirePacer p = new WirePacer(10_000);
        p.wroteSet(19, 1000, 0); // answers out only at 1019 ms
        assertThat(p.setDelayNanos(19_000_000, 19, 32)).isPositive();
        p.reset();
        assertThat(p.setDelayNanos(0, 19, 32)).isZero();
    }
}
