package io.hilbridge.health;

import io.hilbridge.link.LinkStats;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sampler driven by a clock of the test's own: every sample is taken at a time the test says, so nothing here
 * sleeps or depends on the machine's speed.
 */
class LinkHealthSamplerTest {
    private static final long T0 = 1_733_520_000_000L;
    private static final long MS = 1_000_000L; // nanoseconds

    /** The link's counters, as the test sets them. */
    private final AtomicReference<LinkStats> stats = new AtomicReference<>(counters(0, 0, 0, 0, 0));

    /** A link's stats with these totals; {@code decode} includes {@code bootText}, as the link counts them. */
    private static LinkStats counters(long retransmits, long timeouts, long crc, long oversize, long bootText) {
        return new LinkStats(0, 0, 0, 0, 0, 0, crc, 0, oversize, retransmits, timeouts, 0, 0, 0, -1, bootText);
    }

    @Test
    void aSampleHoldsTheIntervalsMedianAndP99RoundTrip() {
        LinkHealthSampler s = new LinkHealthSampler(stats::get, 10);
        for (int ms = 100; ms >= 1; ms--) s.roundTrip(ms * MS); // 1..100 ms, in any order
        HealthSample sample = s.sample(T0 + 1000);
        assertThat(sample.atMillis()).isEqualTo(T0 + 1000);
        assertThat(sample.roundTrips()).isEqualTo(100);
        assertThat(sample.rttP50Micros()).isEqualTo(50_000);
        assertThat(sample.rttP99Micros()).isEqualTo(99_000);
    }

    @Test
    void eachIntervalCountsOnlyItsOwnRoundTrips() {
        LinkHealthSampler s = new LinkHealthSampler(stats::get, 10);
        s.roundTrip(40 * MS);
        s.sample(T0 + 1000);
        s.roundTrip(2 * MS);
        s.roundTrip(3 * MS);
        HealthSample second = s.sample(T0 + 2000);
        assertThat(second.roundTrips()).isEqualTo(2);
        assertThat(second.rttP50Micros()).isEqualTo(2000);
        assertThat(second.rttP99Micros()).isEqualTo(3000);
    }

    @Test
    void anIntervalWithoutRoundTripsHasNoPercentile() {
        LinkHealthSampler s = new LinkHealthSampler(stats::get, 10);
        HealthSample quiet = s.sample(T0 + 1000);
        assertThat(quiet.roundTrips()).isZero();
        assertThat(quiet.rttP50Micros()).isEqualTo(-1);
        assertThat(quiet.rttP99Micros()).isEqualTo(-1);
    }

    @Test
    void countersBecomeWhatHappenedInTheIntervalWithBootTextApartFromNoise() {
        // Counted before the first sample (the link started first): the first sample has it all.
        stats.set(counters(5, 1, 2, 1, 1));
        LinkHealthSampler s = new LinkHealthSampler(stats::get, 10);
        HealthSample first = s.sample(T0 + 1000);
        assertThat(first)
                .extracting(
                        HealthSample::retransmits,
                        HealthSample::timeouts,
                        HealthSample::noiseErrors,
                        HealthSample::bootText)
                .containsExactly(5, 1, 2, 1);
        stats.set(counters(8, 1, 4, 2, 2)); // +3 retransmits, +2 crc, +1 oversize that was boot text
        HealthSample second = s.sample(T0 + 2000);
        assertThat(second.retransmits()).isEqualTo(3);
        assertThat(second.timeouts()).isZero();
        assertThat(second.noiseErrors()).isEqualTo(2);
        assertThat(second.bootText()).isEqualTo(1);
        HealthSample third = s.sample(T0 + 3000); // nothing new
        assertThat(third)
                .extracting(
                        HealthSample::retransmits,
                        HealthSample::timeouts,
                        HealthSample::noiseErrors,
                        HealthSample::bootText)
                .containsExactly(0, 0, 0, 0);
    }

    @Test
    void theRingKeepsTheNewestSamplesOldestFirst() {
        LinkHealthSampler s = new LinkHealthSampler(stats::get, 3);
        for (int i = 1; i <= 5; i++) s.sample(T0 + i * 1000L);
        assertThat(s.samples(0)).extracting(HealthSample::atMillis).containsExactly(T0 + 3000, T0 + 4000, T0 + 5000);
        assertThat(s.capacity()).isEqualTo(3);
    }

    @Test
    void sinceGivesOnlyTheSamplesThatEndedAfterIt() {
        LinkHealthSampler s = new LinkHealthSampler(stats::get, 10);
        for (int i = 1; i <= 4; i++) s.sample(T0 + i * 1000L);
        assertThat(s.samples(T0 + 2000)).extracting(HealthSample::atMillis).containsExactly(T0 + 3000, T0 + 4000);
        assertThat(s.samples(T0 + 4000)).isEmpty();
    }

    @Test
    void aFloodOfRoundTripsIsCountedInFullButKeptInBoundedMemory() {
        LinkHealthSampler s = new LinkHealthSampler(stats::get, 10);
        int n = RoundTripWindow.CAPACITY * 20;
        for (int i = 0; i < n; i++) s.roundTrip((i % 2 == 0 ? 1 : 9) * MS); // half 1 ms, half 9 ms
        HealthSample sample = s.sample(T0 + 1000);
        assertThat(sample.roundTrips()).isEqualTo(n);
        // A uniform sample of a 50/50 mix: its 99th percentile is the slow half, its median one of the two values.
        assertThat(sample.rttP99Micros()).isEqualTo(9000);
        assertThat(sample.rttP50Micros()).isIn(1000, 9000);
    }

    @Test
    void theRingsMemoryIsFixedAtThirtySixBytesASample() {
        LinkHealthSampler s = new LinkHealthSampler(stats::get, LinkHealth.SAMPLES);
        assertThat(s.ringBytes()).isEqualTo(600 * 36);
    }
}
