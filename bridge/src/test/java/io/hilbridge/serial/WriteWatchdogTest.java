package io.hilbridge.serial;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A write is stalled when it has been in progress for longer than the limit (JSerialCommTransport's watchdog). */
class WriteWatchdogTest {

    @Test
    void aWriteIsStalledOnlyPastTheLimit() {
        WriteWatchdog w = new WriteWatchdog(100);
        w.writeStarted(1_000);
        assertThat(w.stalled(1_000)).isFalse();
        assertThat(w.stalled(1_100)).as("at the limit").isFalse();
        assertThat(w.stalled(1_101)).as("past the limit").isTrue();
    }

    @Test
    void noWriteInProgressIsNeverStalledWhateverTheTime() {
        WriteWatchdog w = new WriteWatchdog(100);
        long[] anyTime = {Long.MIN_VALUE, -1, 0, 1_000, Long.MAX_VALUE}; // System.nanoTime() may be any value
        for (long now : anyTime)
            assertThat(w.stalled(now)).as("idle at %d", now).isFalse();
        w.writeStarted(0);
        assertThat(w.stalled(101)).isTrue();
        w.writeEnded();
        for (long now : anyTime)
            assertThat(w.stalled(now)).as("ended at %d", now).isFalse();
    }

    @Test
    void theLimitIsPositive() {
        assertThat(new WriteWatchdog(1).stallNanos()).isEqualTo(1);
        assertThatThrownBy(() -> new WriteWatchdog(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the stall limit must be > 0 ns: 0");
    }
}
