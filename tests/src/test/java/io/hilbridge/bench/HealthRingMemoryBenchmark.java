package io.hilbridge.bench;

import io.hilbridge.health.LinkHealth;
import io.hilbridge.health.LinkHealthSampler;
import io.hilbridge.link.LinkStats;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Heap of the link-health ring per board: many full samplers are made, the used heap is read after a GC before and
 * after, and the difference is divided by their number. The baseline, in the same process, is a sampler with a ring
 * of one sample (the sampler's fixed parts: its round-trip window, its lock, its baseline counters), so the
 * difference is the ring alone, compared with what the arrays should take (36 bytes a sample).
 *
 * <pre>./mvnw -q -B -DskipTests -Pbench -Dbench=HealthRingMemoryBenchmark -pl tests -am verify</pre>
 */
public final class HealthRingMemoryBenchmark {
    private static final int BOARDS = 2000;
    private static final int BYTES_PER_SAMPLE = Long.BYTES + 7 * Integer.BYTES;

    public static void main(String[] args) {
        LinkStats stats = new LinkStats(1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 100, 0);
        System.out.printf(
                Locale.ROOT,
                "HealthRingMemoryBenchmark: java %s, %d samplers per row, every ring full%n%n",
                System.getProperty("java.version"),
                BOARDS);
        measure(stats, 1); // warm-up: classes loaded, JIT, GC settled
        double base = measure(stats, 1);
        double full = measure(stats, LinkHealth.SAMPLES);
        System.out.printf(Locale.ROOT, "%-28s %14s%n", "sampler (ring capacity)", "bytes measured");
        System.out.printf(Locale.ROOT, "%-28s %14.0f%n", "1 sample (baseline)", base);
        System.out.printf(Locale.ROOT, "%-28s %14.0f%n", LinkHealth.SAMPLES + " samples (10 min at 1/s)", full);
        double ringMeasured = full - base + BYTES_PER_SAMPLE; // the baseline holds one sample too
        long ringComputed = (long) LinkHealth.SAMPLES * BYTES_PER_SAMPLE;
        System.out.printf(
                Locale.ROOT,
                "%nring per board: computed %d bytes (%d samples x %d), measured %.0f bytes, ratio %.3f%n",
                ringComputed,
                LinkHealth.SAMPLES,
                BYTES_PER_SAMPLE,
                ringMeasured,
                ringMeasured / ringComputed);
        System.out.printf(Locale.ROOT, "whole sampler per board, measured: %.0f bytes%n", full);
    }

    /** Average heap bytes of one sampler with a full ring of {@code capacity}. */
    private static double measure(LinkStats stats, int capacity) {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long before = usedAfterGc(mem);
        List<LinkHealthSampler> kept = new ArrayList<>(BOARDS);
        for (int b = 0; b < BOARDS; b++) {
            LinkHealthSampler s = new LinkHealthSampler(() -> stats, capacity);
            for (int i = 0; i < capacity; i++) {
                s.roundTrip(1_000_000L + i);
                s.sample(1_000L * (i + 1));
            }
            kept.add(s);
        }
        long after = usedAfterGc(mem);
        if (kept.size() != BOARDS) throw new AssertionError("samplers were not kept");
        // the list itself: a header and one reference each
        return (after - before - (16 + 4.0 * BOARDS)) / BOARDS;
    }

    private static long usedAfterGc(MemoryMXBean mem) {
        for (int i = 0; i < 4; i++) System.gc();
        return mem.getHeapMemoryUsage().getUsed();
    }
}
