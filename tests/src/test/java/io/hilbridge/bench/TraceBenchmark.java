package io.hilbridge.bench;

import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.Rgb;
import io.hilbridge.link.LinkConfig;
import io.hilbridge.link.LinkSession;
import io.hilbridge.serial.SerialTransport;
import io.hilbridge.sim.LoopbackTransport;
import io.hilbridge.sim.SimulatedBoard;
import io.hilbridge.trace.LinkTrace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark program (not a test): what {@code --trace} costs the link. Set→ack round trips against the in-process
 * simulated board, unthrottled (so the link's own time dominates, the worst case for a tap), one command at a time,
 * in alternating rounds without a trace (the baseline) and with one, in the same process. Prints p50/p99 and
 * throughput per round and the traced/untraced ratios, plus the trace's size and dropped records. Run: {@code ./mvnw -q -B -DskipTests -Pbench -Dbench=TraceBenchmark -pl tests -am verify};
 * {@code -Dbench.args="--sets=5000 --rounds=3"}.
 */
public final class TraceBenchmark {
    private static int sets = 2000;
    private static int rounds = 3;

    public static void main(String[] args) throws Exception {
        BenchArgs.quietLogs();
        BenchArgs.parse(args, (name, value) -> {
            switch (name) {
                case "sets" -> sets = Integer.parseInt(value);
                case "rounds" -> rounds = Integer.parseInt(value);
                default -> throw BenchArgs.unknown(name);
            }
        });
        System.out.printf(
                Locale.ROOT,
                "TraceBenchmark: %d cores, java %s, %d sets per round, unthrottled simulated board%n%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                sets);
        System.out.printf(
                Locale.ROOT,
                "%-6s %-9s %10s %10s %10s %10s %8s%n",
                "round",
                "trace",
                "p50 µs",
                "p99 µs",
                "sets/s",
                "file KiB",
                "dropped");
        double[] base = new double[3];
        double[] traced = new double[3];
        Path dir = Files.createTempDirectory("trace-bench");
        run("warm", false, dir);
        for (int r = 1; r <= rounds; r++) {
            add(base, run(Integer.toString(r), false, dir));
            add(traced, run(Integer.toString(r), true, dir));
        }
        System.out.printf(
                Locale.ROOT,
                "%nratio traced/untraced (mean of rounds): p50 %.2f, p99 %.2f, throughput %.2f%n",
                traced[0] / base[0],
                traced[1] / base[1],
                traced[2] / base[2]);
    }

    private static void add(double[] sum, double[] v) {
        for (int i = 0; i < sum.length; i++) sum[i] += v[i];
    }

    /** One round: {@code sets} round trips, one at a time; returns p50 and p99 in µs, and sets per second. */
    private static double[] run(String name, boolean trace, Path dir) throws Exception {
        Path file = dir.resolve("round-" + name + ".pcapng");
        LinkTrace t = trace ? LinkTrace.start(file) : null;
        try (SimulatedBoard board = SimulatedBoard.builder().baud(0).seed(1).build()) {
            SerialTransport transport = new LoopbackTransport(board);
            if (t != null) transport = t.tap("board0", transport);
            try (LinkSession link = LinkSession.start("board0", transport, LinkConfig.defaults())) {
                if (t != null) t.watch(link);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (link.status() != DeviceStatus.ONLINE) {
                    if (System.nanoTime() > deadline)
                        throw new IllegalStateException("the link did not come online in 20 s");
                    Thread.onSpinWait();
                }
                long[] rtt = new long[sets];
                long start = System.nanoTime();
                for (int i = 0; i < sets; i++) {
                    long t0 = System.nanoTime();
                    link.set(2, new LightChange(true, i & 0xFF, new Rgb(i & 0xFF, 0, 0), null, null))
                            .get(10, TimeUnit.SECONDS);
                    rtt[i] = System.nanoTime() - t0;
                }
                double perSecond = sets / ((System.nanoTime() - start) / 1e9);
                Arrays.sort(rtt);
                double p50 = rtt[sets / 2] / 1e3;
                double p99 = rtt[sets * 99 / 100] / 1e3;
                if (t != null) t.close();
                String size = t != null ? String.format(Locale.ROOT, "%.0f", Files.size(file) / 1024.0) : "-";
                String dropped = t != null ? Long.toString(t.droppedRecords()) : "-";
                System.out.printf(
                        Locale.ROOT,
                        "%-6s %-9s %10.0f %10.0f %10.0f %10s %8s%n",
                        name,
                        trace ? "traced" : "none",
                        p50,
                        p99,
                        perSecond,
                        size,
                        dropped);
                return new double[] {p50, p99, perSecond};
            }
        } finally {
            if (t != null) t.close();
            Files.deleteIfExists(file);
        }
    }
}
