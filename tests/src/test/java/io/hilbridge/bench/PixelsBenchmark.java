package io.hilbridge.bench;

import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.Effect;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.Rgb;
import io.hilbridge.link.BoardLink;
import io.hilbridge.link.BoardListener;
import io.hilbridge.link.Frame;
import io.hilbridge.link.FrameEncoder;
import io.hilbridge.link.LinkConfig;
import io.hilbridge.link.LinkSession;
import io.hilbridge.link.Messages;
import io.hilbridge.sim.LoopbackTransport;
import io.hilbridge.sim.SimulatedBoard;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Benchmark program (not a test): what the live view costs a command. set→ack round trip at {@code BoardLink.set()}
 * against the simulated board at 115200 baud (its wires throttled to 10 bit times per byte), with nobody watching
 * the pixels and with a viewer subscribed ({@code watchPixels(true)}: every light streamed at 10 frames a second, the
 * strip running rainbow), in alternating rounds in one process so that drift of the machine hits both alike. Prints
 * p50/p90/p99/max per mode, the p99 difference, and one SET frame's time on the wire for comparison (the goal: the
 * live view costs a SET at most one SET frame time at p99).
 *
 * <p>Run: {@code ./mvnw -q -B -DskipTests -Pbench -Dbench=PixelsBenchmark -pl tests -am verify}; options via
 * {@code -Dbench.args="--sets=1000 --rounds=3 --gap-ms=10"}.
 */
public final class PixelsBenchmark {
    private static int sets = 600;
    private static int rounds = 3;
    private static int gapMs = 10;
    private static final int BAUD = 115200;

    public static void main(String[] args) throws Exception {
        BenchArgs.quietLogs();
        BenchArgs.parse(args, (name, value) -> {
            switch (name) {
                case "sets" -> sets = Integer.parseInt(value);
                case "rounds" -> rounds = Integer.parseInt(value);
                case "gap-ms" -> gapMs = Integer.parseInt(value);
                default -> throw BenchArgs.unknown(name);
            }
        });
        int setFrameBytes = FrameEncoder.encode(
                        Frame.SET, 0x1234, new Messages.SetCommand(2, Messages.F_COLOR, 0, 0, 1, 2, 3, 0, 0).encode())
                .length;
        double setFrameMs = setFrameBytes * 10_000.0 / BAUD;
        System.out.printf(
                Locale.ROOT,
                "PixelsBenchmark: %d cores, java %s; %d sets per round x %d rounds per mode at %d baud, a random"
                        + " 0..%d ms pause between sets (one at a time, light 2 RGB, colour changes)%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                sets,
                rounds,
                BAUD,
                gapMs);
        run(false, sets / 2); // JIT warm-up of both paths, not reported
        run(true, sets / 2);
        long[][] samples = new long[2][];
        long[] chunks = new long[2];
        double[] seconds = new double[2];
        for (int r = 0; r < rounds; r++) {
            for (int mode = 0; mode < 2; mode++) {
                Result res = run(mode == 1, sets);
                samples[mode] = concat(samples[mode], res.rtts);
                chunks[mode] += res.chunks;
                seconds[mode] += res.seconds;
            }
        }
        System.out.println();
        System.out.printf(
                Locale.ROOT, "%-28s %7s %9s %9s %9s %9s %12s%n", "mode", "n", "p50", "p90", "p99", "max", "PIXELS/s");
        String[] names = {"no viewer", "viewer subscribed (10 fps)"};
        double[] p99 = new double[2];
        for (int mode = 0; mode < 2; mode++) {
            long[] s = samples[mode].clone();
            Arrays.sort(s);
            p99[mode] = pct(s, 0.99);
            System.out.printf(
                    Locale.ROOT,
                    "%-28s %7d %9s %9s %9s %9s %12.1f%n",
                    names[mode],
                    s.length,
                    ms(pct(s, 0.50)),
                    ms(pct(s, 0.90)),
                    ms(p99[mode]),
                    ms(s[s.length - 1] / 1e6),
                    chunks[mode] / seconds[mode]);
        }
        double diff = p99[1] - p99[0];
        System.out.printf(
                Locale.ROOT,
                "%np99 difference (viewer - none): %s = %.2f SET frame times; one SET frame = %d bytes on the wire"
                        + " = %s at %d baud (goal: at most one)%n",
                ms(diff),
                diff / setFrameMs,
                setFrameBytes,
                ms(setFrameMs),
                BAUD);
    }

    private record Result(long[] rtts, long chunks, double seconds) {}

    private static Result run(boolean viewer, int n) throws Exception {
        Random random = new Random(7);
        try (SimulatedBoard board = SimulatedBoard.builder()
                        .baud(BAUD)
                        .seed(1)
                        .bootText(false)
                        .build();
                LinkSession link = LinkSession.start("bench", new LoopbackTransport(board), LinkConfig.defaults())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (link.status() != DeviceStatus.ONLINE) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("the board did not come online");
                LockSupport.parkNanos(1_000_000);
            }
            link.set(3, new LightChange(true, 255, new Rgb(255, 0, 0), null, Effect.RAINBOW))
                    .get(5, TimeUnit.SECONDS);
            AtomicLong chunks = new AtomicLong();
            link.addListener(new BoardListener() {
                @Override
                public void onPixels(BoardLink b, Messages.Pixels p) {
                    chunks.incrementAndGet();
                }
            });
            if (viewer) {
                link.watchPixels(true);
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (chunks.get() < 8) { // streaming before the first measured SET
                    if (System.nanoTime() > until) throw new IllegalStateException("no PIXELS arrived");
                    LockSupport.parkNanos(1_000_000);
                }
            }
            long[] rtts = new long[n];
            long c0 = chunks.get();
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                LockSupport.parkNanos(random.nextInt(gapMs * 1000 + 1) * 1000L);
                long t0 = System.nanoTime();
                link.set(2, new LightChange(null, null, new Rgb(i & 0xFF, (i >> 8) & 0xFF, 7), null, null))
                        .get(5, TimeUnit.SECONDS);
                rtts[i] = System.nanoTime() - t0;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (link.stats().retransmits() > 0) {
                System.out.println("note: " + link.stats().retransmits() + " retransmits in a "
                        + (viewer ? "viewer" : "no-viewer") + " round");
            }
            return new Result(rtts, chunks.get() - c0, seconds);
        }
    }

    private static long[] concat(long[] a, long[] b) {
        if (a == null) return b;
        long[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The q quantile in ms (nearest rank). */
    private static double pct(long[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, "%.3f ms", v);
    }
}
