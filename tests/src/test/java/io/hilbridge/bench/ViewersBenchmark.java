package io.hilbridge.bench;

import io.hilbridge.app.Bridge;
import io.hilbridge.app.BridgeConfig;
import io.hilbridge.sim.SimulatedBoard;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark program (not a test): many viewers of one bridge. For each client count (default 1,000, 5,000, 10,000,
 * in one run, the first the baseline of the ratios) a child JVM ({@link ViewerClients}) opens that many real
 * WebSocket clients against one bridge in this JVM (loopback board at 115200 baud); then the board itself toggles a
 * light twice a second (its button), and each client counts the {@code state} messages it receives: every client
 * must receive every change. Reported per row: received/expected, state push p50/p99/max (from just before the
 * board's change to a client's read of the message, so it includes the board's UART frame, about 1 ms), heap per
 * connected client (used heap after GC, with the clients connected for 11 s, minus before), the time to connect
 * them all (child JVM start to the bridge counting them) and for the bridge to see them all gone, and the bridge's CPU
 * time per wall time while the light changes (this JVM: the bridge, the simulated board and this driver, which only
 * writes one line per change).
 *
 * <p>Run: {@code ./mvnw -q -B -DskipTests -Pbench -Dbench=ViewersBenchmark -pl tests -am verify}. Options in
 * {@code -Dbench.args="..."}: --clients=1000,5000,10000 --changes=30 (per row, after --warmup=4 unmeasured ones)
 * --period=500 (ms between changes), --histo (what one connected client holds, by class). Needs about N + 300 file descriptors in each process: {@code ulimit -n}.
 */
public final class ViewersBenchmark {
    private static final Pattern RESULT = Pattern.compile(
            "RESULT received=(\\d+) expected=(\\d+) missing=(\\d+) extra=(\\d+) dropped=(\\d+) p50=(\\S+) p99=(\\S+)"
                    + " max=(\\S+)");

    private static int[] clients = {1000, 5000, 10_000};
    private static int changes = 30;
    private static int warmup = 4;
    private static long periodMillis = 500;
    /** Print, per row, what a connected client holds in the heap, by class (from two class histograms). */
    private static boolean histo;

    /** One row of the table. */
    record Row(
            int clients,
            long received,
            long expected,
            long extra,
            long dropped,
            double p50,
            double p99,
            double max,
            long heapPerClient,
            double cpuShare,
            double connectSeconds,
            double disconnectSeconds) {}

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        for (String a : String.join(" ", args).trim().split("\\s+")) {
            if (a.isBlank()) continue;
            String[] kv = a.replaceFirst("^--", "").split("=", 2);
            switch (kv[0]) {
                case "clients" -> {
                    String[] v = kv[1].split(",");
                    clients = new int[v.length];
                    for (int i = 0; i < v.length; i++) clients[i] = Integer.parseInt(v[i]);
                }
                case "changes" -> changes = Integer.parseInt(kv[1]);
                case "warmup" -> warmup = Integer.parseInt(kv[1]);
                case "period" -> periodMillis = Long.parseLong(kv[1]);
                case "histo" -> histo = true;
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        int most = 0;
        for (int n : clients) most = Math.max(most, n);
        System.out.printf(
                Locale.ROOT,
                "ViewersBenchmark: %d cores, java %s, max heap %d MiB, %d changes per row (+%d warm-up), one every %d ms,"
                        + " load average %s%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20,
                changes,
                warmup,
                periodMillis,
                WsBenchmark.loadAverage());
        List<Row> rows = new ArrayList<>();
        try (Bridge bridge = Bridge.start(BridgeConfig.loopback().withMaxClients(most), line -> {})) {
            SimulatedBoard board = bridge.simulatedBoard("board0").orElseThrow();
            for (int n : clients) {
                rows.add(run(bridge, board, n));
                System.out.printf(Locale.ROOT, "  %,d clients done, load average %s%n", n, WsBenchmark.loadAverage());
            }
        }
        print(rows);
    }

    private static Row run(Bridge bridge, SimulatedBoard board, int n) throws Exception {
        awaitClients(bridge, 0);
        long heapBefore = usedHeapAfterGc();
        HeapHistogram before = histo ? HeapHistogram.take() : null;
        int total = warmup + changes;
        long connectStart = System.nanoTime();
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(
                        java,
                        "-Xmx512m",
                        "-XX:+UseSerialGC",
                        "-cp",
                        System.getProperty("java.class.path"),
                        ViewerClients.class.getName(),
                        Integer.toString(bridge.httpPort()),
                        Integer.toString(n),
                        Integer.toString(total))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (BufferedReader out =
                        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII));
                PrintWriter toChild = new PrintWriter(child.getOutputStream(), true, StandardCharsets.US_ASCII)) {
            String ready = out.readLine();
            if (ready == null || !ready.startsWith("READY")) {
                throw new IOException("the clients did not connect (is ulimit -n too low?): " + ready);
            }
            awaitClients(bridge, n);
            double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
            // Undertow keeps each HTTP connection's parser state until its request-parse timer (the handshake
            // timeout, 10 s) has fired, also after the upgrade: measure what an idle client costs after that.
            TimeUnit.SECONDS.sleep(11);
            long heapPerClient = (usedHeapAfterGc() - heapBefore) / n;
            if (before != null) HeapHistogram.take().printGrowthPer(before, n, 30);

            long cpu0 = processCpuNanos();
            long wall0 = 0;
            long start = System.nanoTime();
            for (int k = 0; k < total; k++) {
                long due = start + TimeUnit.MILLISECONDS.toNanos(periodMillis * k);
                long wait = due - System.nanoTime();
                if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
                if (k == warmup) {
                    cpu0 = processCpuNanos();
                    wall0 = System.nanoTime();
                }
                toChild.println(k + " " + System.nanoTime());
                board.pressButton(0);
            }
            // The last period belongs to the measurement too: its change is still being delivered.
            TimeUnit.MILLISECONDS.sleep(periodMillis);
            double cpuShare = (double) (processCpuNanos() - cpu0) / (System.nanoTime() - wall0);
            toChild.println("END");
            String line = out.readLine();
            Matcher m = line == null ? null : RESULT.matcher(line);
            if (m == null || !m.matches()) {
                throw new IOException("the clients did not report: " + line);
            }
            long disconnectStart = System.nanoTime(); // the child closes its clients after its result
            if (!child.waitFor(60, TimeUnit.SECONDS)) child.destroyForcibly();
            awaitClients(bridge, 0);
            return new Row(
                    n,
                    Long.parseLong(m.group(1)),
                    Long.parseLong(m.group(2)),
                    Long.parseLong(m.group(4)),
                    Long.parseLong(m.group(5)),
                    Double.parseDouble(m.group(6)),
                    Double.parseDouble(m.group(7)),
                    Double.parseDouble(m.group(8)),
                    heapPerClient,
                    cpuShare,
                    connectSeconds,
                    (System.nanoTime() - disconnectStart) / 1e9);
        } finally {
            if (child.isAlive()) child.destroyForcibly();
        }
    }

    private static void print(List<Row> rows) {
        Row base = rows.get(0);
        StringBuilder sb = new StringBuilder("\n");
        sb.append("| clients | received / expected | push p50 / p99 / max ms | p99 ratio | heap per client B"
                + " | heap ratio | bridge CPU | CPU ratio | connect / disconnect s |\n");
        sb.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            sb.append(String.format(
                    Locale.ROOT,
                    "| %,d | %,d / %,d%s | %.1f / %.1f / %.1f | %.2fx | %,d | %.2fx | %.1f %% | %.2fx | %.1f / %.1f |%n",
                    r.clients(),
                    r.received(),
                    r.expected(),
                    (r.extra() > 0 ? " (+" + r.extra() + " extra)" : "")
                            + (r.dropped() > 0 ? " (" + r.dropped() + " dropped)" : ""),
                    r.p50() / 1000,
                    r.p99() / 1000,
                    r.max() / 1000,
                    r.p99() / base.p99(),
                    r.heapPerClient(),
                    (double) r.heapPerClient() / base.heapPerClient(),
                    100 * r.cpuShare(),
                    r.cpuShare() / base.cpuShare(),
                    r.connectSeconds(),
                    r.disconnectSeconds()));
        }
        sb.append(String.format(
                Locale.ROOT,
                "ratios against the %,d-client row of this run; received counts the measured and warm-up changes;"
                        + " CPU = process CPU time / wall time while the light changed; load average now %s%n",
                base.clients(),
                WsBenchmark.loadAverage()));
        System.out.print(sb);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(
                    used,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static void awaitClients(Bridge bridge, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (bridge.webSocketConnections() != expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        bridge.webSocketConnections() + " WebSocket clients open, expected " + expected);
            }
            Thread.sleep(5);
        }
    }
}
