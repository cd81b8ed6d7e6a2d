package io.hilbridge.health;

import java.util.ArrayList;
import java.util.List;

/**
 * The last {@code capacity} samples of one board, oldest first, in parallel arrays of primitives so the ring's size
 * is fixed when it is made: {@link #BYTES_PER_SAMPLE} bytes a sample (one long and seven ints), nothing allocated per
 * sample.
 *
 * <p>Not thread-safe: its owner ({@link LinkHealthSampler}) locks around it.
 */
final class SampleRing {
    /** One long (the time) and seven ints per sample. */
    static final int BYTES_PER_SAMPLE = Long.BYTES + 7 * Integer.BYTES;

    private final long[] atMillis;
    private final int[] roundTrips;
    private final int[] p50;
    private final int[] p99;
    private final int[] retransmits;
    private final int[] timeouts;
    private final int[] noise;
    private final int[] bootText;
    private int next; // where the next sample goes
    private int size;

    SampleRing(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        atMillis = new long[capacity];
        roundTrips = new int[capacity];
        p50 = new int[capacity];
        p99 = new int[capacity];
        retransmits = new int[capacity];
        timeouts = new int[capacity];
        noise = new int[capacity];
        bootText = new int[capacity];
    }

    int capacity() {
        return atMillis.length;
    }

    int size() {
        return size;
    }

    void add(HealthSample s) {
        atMillis[next] = s.atMillis();
        roundTrips[next] = s.roundTrips();
        p50[next] = s.rttP50Micros();
        p99[next] = s.rttP99Micros();
        retransmits[next] = s.retransmits();
        timeouts[next] = s.timeouts();
        noise[next] = s.noiseErrors();
        bootText[next] = s.bootText();
        next = (next + 1) % capacity();
        if (size < capacity()) size++;
    }

    /** The samples that ended after {@code sinceMillis}, oldest first. */
    List<HealthSample> since(long sinceMillis) {
        List<HealthSample> out = new ArrayList<>();
        int first = (next - size + capacity()) % capacity();
        for (int k = 0; k < size; k++) {
            int i = (first + k) % capacity();
            if (atMillis[i] <= sinceMillis) continue;
            out.add(new HealthSample(
                    atMillis[i], roundTrips[i], p50[i], p99[i], retransmits[i], timeouts[i], noise[i], bootText[i]));
        }
        return out;
    }
}
