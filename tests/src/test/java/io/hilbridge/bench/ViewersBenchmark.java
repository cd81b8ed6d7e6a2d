package io.hilbridge.bench;

import io.hilbridge.app.Bridge;
import io.hilbridge.app.BridgeConfig;
import io.hilbridge.sim.SimulatedBoard;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
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
 * them all (child JVM start to the bridge counting them) and for the bridge to see them all gone, the bridge's CPU
 * time per wall time while the light changes (this JVM: the bridge, the simulated board and this driver, which only
 * writes one line per change), the clients' JVM's (so a push time can be told apart from clients starved of CPU), and
 * the bridge's side alone: its IO threads' CPU per delivered message and, optionally, when its last write of a change
 * reached the kernel ({@link BridgeWrites}).
 *
 * <p>Run: {@code ./mvnw -q -B -DskipTests -Pbench -Dbench=ViewersBenchmark -pl tests -am verify}. Options in
 * {@code -Dbench.args="..."}: --clients=1000,5000,10000 --changes=30 (per row, after --warmup=4 unmeasured ones)
 * --period=500 (ms between changes), --histo (what one connected client holds, by class), --readers=R (the clients'
 * reader threads, default one per core), --bridge-writes (also time the bridge's own socket writes, see
 * {@link BridgeWrites}; costs the bridge some CPU, so its push times are not comparable with a run without it),
 * --no-warmup-row (skip the unreported first row, below).
 *
 * <p>Before the rows, one unreported row with the first row's client count warms the JIT up: the bridge's push path
 * is compiled only after some thousand deliveries, so without it the first row measured the interpreter (its p99
 * was 45 to 120 ms at 1,000 clients where the same row run again gave 19 to 33 ms). Its p99 is printed on one line. The system property {@code bench.childJvmArgs} adds JVM options
 * to the clients' JVM (e.g. a JFR recording). Needs about N + 300 file descriptors in each process: {@code ulimit -n}.
 */
public final class ViewersBenchmark {
    private static final Pattern RESULT = Pattern.compile(
            "RESULT received=(\\d+) expected=(\\d+) missing=(\\d+) extra=(\\d+) dropped=(\\d+) p50=(\\S+) p99=(\\S+)"
                    + " max=(\\S+) cpu=(\\S+) readerCpu=(\\S+)");

    private static int[] clients = {1000, 5000, 10_000};
    private static int changes = 30;
    private static int warmup = 4;
    private static long periodMillis = 500;
    /** Print, per row, what a connected client holds in the heap, by class (from two class histograms). */
    private static boolean histo;
    /** Reader threads of the clients' JVM; 0: one per core (its default). */
    private static int readers;
    /** Also time the bridge's own socket writes (JFR; see {@link BridgeWrites}). */
    private static boolean bridgeWrites;
    /** Run the first row's client count once, unreported, before the rows (JIT warm-up). */
    private static boolean warmupRow = true;

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
            double disconnectSeconds,
            double clientsCpuShare,
            double busiestReaderShare,
            double[] bridgeWriteMillis,
            double ioThreadMicrosPerDelivery) {}

    public static void main(String[] args) throws Exception {
        BenchArgs.quietLogs();
        BenchArgs.parse(args, (name, value) -> {
            switch (name) {
                case "clients" -> clients = BenchArgs.ints(value);
                case "changes" -> changes = Integer.parseInt(value);
                case "warmup" -> warmup = Integer.parseInt(value);
                case "period" -> periodMillis = Long.parseLong(value);
                case "histo" -> histo = true;
                case "readers" -> readers = Integer.parseInt(value);
                case "bridge-writes" -> bridgeWrites = true;
                case "no-warmup-row" -> warmupRow = false;
                default -> throw BenchArgs.unknown(name);
            }
        });
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
            if (warmupRow) {
                Row cold = run(bridge, board, clients[0]);
                System.out.printf(
                        Locale.ROOT,
                        "  warm-up row, not reported: %,d clients, %,d / %,d received, push p99 %.1f ms, load average %s%n",
                        cold.clients(),
                        cold.received(),
                        cold.expected(),
                        cold.p99() / 1000,
                        WsBenchmark.loadAverage());
            }
            for (int n : clients) {
                rows.add(run(bridge, board, n));
                System.out.printf(Locale.ROOT, "  %,d clients done, load average %s%n", n, WsBenchmark.loadAverage());
            }
        }
        print(rows);
    }

    private static Row run(Bridge bridge, SimulatedBoard board, int n) throws Exception {
        awaitClients(bridge, 0);
        long heapBefore = BenchWaits.usedHeapAfterGc();
        HeapHistogram before = histo ? HeapHistogram.take() : null;
        int total = warmup + changes;
        long connectStart = System.nanoTime();
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:+UseSerialGC"));
        // e.g. -Dbench.childJvmArgs="-XX:StartFlightRecording=filename=clients.jfr" to profile the clients' JVM
        String childJvmArgs = System.getProperty("bench.childJvmArgs", "").trim();
        if (!childJvmArgs.isEmpty()) command.addAll(List.of(childJvmArgs.split("\\s+")));
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                ViewerClients.class.getName(),
                Integer.toString(bridge.httpPort()),
                Integer.toString(n),
                Integer.toString(total)));
        if (readers > 0) command.add(Integer.toString(readers));
        Process child = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (BufferedReader out =
                        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII));
                PrintWriter toChild = new PrintWriter(child.getOutputStream(), true, StandardCharsets.US_ASCII)) {
            String ready = protocolLine(out, "READY");
            if (ready == null || !ready.startsWith("READY")) {
                throw new IOException("the clients did not connect (is ulimit -n too low?): " + ready);
            }
            awaitClients(bridge, n);
            double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
            // Undertow keeps each HTTP connection's parser state until its request-parse timer (the handshake
            // timeout, 10 s) has fired, also after the upgrade: measure what an idle client costs after that.
            TimeUnit.SECONDS.sleep(11);
            long heapPerClient = (BenchWaits.usedHeapAfterGc() - heapBefore) / n;
            if (before != null) HeapHistogram.take().printGrowthPer(before, n, 30);

            long cpu0 = processCpuNanos();
            long ioCpu0 = 0;
            long wall0 = 0;
            BridgeWrites writes = bridgeWrites ? new BridgeWrites() : null;
            long start = System.nanoTime();
            for (int k = 0; k < total; k++) {
                long due = start + TimeUnit.MILLISECONDS.toNanos(periodMillis * k);
                long wait = due - System.nanoTime();
                if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
                if (k == warmup) {
                    ioCpu0 = ioThreadsCpuNanos();
                    cpu0 = processCpuNanos();
                    wall0 = System.nanoTime();
                    if (writes != null) writes.start();
                }
                if (writes != null && k >= warmup) writes.changeAt(Instant.now());
                toChild.println(k + " " + System.nanoTime());
                board.pressButton(0);
            }
            // The last period belongs to the measurement too: its change is still being delivered.
            TimeUnit.MILLISECONDS.sleep(periodMillis);
            double cpuShare = (double) (processCpuNanos() - cpu0) / (System.nanoTime() - wall0);
            double ioMicros = (ioThreadsCpuNanos() - ioCpu0) / 1e3 / ((double) n * changes);
            double[] writeMillis = writes == null ? null : writes.writeMillis();
            toChild.println("END");
            String line = protocolLine(out, "RESULT");
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
                    (System.nanoTime() - disconnectStart) / 1e9,
                    Double.parseDouble(m.group(9)),
                    Double.parseDouble(m.group(10)),
                    writeMillis,
                    ioMicros);
        } finally {
            if (child.isAlive()) child.destroyForcibly();
        }
    }

    private static void print(List<Row> rows) {
        Row base = rows.get(0);
        StringBuilder sb = new StringBuilder("\n");
        sb.append(
                "| clients | received / expected | push p50 / p99 / max ms | p99 ratio | heap per client B"
                        + " | heap ratio | bridge CPU | CPU ratio | clients' CPU (busiest reader) | connect / disconnect s |\n");
        sb.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            sb.append(String.format(
                    Locale.ROOT,
                    "| %,d | %,d / %,d%s | %.1f / %.1f / %.1f | %.2fx | %,d | %.2fx | %.1f %% | %.2fx | %.1f %% (%.1f %%)"
                            + " | %.1f / %.1f |%n",
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
                    100 * r.clientsCpuShare(),
                    100 * r.busiestReaderShare(),
                    r.connectSeconds(),
                    r.disconnectSeconds()));
        }
        sb.append(
                "\nThe bridge's side alone: its IO threads' CPU time per delivered message, and (with --bridge-writes)"
                        + " the time from the change to the kernel taking the bytes (JFR socket writes):\n\n");
        sb.append(
                "| clients | IO threads' CPU per delivery µs | bridge writes first / p50 / p99 / last ms |\n|---:|---:|---:|\n");
        for (Row r : rows) {
            double[] w = r.bridgeWriteMillis();
            sb.append(String.format(
                    Locale.ROOT,
                    "| %,d | %.1f | %s |%n",
                    r.clients(),
                    r.ioThreadMicrosPerDelivery(),
                    w == null ? "-" : String.format(Locale.ROOT, "%.1f / %.1f / %.1f / %.1f", w[0], w[1], w[2], w[3])));
        }
        sb.append(String.format(
                Locale.ROOT,
                "ratios against the %,d-client row of this run; received counts the measured and warm-up changes;"
                        + " CPU = process CPU time / wall time while the light changed (clients' JVM: from the first"
                        + " change to the last client's last; the busiest reader thread alone in brackets); load"
                        + " average now %s%n",
                base.clients(),
                WsBenchmark.loadAverage()));
        System.out.print(sb);
    }

    /**
     * The child's next line starting with {@code prefix}, or null at its end. Lines before it are the child JVM's own
     * (e.g. a JFR start message when {@code bench.childJvmArgs} records one): shown, not parsed.
     */
    private static String protocolLine(BufferedReader out, String prefix) throws IOException {
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith(prefix)) return line;
            System.out.println("  clients' JVM: " + line);
        }
        return null;
    }

    /** CPU time of the bridge's IO threads (Undertow's XNIO workers), which write every client's messages. */
    private static long ioThreadsCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && t.getThreadName().matches("XNIO-\\d+ I/O-\\d+")) {
                sum += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
            }
        }
        return sum;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void awaitClients(Bridge bridge, int expected) {
        BenchWaits.until(
                expected + " WebSocket clients open",
                Duration.ofSeconds(60),
                () -> bridge.webSocketConnections() == expected,
                bridge::webSocketConnections);
    }
}
