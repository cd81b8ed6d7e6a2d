package io.hilbridge.health;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The round trips of the current interval, for its p50 and p99. Holds at most {@link #CAPACITY} of them: past that
 * it keeps a uniform random sample (reservoir sampling), so a flood of SETs costs no memory and the percentiles stay
 * those of the whole interval, within sampling error. At 115200 baud a board acknowledges a few hundred SETs a
 * second, so in practice every round trip counts.
 *
 * <p>Not thread-safe: its owner ({@link LinkHealthSampler}) locks around it.
 */
final class RoundTripWindow {
    static final int CAPACITY = 1024;

    private final int[] micros = new int[CAPACITY];
    private final SplittableRandom random = new SplittableRandom(17);
    private int seen;

    void add(long nanos) {
        int us = (int) Math.min(Integer.MAX_VALUE, Math.max(0, nanos / 1000));
        if (seen < CAPACITY) {
            micros[seen] = us;
        } else {
            long slot = random.nextLong(seen + 1L);
            if (slot < CAPACITY) micros[(int) slot] = us;
        }
        seen++;
    }

    /** Round trips added since the last {@link #clear}. */
    int count() {
        return seen;
    }

    /**
     * The {@code q} quantile (0 < q <= 1) by nearest rank, -1 when empty. Sorts the kept values in place: call it
     * only when the interval is over, then {@link #clear}.
     */
    int quantile(double q) {
        int n = Math.min(seen, CAPACITY);
        if (n == 0) return -1;
        Arrays.sort(micros, 0, n);
        int rank = (int) Math.ceil(q * n);
        return micros[Math.max(0, rank - 1)];
    }

    void clear() {
        seen = 0;
    }
}
