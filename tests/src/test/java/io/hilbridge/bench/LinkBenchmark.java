package io.hilbridge.bench;

import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.Rgb;
import io.hilbridge.link.DecodeError;
import io.hilbridge.link.Frame;
import io.hilbridge.link.FrameDecoder;
import io.hilbridge.link.FrameEncoder;
import io.hilbridge.link.LinkConfig;
import io.hilbridge.link.LinkSession;
import io.hilbridge.link.Messages;
import io.hilbridge.sim.LoopbackTransport;
import io.hilbridge.sim.SimulatedBoard;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark program (not a test) of the serial link against the in-process simulated board:
 * <ul>
 *   <li>set→ack round trip at 115200 and 921600 simulated baud and unthrottled ({@code --only=rtt} at
 *       {@code BoardLink.set()}, {@code --only=wsrtt} through the whole bridge with a {@code java.net.http} WebSocket
 *       client and with a minimal blocking one): p50, p99, max, beside the wire time of the two frames involved
 *       (SET out, ACK_STATE back: the physical floor), split by a tap on the simulated wires into what the simulated
 *       wire and board took and the bridge's own time; the machine's thread hand-off latency as a baseline;</li>
 *   <li>flood: 50 clients × 60 updates/s on one light at 115200: how long an update waits before a SET carrying it
 *       starts on the wire (queue delay), SET frames sent versus updates, and proof that the final value arrived;
 *       alternating rounds of the link's window (4) and of stop-and-wait (window 1) as the baseline;</li>
 * </ul>
 * Run: {@code ./mvnw -q -B -DskipTests -Pbench -Dbench=LinkBenchmark -pl tests -am verify}; options via
 * {@code -Dbench.args="--sets=2000 --flood-seconds=10"}.
 */
public final class LinkBenchmark {
    private static int sets = 1000;
    private static int warmup = 300;
    private static double floodSeconds = 5;
    private static int clients = 50;
    private static int rate = 60;
    private static int floodRounds = 2;
    private static String only = "all";

    public static void main(String[] args) throws Exception {
        BenchArgs.quietLogs();
        BenchArgs.parse(args, (name, value) -> {
            switch (name) {
                case "sets" -> sets = Integer.parseInt(value);
                case "warmup" -> warmup = Integer.parseInt(value);
                case "flood-seconds" -> floodSeconds = Double.parseDouble(value);
                case "clients" -> clients = Integer.parseInt(value);
                case "rate" -> rate = Integer.parseInt(value);
                case "flood-rounds" -> floodRounds = Integer.parseInt(value);
                case "only" -> only = value;
                default -> throw BenchArgs.unknown(name);
            }
        });
        System.out.printf(
                Locale.ROOT,
                "LinkBenchmark: %d cores, java %s, %d sets per baud after %d warm-up%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                sets,
                warmup);

        if (only.equals("all") || only.equals("rtt")) {
            System.out.println();
            System.out.println(
                    "set -> ack round trip at BoardLink.set() (one command at a time, light 2 RGB, colour changes)");
            printRoundTripHeader();
            roundTrip(0); // JIT warm-up of the whole path, not reported
            NOTES.clear();
            for (int baud : new int[] {115200, 921600, 0}) {
                roundTrip(baud);
            }
            printSplits();
            NOTES.forEach(n -> System.out.println("- " + n));
            System.out.println("- baseline, this machine: " + handOffBaseline(floorMicros(115200))
                    + " (the link's own time crosses one such hand-off when the link is idle: the"
                    + " thread that read the answer wakes the caller)");
        }
        if (only.equals("all") || only.equals("flood")) {
            System.out.println();
            flood(115200);
        }
        if (only.equals("all") || only.equals("wsrtt")) {
            System.out.println();
            System.out.println(
                    "set -> ack round trip as a WebSocket client sees it (java.net.http client, bridge in-process, simulated board)");
            printRoundTripHeader();
            wsRoundTrip(0, false); // warm-up, not reported
            for (int baud : new int[] {115200, 921600, 0}) {
                wsRoundTrip(baud, true);
            }
            printSplits();
            System.out.println();
            System.out.println(
                    "the same through a minimal blocking client (one socket, TCP_NODELAY, the caller's thread reads the answer)");
            printRoundTripHeader();
            rawWsRoundTrip(0, false, false);
            for (int baud : new int[] {115200, 921600, 0}) {
                rawWsRoundTrip(baud, true, false);
            }
            printSplits();
            System.out.println();
            System.out.println(
                    "the same through the minimal client spinning until the answer is readable (no wake-up of a parked"
                            + " client thread: what is left is the bridge's, and the simulated board's)");
            printRoundTripHeader();
            for (int baud : new int[] {115200, 921600, 0}) {
                rawWsRoundTrip(baud, true, true);
            }
            printSplits();
            System.out.println("- baseline, this machine: " + handOffBaseline(floorMicros(115200))
                    + " (with a few clients a WebSocket round trip wakes two idle threads besides the simulator's: the"
                    + " bridge's IO thread for the command, and the client for the answer, which the thread that read the"
                    + " board's answer writes directly)");
            printWakeUpFloor();
        }
        if (only.equals("all") || only.equals("wsflood")) {
            System.out.println();
            wsFlood(115200);
        }
    }

    private static io.hilbridge.app.Bridge startBridge(int baud) throws InterruptedException {
        io.hilbridge.app.Bridge bridge = io.hilbridge.app.Bridge.start(
                io.hilbridge.app.BridgeConfig.loopback().withSimBaud(baud), line -> {});
        BenchWaits.until(
                "the simulated board online",
                Duration.ofSeconds(10),
                () -> bridge.boards().get(0).status() == DeviceStatus.ONLINE,
                () -> bridge.boards().get(0).status());
        return bridge;
    }

    private static java.net.URI wsUri(io.hilbridge.app.Bridge bridge) {
        return java.net.URI.create("ws://127.0.0.1:" + bridge.httpPort() + "/ws");
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode setMessage(long v) {
        com.fasterxml.jackson.databind.node.ObjectNode m =
                new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        m.put("type", "set");
        m.put("device", "board0");
        m.put("light", 2);
        m.put("color", rgb(v).hex());
        return m;
    }

    private static void wsRoundTrip(int baud, boolean report) throws Exception {
        try (io.hilbridge.app.Bridge bridge = startBridge(baud);
                io.hilbridge.api.WsClient client = io.hilbridge.api.WsClient.connect("bench", wsUri(bridge))) {
            client.hello.get(10, TimeUnit.SECONDS);
            SimulatedBoard sim = bridge.simulatedBoard("board0").orElseThrow();
            WireProbe probe = new WireProbe(sim.byteNanos());
            sim.tapWires(probe);
            int n = report ? sets : warmup;
            for (int i = 0; i < warmup / 4; i++) {
                expectAck(client.request(setMessage(i)).get(5, TimeUnit.SECONDS));
            }
            Samples samples = new Samples(n);
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                expectAck(client.request(setMessage(i + 1_000)).get(5, TimeUnit.SECONDS));
                samples.add(i, t0, System.nanoTime(), probe);
            }
            if (!report) return;
            printRoundTripRow(baud, samples);
        }
    }

    /**
     * The WebSocket round trip with a client that adds as little as possible: socket I/O on this thread, blocking, or
     * with {@code spin} busy-waiting for the answer so that no parked thread has to wake up on the client's side.
     */
    private static void rawWsRoundTrip(int baud, boolean report, boolean spin) throws Exception {
        try (io.hilbridge.app.Bridge bridge = startBridge(baud);
                io.hilbridge.ws.WireClient client = io.hilbridge.ws.WireClient.open(bridge.httpPort())) {
            SimulatedBoard sim = bridge.simulatedBoard("board0").orElseThrow();
            WireProbe probe = new WireProbe(sim.byteNanos());
            sim.tapWires(probe);
            int n = report ? sets : warmup;
            Samples samples = new Samples(n);
            for (int i = -warmup / 4; i < n; i++) {
                String id = "r" + (i + warmup);
                com.fasterxml.jackson.databind.node.ObjectNode m = setMessage(i + 5_000);
                m.put("id", id);
                byte[] frame = io.hilbridge.ws.WireClient.text(m.toString());
                long t0 = System.nanoTime();
                client.send(frame);
                String needle = "\"id\":\"" + id + "\"";
                while (true) {
                    if (spin) client.spinUntilReadable();
                    io.hilbridge.ws.WireClient.Frame f = client.read();
                    if (f.opcode() != io.hilbridge.ws.WireClient.TEXT) continue;
                    String text = new String(f.payload(), java.nio.charset.StandardCharsets.UTF_8);
                    if (text.contains(needle)) {
                        if (!text.contains("\"type\":\"ack\"")) throw new IllegalStateException("not an ack: " + text);
                        break;
                    }
                }
                if (i >= 0) {
                    samples.add(i, t0, System.nanoTime(), probe);
                }
            }
            if (!report) return;
            OWN_P99.put((spin ? "spin " : "block ") + baud, printRoundTripRow(baud, samples));
        }
    }

    /** CPU time of this whole process (bridge, simulated board and clients), in nanoseconds. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void expectAck(com.fasterxml.jackson.databind.JsonNode reply) {
        if (!"ack".equals(reply.path("type").asText())) throw new IllegalStateException("not an ack: " + reply);
    }

    /** The flood through the whole bridge: 50 WebSocket clients, each sending 60 set/s for one light. */
    private static void wsFlood(int baud) throws Exception {
        try (io.hilbridge.app.Bridge bridge = startBridge(baud)) {
            List<io.hilbridge.api.WsClient> ws = new ArrayList<>();
            try {
                for (int c = 0; c < clients; c++) {
                    io.hilbridge.api.WsClient client = io.hilbridge.api.WsClient.connect("c" + c, wsUri(bridge));
                    client.hello.get(10, TimeUnit.SECONDS);
                    ws.add(client);
                }
                io.hilbridge.link.BoardLink link = bridge.boards().get(0);
                long framesBefore = link.stats().framesSent();
                ConcurrentLinkedQueue<Long> rtts = new ConcurrentLinkedQueue<>();
                link.addListener(new io.hilbridge.link.BoardListener() {
                    @Override
                    public void onRoundTrip(io.hilbridge.link.BoardLink b, long nanos) {
                        rtts.add(nanos / 1000);
                    }
                });
                long cpu0 = processCpuNanos();
                int total = (int) (clients * rate * floodSeconds);
                AtomicLong next = new AtomicLong(1);
                AtomicLong acks = new AtomicLong();
                AtomicLong errors = new AtomicLong();
                java.util.Map<String, Long> errorCodes = new java.util.concurrent.ConcurrentHashMap<>();
                long[] latency = new long[total + 1];
                ConcurrentLinkedQueue<CompletableFuture<?>> futures = new ConcurrentLinkedQueue<>();
                ScheduledExecutorService pool = Executors.newScheduledThreadPool(4);
                long periodNanos = 1_000_000_000L / rate;
                long start = System.nanoTime();
                for (io.hilbridge.api.WsClient client : ws) {
                    long phase = ThreadLocalRandom.current().nextLong(periodNanos);
                    pool.scheduleAtFixedRate(
                            () -> {
                                long v = next.getAndIncrement();
                                if (v > total) return;
                                long t0 = System.nanoTime();
                                futures.add(client.request(setMessage(v)).whenComplete((reply, e) -> {
                                    latency[(int) v] = (System.nanoTime() - t0) / 1000;
                                    if (e == null
                                            && "ack".equals(reply.path("type").asText())) {
                                        acks.incrementAndGet();
                                    } else {
                                        errors.incrementAndGet();
                                        errorCodes.merge(
                                                e != null
                                                        ? e.toString()
                                                        : reply.path("code").asText(),
                                                1L,
                                                Long::sum);
                                    }
                                }));
                            },
                            phase,
                            periodNanos,
                            TimeUnit.NANOSECONDS);
                }
                BenchWaits.until(
                        "all " + total + " timed SETs sent",
                        Duration.ofMinutes(10),
                        () -> next.get() > total,
                        () -> (next.get() - 1) + " sent");
                double elapsed = (System.nanoTime() - start) / 1e9;
                pool.shutdownNow();
                pool.awaitTermination(5, TimeUnit.SECONDS);
                CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                        .handle((x, e) -> null)
                        .get(30, TimeUnit.SECONDS);
                long frames = link.stats().framesSent() - framesBefore;
                long[] sorted = Arrays.copyOfRange(latency, 1, total + 1);
                Arrays.sort(sorted);
                // Convergence: the board, the link's desired state and every client's view agree at the end.
                SimulatedBoard board = bridge.simulatedBoard("board0").orElseThrow();
                boolean converged = BenchWaits.holdsWithin(Duration.ofSeconds(10), () -> {
                    Rgb d = link.desiredStates().get(2).color();
                    return board.lights().get(2).color().equals(d)
                            && ws.stream()
                                    .allMatch(cl -> d.hex()
                                            .equals(cl.view()
                                                    .get("board0:2")
                                                    .path("color")
                                                    .asText()));
                });
                Rgb desired = link.desiredStates().get(2).color();
                System.out.printf(
                        Locale.ROOT,
                        "flood through WebSocket: %d clients x %d set/s on light 2 at %d baud, %.1f s%n",
                        clients,
                        rate,
                        baud,
                        elapsed);
                System.out.println(
                        "| updates sent | acked | errors | frames sent (SET+other) | updates per frame | ack latency p50 | p99 | max | board = desired = every client's view |");
                System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---|");
                System.out.printf(
                        Locale.ROOT,
                        "| %d | %d | %d | %d | %.1f | %s | %s | %s | %s |%n",
                        total,
                        acks.get(),
                        errors.get(),
                        frames,
                        (double) total / Math.max(1, frames),
                        ms(pct(sorted, 50)),
                        ms(pct(sorted, 99)),
                        ms(sorted[total - 1]),
                        converged ? "yes, " + desired.hex() : "NO");
                if (!errorCodes.isEmpty()) System.out.println("- errors by code: " + errorCodes);
                long[] r = rtts.stream().mapToLong(Long::longValue).sorted().toArray();
                if (r.length > 0) {
                    System.out.printf(
                            Locale.ROOT,
                            "- inside the bridge: SET round trips at the link p50 %s, p99 %s; CPU of the whole process"
                                    + " (bridge, simulated board, 50 clients) %.0f%% of one core%n",
                            ms(pct(r, 50)),
                            ms(pct(r, 99)),
                            100.0 * (processCpuNanos() - cpu0) / (elapsed * 1e9));
                }
            } finally {
                ws.forEach(io.hilbridge.api.WsClient::close);
                for (io.hilbridge.api.WsClient c : ws) {
                    try {
                        c.closed.get(2, TimeUnit.SECONDS); // let the close handshakes finish before the server stops
                    } catch (Exception e) {
                        c.abort();
                    }
                }
            }
        }
    }

    /**
     * Bytes on the wire for one set→ack of a SET that changes its light: SET to the board, then one ACK_STATE back
     * (its STATE and ACK in one frame, uart-link.md section 3).
     */
    static int wireBytes() {
        int set = FrameEncoder.encode(Frame.SET, 1, new byte[10]).length;
        int ackState = FrameEncoder.encode(Frame.ACK_STATE, 1, new byte[11]).length;
        return set + ackState;
    }

    private static void printRoundTripHeader() {
        System.out.println(
                "| baud | wire floor | p50 | p99 | max | above floor p50 | above floor p99 | simulated wire + board p50 | p99 | bridge's own time p50 | p99 | max |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    }

    /**
     * One row of a round-trip table: percentiles of {@code micros} beside the wire floor at {@code baud}, split into
     * what the simulated board and its wires took ({@code wire}: from the SET's first byte written to the ACK's
     * arrival, which includes the simulator's own timer lateness on this machine) and what is left: the bridge's own
     * time (the caller's side of the link, and for the WebSocket rows the API, the WebSocket layer and the client).
     */
    /** Prints the row; returns the bridge's own time's p99 in microseconds. */
    private static long printRoundTripRow(int baud, Samples samples) {
        long[] micros = samples.micros, wire = samples.wire;
        long[] own = new long[micros.length];
        for (int i = 0; i < micros.length; i++) own[i] = micros[i] - wire[i];
        Arrays.sort(micros);
        Arrays.sort(wire);
        Arrays.sort(own);
        double floor = floorMicros(baud);
        long p50 = pct(micros, 50), p99 = pct(micros, 99), max = micros[micros.length - 1];
        System.out.printf(
                Locale.ROOT,
                "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                baud == 0 ? "unthrottled" : Integer.toString(baud),
                ms(floor),
                ms(p50),
                ms(p99),
                ms(max),
                ms(p50 - floor),
                ms(p99 - floor),
                ms(pct(wire, 50)),
                ms(pct(wire, 99)),
                ms(pct(own, 50)),
                ms(pct(own, 99)),
                ms(own[own.length - 1]));
        long[] late = samples.late.clone(), board = samples.board.clone();
        long[] out = samples.out.clone(), back = samples.back.clone();
        Arrays.sort(late);
        Arrays.sort(board);
        Arrays.sort(out);
        Arrays.sort(back);
        SPLITS.add(String.format(
                Locale.ROOT,
                "%s: the bridge's own time, split: from the command sent to its SET"
                        + " written to the wire p50 %s, p99 %s; from the answer's arrival to the caller having it p50 %s, p99 %s",
                baud == 0 ? "unthrottled" : baud + " baud",
                ms(pct(out, 50)),
                ms(pct(out, 99)),
                ms(pct(back, 50)),
                ms(pct(back, 99))));
        SPLITS.add(String.format(
                Locale.ROOT,
                "%s: of the simulated wire + board time, the simulator's lateness (both"
                        + " frames' delivery after their last byte was due) p50 %s, p99 %s; the board's processing (the SET's arrival"
                        + " to its answer written) p50 %s, p99 %s",
                baud == 0 ? "unthrottled" : baud + " baud",
                ms(pct(late, 50)),
                ms(pct(late, 99)),
                ms(pct(board, 50)),
                ms(pct(board, 99))));
        return pct(own, 99);
    }

    /** Per command: the round trip, and the probe's view of the same command, in microseconds. */
    static final class Samples {
        final long[] micros, wire, late, board, out, back;

        Samples(int n) {
            micros = new long[n];
            wire = new long[n];
            late = new long[n];
            board = new long[n];
            out = new long[n];
            back = new long[n];
        }

        /** Command {@code i}, sent at {@code t0} and answered at {@code t1} (nanoTime). */
        void add(int i, long t0, long t1, WireProbe probe) {
            micros[i] = (t1 - t0) / 1000;
            wire[i] = probe.spanMicros();
            out[i] = (probe.setSent - t0) / 1000;
            back[i] = (t1 - probe.ackArrived) / 1000;
            long[] sim = probe.simulatorMicros();
            late[i] = sim[0];
            board[i] = sim[1];
        }
    }

    /** The bridge's own time's p99 per minimal-client row ("block 115200", "spin 0", ...), for the floor's ratio. */
    private static final java.util.Map<String, Long> OWN_P99 = new java.util.HashMap<>();

    /** Lines printed under the current round-trip table. */
    private static final List<String> SPLITS = new ArrayList<>();

    private static void printSplits() {
        SPLITS.forEach(n -> System.out.println("- " + n));
        SPLITS.clear();
    }

    /**
     * Taps the simulated board's wires: when the current SET's first transmission was written to the wire, and when
     * its ACK arrived back at the host. One command at a time, so "the last SET" is the current one.
     */
    static final class WireProbe implements SimulatedBoard.WireTap {
        private final long byteNanos;
        private volatile long setSent;
        private volatile long ackArrived;
        /** How late the current SET reached the board after its last byte was due, and the same for its ACK. */
        private volatile long setLate;

        private volatile long ackLate;
        /** From the SET's arrival at the board to the board's answer being written to its wire. */
        private volatile long boardNanos;

        private volatile long setArrived;
        private int lastSetSeq = -1;
        // One decoder per direction, each used only on that wire's thread.
        private final FrameDecoder toBoard = new FrameDecoder(listener(true));
        private final FrameDecoder toHost = new FrameDecoder(listener(false));
        private final long[][] times =
                new long[2][3]; // per direction: {sent, start, arrived} of the chunk being decoded
        private final int[] lengths = new int[2];

        WireProbe(long byteNanos) {
            this.byteNanos = byteNanos;
        }

        private FrameDecoder.Listener listener(boolean board) {
            return new FrameDecoder.Listener() {
                @Override
                public void onFrame(Frame f) {
                    int d = board ? 0 : 1;
                    long due = times[d][1] + lengths[d] * byteNanos;
                    if (board && f.type() == Frame.SET && f.seq() != lastSetSeq) {
                        lastSetSeq = f.seq(); // a retransmission keeps the first transmission's time
                        setSent = times[0][0];
                        setArrived = times[0][2];
                        setLate = times[0][2] - due;
                    } else if (!board && (f.type() == Frame.ACK || f.type() == Frame.ACK_STATE)) {
                        ackArrived = times[1][2];
                        ackLate = times[1][2] - due;
                        boardNanos = times[1][0] - setArrived;
                    }
                }

                @Override
                public void onError(DecodeError error) {}
            };
        }

        @Override
        public void onArrived(boolean board, byte[] bytes, long sentNanos, long startNanos, long arrivedNanos) {
            int d = board ? 0 : 1;
            times[d][0] = sentNanos;
            times[d][1] = startNanos;
            times[d][2] = arrivedNanos;
            lengths[d] = bytes.length;
            (board ? toBoard : toHost).feed(bytes);
        }

        /** From the current SET's first byte written to its ACK's arrival, in microseconds. */
        long spanMicros() {
            return (ackArrived - setSent) / 1000;
        }

        /** The simulator's share of the span: {wire lateness (both frames), board's processing}, in microseconds. */
        long[] simulatorMicros() {
            return new long[] {(setLate + ackLate) / 1000, boardNanos / 1000};
        }
    }

    private static double floorMicros(int baud) {
        return baud == 0 ? 0 : wireBytes() * 10.0 * 1e6 / baud;
    }

    private static boolean warmed;
    private static final List<String> NOTES = new ArrayList<>();

    private static void roundTrip(int baud) throws Exception {
        try (SimulatedBoard board = SimulatedBoard.builder()
                        .baud(baud)
                        .seed(1)
                        .bootText(false)
                        .build();
                LinkSession link = LinkSession.start("bench", new LoopbackTransport(board), LinkConfig.defaults())) {
            BenchWaits.awaitOnline(link, Duration.ofSeconds(10));
            WireProbe probe = new WireProbe(board.byteNanos());
            board.tapWires(probe);
            int n = warmed ? sets : warmup;
            Samples samples = new Samples(n);
            for (int i = 0; i < warmup / 4; i++) {
                link.set(2, color(i)).get(5, TimeUnit.SECONDS);
            }
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                link.set(2, color(i + 1_000)).get(5, TimeUnit.SECONDS);
                samples.add(i, t0, System.nanoTime(), probe);
            }
            if (!warmed) {
                warmed = true;
                return;
            }
            printRoundTripRow(baud, samples);
            long[] late = board.wireLatenessNanos();
            if (late[2] > 0) {
                NOTES.add(String.format(
                        Locale.ROOT,
                        "%d baud: the simulator's own timer lateness per frame: mean %s, max %s"
                                + " (a set->ack crosses 2 frames: SET, ACK_STATE)",
                        baud,
                        ms(late[0] / 1000.0),
                        ms(late[1] / 1000.0)));
            }
            if (link.stats().retransmits() > 0) {
                NOTES.add(baud + " baud: " + link.stats().retransmits() + " retransmits during this run");
            }
        }
    }

    /**
     * The flood in alternating rounds: the link as configured (window 4, paced) and, as the baseline in the same
     * process and under the same machine load, stop-and-wait (window 1). The machine is shared, so the median of the
     * rounds and the ratio to the baseline say more than one row.
     */
    private static void flood(int baud) throws Exception {
        System.out.printf(
                Locale.ROOT,
                "flood: %d clients x %d updates/s on one light (light 2) at %d baud, %.1f s per round,"
                        + " %d rounds per window alternating; queue delay = from an update to the first byte on the simulated wire"
                        + " of the first SET carrying it or a later value%n",
                clients,
                rate,
                baud,
                floodSeconds,
                floodRounds);
        System.out.println(
                "| window | updates sent | acked | errors | SET frames sent | updates per SET | queue delay p50 | queue delay p99 | queue delay max | one SET frame time | p99 / frame time | final value on board | GC in round | load average |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|");
        floodRound(baud, 4, false); // JIT warm-up of the whole path, not reported
        floodRound(baud, 1, false);
        List<double[]> windowed = new ArrayList<>();
        List<double[]> stopAndWait = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (int r = 0; r < floodRounds; r++) {
            windowed.add(floodRound(baud, LinkConfig.defaults().window(), true, notes));
            stopAndWait.add(floodRound(baud, 1, true, notes));
        }
        double w = median(windowed), sw = median(stopAndWait);
        System.out.printf(
                Locale.ROOT,
                "- median queue delay p99: window %d %.2f frame times, stop-and-wait %.2f frame times;"
                        + " ratio %.2f%n",
                LinkConfig.defaults().window(),
                w,
                sw,
                w / sw);
        notes.forEach(n -> System.out.println("- " + n));
    }

    private static double median(List<double[]> rows) {
        double[] v = rows.stream().mapToDouble(r -> r[0]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static void floodRound(int baud, int window, boolean report) throws Exception {
        floodRound(baud, window, report, new ArrayList<>());
    }

    /** One round; prints its row when {@code report}; returns {p99 / frame time}. */
    private static double[] floodRound(int baud, int window, boolean report, List<String> notes) throws Exception {
        try (SimulatedBoard board =
                SimulatedBoard.builder().baud(baud).seed(2).bootText(false).build()) {
            SetStartProbe probe = new SetStartProbe(board.byteNanos());
            board.tapWires(probe);
            LinkConfig config = LinkConfig.defaults().toBuilder().window(window).build();
            try (LinkSession link = LinkSession.start("flood", new LoopbackTransport(board), config)) {
                BenchWaits.awaitOnline(link, Duration.ofSeconds(10));
                link.set(2, new LightChange(true, 255, Rgb.BLACK, null, null)).get(5, TimeUnit.SECONDS);
                // Every round starts from a collected heap, so rounds are alike; collections during the round are
                // reported beside it (a pause stops every thread and shows in the tail).
                System.gc();
                long[] gcBefore = gcCountAndMillis();
                probe.reset();
                long retransmitsBefore = link.stats().retransmits();

                int total = (int) (clients * rate * floodSeconds);
                long[] submitted = new long[total + 1];
                long[] answered = new long[total + 1];
                Object order = new Object();
                AtomicLong next = new AtomicLong(1);
                AtomicLong acks = new AtomicLong();
                AtomicLong errors = new AtomicLong();
                ConcurrentLinkedQueue<CompletableFuture<Void>> futures = new ConcurrentLinkedQueue<>();
                ScheduledExecutorService clientsPool = Executors.newScheduledThreadPool(4);
                long periodNanos = 1_000_000_000L / rate;
                for (int c = 0; c < clients; c++) {
                    long phase = ThreadLocalRandom.current().nextLong(periodNanos);
                    clientsPool.scheduleAtFixedRate(
                            () -> {
                                // value assignment and set() under one lock: the link accepts values in increasing
                                // order,
                                // so "the final value" is well defined.
                                synchronized (order) {
                                    long v = next.get();
                                    if (v > total) return;
                                    next.incrementAndGet();
                                    submitted[(int) v] = System.nanoTime();
                                    CompletableFuture<Void> f =
                                            link.set(2, new LightChange(null, null, rgb(v), null, null));
                                    futures.add(f);
                                    f.whenComplete((x, e) -> {
                                        answered[(int) v] = System.nanoTime();
                                        if (e == null) acks.incrementAndGet();
                                        else errors.incrementAndGet();
                                    });
                                }
                            },
                            phase,
                            periodNanos,
                            TimeUnit.NANOSECONDS);
                }
                while (next.get() <= total) {
                    Thread.sleep(20); // a benchmark program, not a test: waiting for the wall clock is the point
                }
                clientsPool.shutdownNow();
                clientsPool.awaitTermination(5, TimeUnit.SECONDS);
                CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                        .handle((x, e) -> null)
                        .get(30, TimeUnit.SECONDS);

                // Queue delay: from submitting value v to the moment the first SET carrying v or later starts on the
                // simulated wire (its first byte, as the wire schedules it: after everything written before it).
                List<long[]> sends = probe.firstTransmissions(); // {start on the wire, value, written}
                long[] delays = new long[total];
                int si = 0;
                for (int v = 1; v <= total; v++) {
                    while (si < sends.size() && sends.get(si)[1] < v) si++;
                    long sentAt = si < sends.size() ? sends.get(si)[0] : Long.MAX_VALUE;
                    delays[v - 1] = (sentAt - submitted[v]) / 1000;
                }
                Arrays.sort(delays);
                long[] gcAfter = gcCountAndMillis();
                String gc = (gcAfter[0] - gcBefore[0]) + " (" + (gcAfter[1] - gcBefore[1]) + " ms)";
                double frameMicros = FrameEncoder.encode(Frame.SET, 1, new byte[10]).length * 10.0 * 1e6 / baud;
                Rgb last = rgb(total);
                Rgb onBoard = board.lights().get(2).color();
                double ratio = pct(delays, 99) / frameMicros;
                if (!report) return new double[] {ratio};
                System.out.printf(
                        Locale.ROOT,
                        "| %d | %d | %d | %d | %d | %.1f | %s | %s | %s | %s | %.2f | %s (%s) | %s | %s |%n",
                        window,
                        total,
                        acks.get(),
                        errors.get(),
                        sends.size(),
                        (double) total / Math.max(1, sends.size()),
                        ms(pct(delays, 50)),
                        ms(pct(delays, 99)),
                        ms(delays[total - 1]),
                        ms(frameMicros),
                        ratio,
                        onBoard.hex(),
                        onBoard.equals(last) ? "= last update " + last.hex() : "MISSING: last update was " + last.hex(),
                        gc,
                        loadAverage());
                long[] gaps = new long[Math.max(1, sends.size() - 1)];
                for (int k = 1; k < sends.size(); k++) gaps[k - 1] = (sends.get(k)[0] - sends.get(k - 1)[0]) / 1000;
                Arrays.sort(gaps);
                long[] ackLate = probe.ackLatenessMicros();
                long[] ackLatency = new long[total];
                for (int v = 1; v <= total; v++) ackLatency[v - 1] = (answered[v] - submitted[v]) / 1000;
                Arrays.sort(ackLatency);
                notes.add(String.format(
                        Locale.ROOT,
                        "window %d: gap between consecutive SETs on the wire p50 %s, p99 %s,"
                                + " max %s; ACKs delivered after their simulated arrival by p99 %s (the simulator's own wire"
                                + " thread); update to its ack p50 %s, p99 %s; retransmits %d",
                        window,
                        ms(pct(gaps, 50)),
                        ms(pct(gaps, 99)),
                        ms(gaps[gaps.length - 1]),
                        ms(pct(ackLate, 99)),
                        ms(pct(ackLatency, 50)),
                        ms(pct(ackLatency, 99)),
                        link.stats().retransmits() - retransmitsBefore));
                return new double[] {ratio};
            }
        }
    }

    /**
     * The minimal client's rows beside the machine's floor for the same wake-ups with no bridge at all
     * ({@link WakeUpFloor}): what the bridge adds over what any server pays here.
     */
    private static void printWakeUpFloor() throws Exception {
        System.out.println();
        System.out.println(
                "the floor: the same pattern of wake-ups with no bridge (a loopback TCP server: one thread blocks in a read and"
                        + " hands the 8-byte command to a second that holds it for the wire floor and writes the answer), beside the"
                        + " minimal client's rows above: time outside the hold");
        System.out.println(
                "| client | baud | floor p50 | floor p99 | floor max | bridge's own time p99 | bridge p99 / floor p99 | bridge p99 - floor p99 |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        WakeUpFloor.ownTimes(0, false, warmup); // JIT warm-up
        for (boolean spin : new boolean[] {false, true}) {
            for (int baud : new int[] {115200, 921600, 0}) {
                long[] f = WakeUpFloor.ownTimes((long) (floorMicros(baud) * 1000), spin, sets);
                Long bridge = OWN_P99.get((spin ? "spin " : "block ") + baud);
                long fp99 = pct(f, 99);
                System.out.printf(
                        Locale.ROOT,
                        "| %s | %s | %s | %s | %s | %s | %s | %s |%n",
                        spin ? "spinning" : "blocking",
                        baud == 0 ? "unthrottled" : Integer.toString(baud),
                        ms(pct(f, 50)),
                        ms(fp99),
                        ms(f[f.length - 1]),
                        bridge == null ? "-" : ms(bridge),
                        bridge == null ? "-" : String.format(Locale.ROOT, "%.2f", (double) bridge / Math.max(1, fp99)),
                        bridge == null ? "-" : ms(bridge - fp99));
            }
        }
    }

    /**
     * What the machine itself adds: one thread handing a value to another that has been idle for {@code idleMicros}
     * (a parked thread's wake-up), the unit of which the link's own time is made.
     */
    private static String handOffBaseline(double idleMicros) throws InterruptedException {
        java.util.concurrent.SynchronousQueue<Long> there = new java.util.concurrent.SynchronousQueue<>();
        java.util.concurrent.SynchronousQueue<Long> back = new java.util.concurrent.SynchronousQueue<>();
        Thread t = new Thread(
                () -> {
                    try {
                        while (true) {
                            long sent = there.take();
                            back.put(System.nanoTime() - sent);
                        }
                    } catch (InterruptedException e) {
                        // done
                    }
                },
                "bench-handoff");
        t.setDaemon(true);
        t.start();
        int n = sets;
        long[] micros = new long[n];
        long[] oversleep = new long[n];
        for (int i = 0; i < n; i++) {
            long until = System.nanoTime() + (long) (idleMicros * 1000);
            java.util.concurrent.locks.LockSupport.parkNanos(until - System.nanoTime());
            oversleep[i] = Math.max(0, System.nanoTime() - until) / 1000;
            while (System.nanoTime() - until < 0)
                java.util.concurrent.locks.LockSupport.parkNanos(until - System.nanoTime());
            there.put(System.nanoTime());
            micros[i] = back.take() / 1000;
        }
        t.interrupt();
        Arrays.sort(micros);
        Arrays.sort(oversleep);
        return String.format(
                Locale.ROOT,
                "one thread hand-off to a thread idle for %s: p50 %s, p99 %s, max %s; a timed"
                        + " park of %s wakes late by p50 %s, p99 %s, max %s",
                ms(idleMicros),
                ms(pct(micros, 50)),
                ms(pct(micros, 99)),
                ms(micros[n - 1]),
                ms(idleMicros),
                ms(pct(oversleep, 50)),
                ms(pct(oversleep, 99)),
                ms(oversleep[n - 1]));
    }

    /** Garbage collections so far in this JVM: {count, milliseconds}. */
    private static long[] gcCountAndMillis() {
        long n = 0, ms = 0;
        for (java.lang.management.GarbageCollectorMXBean gc :
                java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
            ms += Math.max(0, gc.getCollectionTime());
        }
        return new long[] {n, ms};
    }

    private static LightChange color(int i) {
        return new LightChange(null, null, rgb(i), null, null);
    }

    static Rgb rgb(long v) {
        return new Rgb((int) (v >> 16) & 0xFF, (int) (v >> 8) & 0xFF, (int) v & 0xFF);
    }

    static long pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    static String ms(double micros) {
        return String.format(Locale.ROOT, "%.3f ms", micros / 1000.0);
    }

    /** The 1-, 5- and 15-minute load averages (Linux), or "n/a": the machine is shared, so say how busy it was. */
    static String loadAverage() {
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
                    .trim()
                    .split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    /**
     * Taps the board's wires. Host to board: for each SET's first transmission, when its first byte starts on the
     * simulated wire (when it was written, or when the bytes written before it have gone out, whichever is later: the
     * wire's own schedule, without its thread's wake-up lateness) and which colour value it carries; honest whatever
     * the link does before or inside write(), since bytes queued early count from when the wire gets to them. Board
     * to host: how late each ACK was delivered after its simulated end of transmission (the simulator's own error).
     */
    static final class SetStartProbe implements SimulatedBoard.WireTap {
        private final long byteNanos;
        private final List<long[]> sends = new ArrayList<>();
        private final List<Long> ackLateness = new ArrayList<>();
        private final Set<Integer> seen = new HashSet<>();
        // Host-to-board wire thread only.
        private long chunkStart;
        private long chunkSent;
        // Board-to-host wire thread only.
        private long chunkArrived;
        private long chunkDue;
        private final FrameDecoder decoder = new FrameDecoder(new FrameDecoder.Listener() {
            @Override
            public void onFrame(Frame f) {
                if (f.type() != Frame.SET || !seen.add(f.seq())) return;
                Messages.SetCommand c = Messages.SetCommand.decode(f.payload());
                long value = ((long) c.red() << 16) | (c.green() << 8) | c.blue();
                synchronized (sends) {
                    sends.add(new long[] {chunkStart, value, chunkSent});
                }
            }

            @Override
            public void onError(DecodeError error) {}
        });
        private final FrameDecoder backDecoder = new FrameDecoder(new FrameDecoder.Listener() {
            @Override
            public void onFrame(Frame f) {
                if (f.type() != Frame.ACK && f.type() != Frame.ACK_STATE) return;
                synchronized (sends) {
                    ackLateness.add(chunkArrived - chunkDue);
                }
            }

            @Override
            public void onError(DecodeError error) {}
        });

        SetStartProbe(long byteNanos) {
            this.byteNanos = byteNanos;
        }

        @Override
        public void onArrived(boolean toBoard, byte[] bytes, long sentNanos, long startNanos, long arrivedNanos) {
            if (!toBoard) {
                chunkDue = startNanos + bytes.length * byteNanos;
                chunkArrived = arrivedNanos;
                backDecoder.feed(bytes);
                return;
            }
            // One write is one chunk and the link writes one frame per write, so the frame starts with its chunk.
            chunkStart = startNanos;
            chunkSent = sentNanos;
            decoder.feed(bytes);
        }

        void reset() {
            synchronized (sends) {
                sends.clear();
                ackLateness.clear();
            }
        }

        List<long[]> firstTransmissions() {
            synchronized (sends) {
                return new ArrayList<>(sends);
            }
        }

        /** Sorted, microseconds: how late each ACK reached the host after its simulated end of transmission. */
        long[] ackLatenessMicros() {
            synchronized (sends) {
                return sortedMicros(ackLateness);
            }
        }

        private static long[] sortedMicros(List<Long> nanos) {
            long[] a = nanos.stream()
                    .mapToLong(n -> Math.max(0, n) / 1000)
                    .sorted()
                    .toArray();
            return a.length == 0 ? new long[] {0} : a;
        }
    }
}
