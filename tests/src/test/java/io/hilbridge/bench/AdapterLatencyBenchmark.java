package io.hilbridge.bench;

import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.Rgb;
import io.hilbridge.link.Frame;
import io.hilbridge.link.FrameEncoder;
import io.hilbridge.link.LinkConfig;
import io.hilbridge.link.LinkSession;
import io.hilbridge.sim.Faults;
import io.hilbridge.sim.LoopbackTransport;
import io.hilbridge.sim.SimulatedBoard;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What an FTDI adapter's latency timer costs the link, on the simulated board at 115200 baud with the board's bytes
 * held like an FTDI chip does ({@code --sim-faults latency=Nms}: sent when 62 bytes wait or the timer runs out).
 * The chip's default (16 ms) against what the udev rule sets (1 ms), in the same process and run:
 * <ul>
 *   <li>set→ack, one command at a time ({@code LinkBenchmark --only=rtt}'s measurement), window 4 and window 1;</li>
 *   <li>the flood ({@code LinkBenchmark --only=flood}'s load: 50 clients × 60 updates/s on one light), window 4
 *       and window 1: acknowledged updates, SET frames on the wire, update → ack.</li>
 * </ul>
 * Run: {@code ./mvnw -q -B -DskipTests -Pbench -Dbench=AdapterLatencyBenchmark -pl tests -am verify}, options in
 * {@code -Dbench.args="--sets=300 --flood-seconds=4"}. Prints tables and the 16 ms / 1 ms ratios; asserts nothing.
 */
public final class AdapterLatencyBenchmark {
    private static final int BAUD = 115200;
    private static int sets = 300;
    private static double floodSeconds = 4;
    private static final int CLIENTS = 50;
    private static final int RATE = 60;

    public static void main(String[] args) throws Exception {
        BenchArgs.quietLogs();
        BenchArgs.parse(args, (name, value) -> {
            switch (name) {
                case "sets" -> sets = Integer.parseInt(value);
                case "flood-seconds" -> floodSeconds = Double.parseDouble(value);
                default -> throw BenchArgs.unknown(name);
            }
        });
        System.out.printf(
                Locale.ROOT,
                "AdapterLatencyBenchmark: %d cores, java %s, %d baud, load %s%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                BAUD,
                LinkBenchmark.loadAverage());
        roundTrip(1, 4, sets / 3, false); // warm-up of the whole path, not reported

        System.out.println();
        System.out.printf(Locale.ROOT, "set -> ack at BoardLink.set(), one command at a time, %d sets per row%n", sets);
        System.out.println("| latency timer | window | p50 | p99 | max |");
        System.out.println("|---:|---:|---:|---:|---:|");
        double[][] rtt = new double[2][];
        int row = 0;
        for (int latency : new int[] {1, 16}) {
            for (int window : new int[] {4, 1}) {
                double[] r = roundTrip(latency, window, sets, true);
                if (window == 4) rtt[row++] = r;
            }
        }
        System.out.printf(
                Locale.ROOT,
                "- ratio 16 ms / 1 ms (window 4): p50 %.1fx, p99 %.1fx%n",
                rtt[1][0] / rtt[0][0],
                rtt[1][1] / rtt[0][1]);

        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "flood: %d clients x %d updates/s on light 2 for %.1f s; update -> ack = from an"
                        + " update to the ack of a SET carrying it or a later value%n",
                CLIENTS,
                RATE,
                floodSeconds);
        System.out.println(
                "| latency timer | window | updates | acked | errors | SET frames | SETs/s | update->ack p50 | update->ack p99 | retransmits | final value on board |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        flood(1, 4, false); // warm-up
        double[][] f = new double[4][];
        int i = 0;
        for (int latency : new int[] {1, 16}) {
            for (int window : new int[] {4, 1}) f[i++] = flood(latency, window, true);
        }
        System.out.printf(
                Locale.ROOT,
                "- ratio 16 ms / 1 ms, window 4: SETs/s %.2fx, update->ack p50 %.1fx, p99 %.1fx%n",
                f[2][0] / f[0][0],
                f[2][1] / f[0][1],
                f[2][2] / f[0][2]);
        System.out.printf(
                Locale.ROOT,
                "- ratio 16 ms / 1 ms, window 1: SETs/s %.2fx, update->ack p50 %.1fx, p99 %.1fx%n",
                f[3][0] / f[1][0],
                f[3][1] / f[1][1],
                f[3][2] / f[1][2]);
        System.out.printf(
                Locale.ROOT,
                "- at 16 ms, window 4 / window 1: SETs/s %.2fx, update->ack p99 %.2fx%n",
                f[2][0] / f[3][0],
                f[2][2] / f[3][2]);
        System.out.printf(
                Locale.ROOT,
                "- one SET frame on the wire: %.3f ms; load after: %s%n",
                FrameEncoder.encode(Frame.SET, 1, new byte[10]).length * 10.0 * 1e3 / BAUD,
                LinkBenchmark.loadAverage());
    }

    private static SimulatedBoard board(int latencyMs, long seed) {
        return SimulatedBoard.builder()
                .baud(BAUD)
                .seed(seed)
                .bootText(false)
                .faults(new Faults().adapterLatency(Duration.ofMillis(latencyMs)))
                .build();
    }

    /** One row; returns {p50 µs, p99 µs}. */
    private static double[] roundTrip(int latencyMs, int window, int n, boolean report) throws Exception {
        LinkConfig config = LinkConfig.defaults().toBuilder().window(window).build();
        try (SimulatedBoard board = board(latencyMs, 1);
                LinkSession link = LinkSession.start("bench", new LoopbackTransport(board), config)) {
            BenchWaits.awaitOnline(link, Duration.ofSeconds(10));
            long[] micros = new long[n];
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                link.set(2, new LightChange(null, null, LinkBenchmark.rgb(i + 1), null, null))
                        .get(5, TimeUnit.SECONDS);
                micros[i] = (System.nanoTime() - t0) / 1000;
            }
            Arrays.sort(micros);
            if (report) {
                System.out.printf(
                        Locale.ROOT,
                        "| %d ms | %d | %s | %s | %s |%n",
                        latencyMs,
                        window,
                        LinkBenchmark.ms(LinkBenchmark.pct(micros, 50)),
                        LinkBenchmark.ms(LinkBenchmark.pct(micros, 99)),
                        LinkBenchmark.ms(micros[n - 1]));
            }
            return new double[] {LinkBenchmark.pct(micros, 50), LinkBenchmark.pct(micros, 99)};
        }
    }

    /** One flood round; returns {SETs/s, update->ack p50 µs, p99 µs}. */
    private static double[] flood(int latencyMs, int window, boolean report) throws Exception {
        LinkConfig config = LinkConfig.defaults().toBuilder().window(window).build();
        try (SimulatedBoard board = board(latencyMs, 2);
                LinkSession link = LinkSession.start("flood", new LoopbackTransport(board), config)) {
            LinkBenchmark.SetStartProbe probe = new LinkBenchmark.SetStartProbe(board.byteNanos());
            board.tapWires(probe);
            BenchWaits.awaitOnline(link, Duration.ofSeconds(10));
            link.set(2, new LightChange(true, 255, Rgb.BLACK, null, null)).get(5, TimeUnit.SECONDS);
            probe.reset();
            long retransmitsBefore = link.stats().retransmits();
            int total = (int) (CLIENTS * RATE * floodSeconds);
            long[] submitted = new long[total + 1];
            long[] answered = new long[total + 1];
            Object order = new Object();
            AtomicLong next = new AtomicLong(1);
            AtomicLong acks = new AtomicLong();
            AtomicLong errors = new AtomicLong();
            ConcurrentLinkedQueue<CompletableFuture<Void>> futures = new ConcurrentLinkedQueue<>();
            ScheduledExecutorService pool = Executors.newScheduledThreadPool(4);
            long period = 1_000_000_000L / RATE;
            long start = System.nanoTime();
            for (int c = 0; c < CLIENTS; c++) {
                pool.scheduleAtFixedRate(
                        () -> {
                            synchronized (order) { // values in increasing order: "the final value" is well defined
                                long v = next.get();
                                if (v > total) return;
                                next.incrementAndGet();
                                submitted[(int) v] = System.nanoTime();
                                CompletableFuture<Void> fu =
                                        link.set(2, new LightChange(null, null, LinkBenchmark.rgb(v), null, null));
                                futures.add(fu);
                                fu.whenComplete((x, e) -> {
                                    answered[(int) v] = System.nanoTime();
                                    if (e == null) acks.incrementAndGet();
                                    else errors.incrementAndGet();
                                });
                            }
                        },
                        ThreadLocalRandom.current().nextLong(period),
                        period,
                        TimeUnit.NANOSECONDS);
            }
            while (next.get() <= total) {
                Thread.sleep(20); // a benchmark program, not a test: waiting for the wall clock is the point
            }
            pool.shutdownNow();
            pool.awaitTermination(5, TimeUnit.SECONDS);
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                    .handle((x, e) -> null)
                    .get(30, TimeUnit.SECONDS);
            // allOf can wake this thread before the last future's own whenComplete has counted it.
            long countDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (acks.get() + errors.get() < total && System.nanoTime() < countDeadline) Thread.onSpinWait();
            double seconds = (System.nanoTime() - start) / 1e9;
            int setFrames = probe.firstTransmissions().size();
            long[] toAck = new long[total];
            for (int v = 1; v <= total; v++) toAck[v - 1] = (answered[v] - submitted[v]) / 1000;
            Arrays.sort(toAck);
            Rgb last = LinkBenchmark.rgb(total);
            Rgb onBoard = board.lights().get(2).color();
            double perSecond = setFrames / seconds;
            if (report) {
                System.out.printf(
                        Locale.ROOT,
                        "| %d ms | %d | %d | %d | %d | %d | %.0f | %s | %s | %d | %s |%n",
                        latencyMs,
                        window,
                        total,
                        acks.get(),
                        errors.get(),
                        setFrames,
                        perSecond,
                        LinkBenchmark.ms(LinkBenchmark.pct(toAck, 50)),
                        LinkBenchmark.ms(LinkBenchmark.pct(toAck, 99)),
                        link.stats().retransmits() - retransmitsBefore,
                        onBoard.equals(last) ? "= last update" : "MISSING: " + onBoard.hex() + " != " + last.hex());
            }
            return new double[] {perSecond, LinkBenchmark.pct(toAck, 50), LinkBenchmark.pct(toAck, 99)};
        }
    }
}
