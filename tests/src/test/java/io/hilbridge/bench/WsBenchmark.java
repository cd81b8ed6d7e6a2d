package io.hilbridge.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark program (not a test): hilbridge's WebSocket layer against Undertow's built-in io.undertow.websockets,
 * both on Undertow 2 IO threads, in the same JVM, alternating run by run, over loopback.
 *
 * <ul>
 *   <li>echo: closed loop (each connection sends the next message when its echo arrives); messages/s and
 *       p50/p99 round trip, for 1, 16, 256 connections and 64 B, 16 KiB text;</li>
 *   <li>broadcast: one sender, 1,000 receivers, up to 16 broadcasts in flight (the broadcasts that became due
 *       during one batch of client events go out in one write, each timed from that write); messages delivered/s
 *       and p50/p99 delay from send to delivery;</li>
 *   <li>heap per idle connection with 5,000 open connections (clients in a child JVM, so they do not count;
 *       the child needs 5,000 file descriptors: check {@code ulimit -n}, raise it with {@code ulimit -n 20000}).</li>
 * </ul>
 *
 * Run: {@code ./mvnw -q -B -DskipTests -Pbench -Dbench=WsBenchmark -pl tests -am verify}; longer runs:
 * {@code -Dbench.args="--seconds=3 --rounds=6"}. Options: --seconds (per measured run, default 0.5),
 * --warmup (0.25), --rounds (6; alternating which server goes first, so load from other processes hits both alike),
 * --receivers (1000), --idle (5000), --only=echo|broadcast|heap, --quick (a smoke run: 1 round of 0.5 s, 100 idle),
 * --server=hilbridge|undertow (one side only, e.g. under a profiler; no ratio), --cpu (per broadcast run: CPU time
 * per delivered message of the server IO threads and of the client thread, which shared load distorts less than
 * rates).
 */
public final class WsBenchmark {
    private static double seconds = 0.5;
    private static double warmup = 0.25;
    private static int rounds = 6;
    private static int receivers = 1000;
    private static int idle = 5000;
    private static String only = "all";
    /** "both" (default), or only "hilbridge" / "undertow" (for profiling one side; no ratio then). */
    private static String serverOnly = "both";
    /** Print each run's CPU time per delivered message, split into server IO threads and the client thread. */
    private static boolean cpu;

    /** One measured run. */
    record Result(long messages, double seconds, WsLoadClient.Latencies latencies, double medianRate) {
        Result(long messages, double seconds, WsLoadClient.Latencies latencies) {
            this(messages, seconds, latencies, messages / seconds);
        }

        /** Median of the per-round rates: robust against a round in which other processes took the CPU. */
        double rate() {
            return medianRate;
        }
    }

    public static void main(String[] args) throws Exception {
        BenchArgs.quietLogs();
        BenchArgs.parse(args, (name, value) -> {
            switch (name) {
                case "seconds" -> seconds = Double.parseDouble(value);
                case "warmup" -> warmup = Double.parseDouble(value);
                case "rounds" -> rounds = Integer.parseInt(value);
                case "receivers" -> receivers = Integer.parseInt(value);
                case "idle" -> idle = Integer.parseInt(value);
                case "only" -> only = value;
                case "server" -> serverOnly = value;
                case "cpu" -> cpu = true;
                case "quick" -> {
                    seconds = 0.5;
                    warmup = 0.3;
                    rounds = 1;
                    idle = 100;
                }
                default -> throw BenchArgs.unknown(name);
            }
        });
        System.out.printf(
                Locale.ROOT,
                "WsBenchmark: %d cores, java %s, %s s/run, %d rounds, %d receivers, %d idle%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                seconds,
                rounds,
                receivers,
                idle);
        List<String[]> table = new ArrayList<>();
        try (WsServers.Server ours = WsServers.hilbridge();
                WsServers.Server theirs = WsServers.undertow()) {
            // JIT warm-up of both stacks before anything is measured.
            for (WsServers.Server s : List.of(ours, theirs, ours, theirs)) {
                echo(s, 16, 64, 0.5, 0.5);
                echo(s, 4, 16384, 0.5, 0.5);
            }
            for (int conns : only.matches("all|echo") ? new int[] {1, 16, 256} : new int[0]) {
                for (int size : new int[] {64, 16384}) {
                    Result[] r = alternate(ours, theirs, s -> echo(s, conns, size, warmup, seconds));
                    table.add(row(
                            String.format(Locale.ROOT, "echo %d conn, %s", conns, size == 64 ? "64 B" : "16 KiB"),
                            r[0],
                            r[1]));
                }
            }
            if (only.matches("all|broadcast")) {
                // Fewer, longer runs: 1,000 connections take a moment to set up and the pipeline to fill.
                Result[] b = alternate(
                        ours,
                        theirs,
                        s -> broadcast(s, receivers, Math.max(1, warmup), Math.max(2, seconds)),
                        Math.max(2, rounds / 2));
                table.add(row("broadcast 1 -> " + receivers + " (delivered/s, p50/p99 delay)", b[0], b[1]));
            }
            if (!only.matches("all|heap")) {
                print(table);
                return;
            }
            long hOurs = heapPerConnection(ours, idle);
            long hTheirs = heapPerConnection(theirs, idle);
            table.add(new String[] {
                "heap per idle connection (" + idle + " open), bytes",
                Long.toString(hOurs),
                Long.toString(hTheirs),
                String.format(Locale.ROOT, "%.2fx less", (double) hTheirs / hOurs),
                "",
                ""
            });
        }
        print(table);
    }

    @FunctionalInterface
    interface Run {
        Result run(WsServers.Server s) throws Exception;
    }

    /** Runs {@code rounds} times each, alternating which server goes first; sums messages and time. */
    private static Result[] alternate(WsServers.Server ours, WsServers.Server theirs, Run run) throws Exception {
        return alternate(ours, theirs, run, rounds);
    }

    private static Result[] alternate(WsServers.Server ours, WsServers.Server theirs, Run run, int rounds)
            throws Exception {
        long[] msgs = new long[2];
        double[] secs = new double[2];
        double[][] rates = new double[2][rounds];
        WsLoadClient.Latencies[] lat = {new WsLoadClient.Latencies(), new WsLoadClient.Latencies()};
        for (int i = 0; i < rounds; i++) {
            int[] order = i % 2 == 0 ? new int[] {0, 1} : new int[] {1, 0};
            for (int which : order) {
                if (!serverOnly.equals("both") && !serverOnly.equals(which == 0 ? "hilbridge" : "undertow")) {
                    continue;
                }
                Result r = run.run(which == 0 ? ours : theirs);
                msgs[which] += r.messages();
                secs[which] += r.seconds();
                rates[which][i] = r.rate();
                lat[which].addAll(r.latencies());
            }
        }
        return new Result[] {
            new Result(msgs[0], secs[0], lat[0], median(rates[0])),
            new Result(msgs[1], secs[1], lat[1], median(rates[1]))
        };
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String[] row(String name, Result ours, Result theirs) {
        return new String[] {
            name,
            String.format(Locale.ROOT, "%,.0f", ours.rate()),
            String.format(Locale.ROOT, "%,.0f", theirs.rate()),
            String.format(Locale.ROOT, "%.2fx", ours.rate() / theirs.rate()),
            String.format(
                    Locale.ROOT,
                    "%.0f / %.0f",
                    ours.latencies().percentileMicros(50),
                    ours.latencies().percentileMicros(99)),
            String.format(
                    Locale.ROOT,
                    "%.0f / %.0f",
                    theirs.latencies().percentileMicros(50),
                    theirs.latencies().percentileMicros(99))
        };
    }

    private static void print(List<String[]> table) {
        String[] head = {
            "scenario", "hilbridge msgs/s", "undertow msgs/s", "ratio", "hilbridge p50/p99 us", "undertow p50/p99 us"
        };
        int[] w = new int[head.length];
        List<String[]> all = new ArrayList<>();
        all.add(head);
        all.addAll(table);
        for (String[] r : all) {
            for (int i = 0; i < r.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder("\n");
        for (int j = 0; j < all.size(); j++) {
            String[] r = all.get(j);
            sb.append('|');
            for (int i = 0; i < r.length; i++) {
                sb.append(' ')
                        .append(i == 0 ? pad(r[i], w[i], true) : pad(r[i], w[i], false))
                        .append(" |");
            }
            sb.append('\n');
            if (j == 0) {
                sb.append('|');
                for (int x : w) {
                    sb.append("-".repeat(x + 2)).append('|');
                }
                sb.append('\n');
            }
        }
        sb.append(
                "msgs/s = median over the alternating rounds; ratio = hilbridge / undertow msgs/s (heap: undertow / hilbridge"
                        + " bytes); p50/p99 over all rounds; us = microseconds.\n");
        System.out.print(sb);
    }

    private static String pad(String s, int w, boolean left) {
        String p = " ".repeat(w - s.length());
        return left ? s + p : p + s;
    }

    // ---- scenarios ------------------------------------------------------------------------------------------

    private static Result echo(WsServers.Server server, int conns, int size, double warm, double secs)
            throws Exception {
        byte[] payload = new byte[size];
        Arrays.fill(payload, (byte) 'e');
        byte[] frame = WsLoadClient.textFrame(payload);
        WsLoadClient.Latencies lat = new WsLoadClient.Latencies();
        long[] count = new long[1];
        boolean[] measuring = new boolean[1];
        try (WsLoadClient client = new WsLoadClient()) {
            client.connect(server.port(), conns);
            long start = System.nanoTime();
            for (WsLoadClient.Conn c : client.conns) {
                c.sentAt = start;
                c.out = ByteBuffer.wrap(frame);
                client.write(c);
            }
            WsLoadClient.FrameHandler h = (c, now) -> {
                if (measuring[0]) {
                    lat.add(now - c.sentAt);
                    count[0]++;
                }
                c.sentAt = System.nanoTime();
                c.out = ByteBuffer.wrap(frame);
                client.write(c);
            };
            client.loop(start + (long) (warm * 1e9), h);
            measuring[0] = true;
            long t0 = System.nanoTime();
            client.loop(t0 + (long) (secs * 1e9), h);
            double elapsed = (System.nanoTime() - t0) / 1e9;
            return new Result(count[0], elapsed, lat);
        } finally {
            awaitConnections(server, 0);
        }
    }

    private static Result broadcast(WsServers.Server server, int n, double warm, double secs) throws Exception {
        final int window = 16;
        final int ring = 1024;
        long[] sentAt = new long[ring];
        int[] remaining = new int[ring];
        long[] seq = new long[1];
        int[] outstanding = new int[1];
        long[] delivered = new long[1];
        boolean[] measuring = new boolean[1];
        WsLoadClient.Latencies lat = new WsLoadClient.Latencies();
        try (WsLoadClient client = new WsLoadClient()) {
            client.connect(server.port(), n + 1);
            awaitConnections(server, n + 1);
            WsLoadClient.Conn sender = client.conns.get(0);
            // Broadcasts that may start (window) are sent after each batch of events, all in one write: the
            // client's cost per message stays small, and each message's delay is timed from that write.
            byte[][] frames = new byte[window][];
            WsLoadClient.IoAction sendDue = () -> {
                if (sender.out != null) {
                    return; // the previous write is still pending: send when the socket takes more
                }
                int due = window - outstanding[0];
                if (due == 0) {
                    return;
                }
                int bytes = 0;
                for (int i = 0; i < due; i++) {
                    long s = seq[0] + i;
                    String text = String.format(Locale.ROOT, "B%08d", s % 100_000_000)
                            + "{\"type\":\"state\",\"light\":3,\"on\":true}";
                    frames[i] = WsLoadClient.textFrame(text.getBytes(StandardCharsets.US_ASCII));
                    bytes += frames[i].length;
                }
                ByteBuffer out = ByteBuffer.allocate(bytes);
                long now = System.nanoTime();
                for (int i = 0; i < due; i++) {
                    int slot = (int) (seq[0]++ % ring);
                    sentAt[slot] = now;
                    remaining[slot] = n;
                    out.put(frames[i]);
                }
                outstanding[0] += due;
                sender.out = out.flip();
                client.write(sender);
            };
            WsLoadClient.FrameHandler h = (c, now) -> {
                long s = digits(c.head, 1, 8);
                int slot = (int) (s % ring);
                if (measuring[0]) {
                    lat.add(now - sentAt[slot]);
                    delivered[0]++;
                }
                if (--remaining[slot] == 0) {
                    outstanding[0]--;
                }
            };
            sendDue.run();
            client.loop(System.nanoTime() + (long) (warm * 1e9), h, sendDue);
            measuring[0] = true;
            long[] cpu0 = threadCpu();
            long t0 = System.nanoTime();
            client.loop(t0 + (long) (secs * 1e9), h, sendDue);
            double elapsed = (System.nanoTime() - t0) / 1e9;
            printCpu(server.name() + " broadcast", cpu0, threadCpu(), delivered[0], elapsed);
            return new Result(delivered[0], elapsed, lat);
        } finally {
            awaitConnections(server, 0);
        }
    }

    /** CPU nanoseconds so far of the server IO threads and of this (the client) thread. */
    private static long[] threadCpu() {
        if (!cpu) {
            return null;
        }
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long io = 0;
        for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t != null && t.getThreadName().contains("I/O")) {
                io += Math.max(0, mx.getThreadCpuTime(t.getThreadId()));
            }
        }
        return new long[] {io, mx.getCurrentThreadCpuTime()};
    }

    private static void printCpu(String what, long[] before, long[] after, long messages, double seconds) {
        if (before == null || messages == 0) {
            return;
        }
        System.out.printf(
                Locale.ROOT,
                "  %s: %,.0f msgs/s, CPU per message: server %.2f us, client %.2f us; load %s%n",
                what,
                messages / seconds,
                (after[0] - before[0]) / 1e3 / messages,
                (after[1] - before[1]) / 1e3 / messages,
                loadAverage());
    }

    static String loadAverage() {
        return String.format(
                Locale.ROOT,
                "%.2f",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** The decimal number in {@code b[from, from + n)} (the message id), without making a String. */
    private static long digits(byte[] b, int from, int n) {
        long v = 0;
        for (int i = from; i < from + n; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                throw new IllegalStateException("bad message id byte " + b[i]);
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static long heapPerConnection(WsServers.Server server, int n) throws Exception {
        long before = BenchWaits.usedHeapAfterGc();
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(
                        java,
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        WsIdleClients.class.getName(),
                        Integer.toString(server.port()),
                        Integer.toString(n))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null || !line.startsWith("READY")) {
                throw new IOException("idle clients failed (is ulimit -n too low?): " + line);
            }
            awaitConnections(server, n);
            long after = BenchWaits.usedHeapAfterGc();
            return (after - before) / n;
        } finally {
            child.getOutputStream().close();
            if (!child.waitFor(60, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
            awaitConnections(server, 0);
        }
    }

    private static void awaitConnections(WsServers.Server server, int expected) {
        BenchWaits.until(
                server.name() + ": " + expected + " connections open",
                Duration.ofSeconds(60),
                () -> server.openConnections() == expected,
                server::openConnections);
    }
}
