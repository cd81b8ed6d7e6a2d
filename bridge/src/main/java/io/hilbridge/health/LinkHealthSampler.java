package io.hilbridge.health;

import io.hilbridge.link.LinkStats;

import java.util.List;
import java.util.function.Supplier;

/**
 * One board's link health over time. Round trips arrive one by one ({@link #roundTrip}); once per interval
 * {@link #sample} closes the interval: its p50/p99, and the growth of the link's counters since the previous sample
 * (retransmits, timeouts, decode errors split into line noise and boot text), go into a fixed {@link SampleRing}.
 * The caller says what time it is, so tests drive it with a clock of their own.
 *
 * <p>Thread-safety: every method may be called from any thread (round trips come from link tasks, samples from a
 * timer, reads from HTTP and WebSocket threads); they lock this object for a few microseconds.
 */
public final class LinkHealthSampler {
    private final Supplier<LinkStats> stats;
    private final RoundTripWindow window = new RoundTripWindow();
    private final SampleRing ring;
    private LinkStats previous;

    /**
     * {@code stats}: the link's counters since it started, read at every sample. The first sample counts from zero,
     * so it holds what happened since the link started, such as the boot text of a board that was just starting.
     */
    public LinkHealthSampler(Supplier<LinkStats> stats, int capacity) {
        this.stats = stats;
        this.ring = new SampleRing(capacity);
        this.previous = new LinkStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, 0);
    }

    /** A SET was acknowledged {@code nanos} after it was first sent. */
    public synchronized void roundTrip(long nanos) {
        window.add(nanos);
    }

    /** Ends the current interval at {@code nowMillis} and keeps its sample (the oldest goes when the ring is full). */
    public synchronized HealthSample sample(long nowMillis) {
        LinkStats now = stats.get();
        HealthSample s = new HealthSample(
                nowMillis,
                window.count(),
                window.quantile(0.50),
                window.quantile(0.99),
                delta(now.retransmits(), previous.retransmits()),
                delta(now.timeouts(), previous.timeouts()),
                delta(now.noiseErrors(), previous.noiseErrors()),
                delta(now.bootText(), previous.bootText()));
        window.clear();
        previous = now;
        ring.add(s);
        return s;
    }

    /** The kept samples that ended after {@code sinceMillis} (0: all), oldest first. */
    public synchronized List<HealthSample> samples(long sinceMillis) {
        return ring.since(sinceMillis);
    }

    public int capacity() {
        return ring.capacity();
    }

    /** The ring's fixed memory: its arrays' contents, without object headers. */
    public int ringBytes() {
        return ring.capacity() * SampleRing.BYTES_PER_SAMPLE;
    }

    /** Growth of a counter; a counter never shrinks, but a fresh link object would start again at 0. */
    private static int delta(long now, long before) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, now - before));
    }
}
