package io.hilbridge.bench;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The bridge's side of a push alone, for {@link ViewersBenchmark --bridge-writes}: JFR records every socket write of
 * this JVM (the bridge's), and each write is attributed to the last change made before it. For a change, the time
 * from the change to its LAST write handed to the kernel is when the bridge had done its part for every client;
 * what the clients measure beyond that is the kernel's delivery and their own reading. Writes of 2 bytes (the
 * keep-alive's empty pings) are left out. Recording every write costs the bridge some CPU, so it is an option. The
 * attribution assumes a change's writes end before the next change (one period, 500 ms): a bridge starved of CPU for
 * longer has its late writes counted, too early, for the next change, so the figures only mean something while the
 * "last" column stays well under the period.
 *
 * <p>Not thread-safe: one run at a time, from the benchmark's main thread.
 */
final class BridgeWrites {
    /** Largest write that is not a state message: an empty ping frame. */
    private static final long PING_BYTES = 2;

    private final Recording recording = new Recording();
    private final List<Instant> changes = new ArrayList<>();

    BridgeWrites() {
        recording.enable("jdk.SocketWrite").withThreshold(Duration.ZERO).withoutStackTrace();
    }

    void start() {
        recording.start();
    }

    /** Call just before a measured change is made. */
    void changeAt(Instant t) {
        changes.add(t);
    }

    /**
     * Stops recording. Returns, in ms after their change: the median over the changes of each one's FIRST write (the
     * board's frame and the link, before any fan-out), the p50 and p99 of every state write (comparable to the
     * clients' push times) and the latest write of any change (the bridge's whole fan-out).
     */
    double[] writeMillis() throws IOException {
        recording.stop();
        Path file = Files.createTempFile("bridge-writes", ".jfr");
        try {
            recording.dump(file);
            recording.close();
            List<Double> all = new ArrayList<>();
            double last = 0;
            double[] first = new double[changes.size()];
            Arrays.fill(first, Double.MAX_VALUE);
            for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
                if (e.getLong("bytesWritten") <= PING_BYTES) continue;
                Instant end = e.getEndTime();
                int k = changeBefore(end);
                if (k < 0) continue; // before the first measured change
                double ms = Duration.between(changes.get(k), end).toNanos() / 1e6;
                all.add(ms);
                last = Math.max(last, ms);
                first[k] = Math.min(first[k], ms);
            }
            if (all.isEmpty()) throw new IOException("JFR recorded no socket write of the bridge");
            double[] sorted =
                    all.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            Arrays.sort(first);
            return new double[] {
                first[first.length / 2],
                sorted[sorted.length / 2],
                sorted[(int) Math.min(sorted.length - 1, sorted.length * 0.99)],
                last
            };
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private int changeBefore(Instant t) {
        int k = -1;
        for (int i = 0; i < changes.size() && !changes.get(i).isAfter(t); i++) k = i;
        return k;
    }
}
