package io.hilbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hilbridge.api.ApiService;
import io.hilbridge.api.WsClient;
import io.hilbridge.emulator.Esp32c3Board;
import io.hilbridge.emulator.Esp32c3Setup;
import io.hilbridge.emulator.QemuBoard;
import io.hilbridge.http.HttpServer;
import io.hilbridge.http.HttpServerConfig;
import io.hilbridge.lights.LightChange;
import io.hilbridge.link.LinkConfig;
import io.hilbridge.link.LinkSession;
import io.hilbridge.qemu.EmulatorTools;
import io.hilbridge.serial.JSerialCommTransport;
import io.hilbridge.serial.SerialTransport;
import io.hilbridge.sim.LoopbackTransport;
import io.hilbridge.sim.SimulatedBoard;
import io.hilbridge.ws.WebSocketConfig;
import io.hilbridge.ws.WebSocketUpgradeHandler;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * SET→ACK round trip through the bridge's link to four boards, in one run:
 * the firmware core on an emulated RISC-V CPU (QEMU virt, pty, jSerialComm), the ESP-IDF firmware image on an
 * emulated ESP32-C3 (QEMU esp32c3 machine, socat pty, jSerialComm), the same core built
 * for the host as hilbridge-sim (pty, jSerialComm), and the in-process SimulatedBoard (loopback,
 * unthrottled and at a simulated 115200 baud). Also the emulator's CPU use while idle and while
 * serving the run, from /proc/PID/stat, and each emulator's time from its start to the link's "online".
 *
 * <pre>./mvnw -q -B -DskipTests -Pbench -Dbench=EmulatorBenchmark -pl tests -am verify
 * [-Dbench.args="--sets 1000 --idle-seconds 10"]</pre>
 *
 * Each SET changes light 1's brightness, so every round trip carries SET → ACK_STATE, stop-and-wait.
 */
public final class EmulatorBenchmark {

    private static final Duration HANDSHAKE = Duration.ofSeconds(30);

    private EmulatorBenchmark() {}

    /** Round trips of one run, and how many SETs the link had to retransmit during it. */
    record Sample(long[] nanos, long retransmits) {}

    record Result(String board, Sample sample, String note) {
        long pct(double p) {
            long[] s = sample.nanos().clone();
            Arrays.sort(s);
            int i = (int) Math.ceil(p / 100.0 * s.length) - 1;
            return s[Math.max(0, Math.min(s.length - 1, i))];
        }
    }

    public static void main(String[] args) throws Exception {
        int sets = 500;
        int idleSeconds = 5;
        // -Dbench.args arrives as one argument: split it into words.
        args = String.join(" ", args).trim().split("\\s+");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sets" -> sets = Integer.parseInt(args[++i]);
                case "--idle-seconds" -> idleSeconds = Integer.parseInt(args[++i]);
                case "" -> {}
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path repo = EmulatorTools.repoRoot();
        Path dir = Files.createTempDirectory("hilbridge-bench");
        List<Result> results = new ArrayList<>();
        String cpuLines;

        List<String> bootLines = new ArrayList<>();
        // 1. The emulated board.
        EmulatorTools.image(); // built before the clock starts
        long virtStart = System.nanoTime();
        try (QemuBoard qemu = EmulatorTools.startBoard(dir.resolve("qemu"))) {
            LinkSession link = LinkSession.start("qemu", serial(qemu.link()), LinkConfig.defaults());
            try {
                BenchWaits.awaitOnline(link, HANDSHAKE);
                bootLines.add(bootLine("QEMU virt rv32", virtStart));
                Duration idle0 = EmulatorTools.cpuTime(qemu.pid());
                long t0 = System.nanoTime();
                Thread.sleep(idleSeconds * 1000L); // idle: only the link's 1 s heartbeat PINGs
                double idlePct = pct(EmulatorTools.cpuTime(qemu.pid()).minus(idle0), System.nanoTime() - t0);
                Duration busy0 = EmulatorTools.cpuTime(qemu.pid());
                long b0 = System.nanoTime();
                results.add(new Result("emulated board (QEMU virt rv32, pty)", run(link, sets), "link"));
                double busyPct = pct(EmulatorTools.cpuTime(qemu.pid()).minus(busy0), System.nanoTime() - b0);
                cpuLines = String.format(
                        Locale.ROOT,
                        "QEMU CPU (one host core = 100%%): idle %.2f%% over %d s; during the %d-set run %.1f%%",
                        idlePct,
                        idleSeconds,
                        sets,
                        busyPct);
                results.add(
                        new Result("emulated board (QEMU virt rv32, pty)", runWebSocket(link, sets), "WebSocket API"));
            } finally {
                link.close();
            }
        }

        // 1b. The ESP-IDF firmware image on the emulated ESP32-C3 (QEMU esp32c3 machine, socat pty).
        String esp32c3Skipped = null;
        try {
            Esp32c3Setup.qemu(System.getenv());
            Esp32c3Setup.image(System.getenv(), repo);
        } catch (java.io.IOException e) {
            esp32c3Skipped = "emulated ESP32-C3 row skipped: " + e.getMessage();
        }
        if (esp32c3Skipped == null) {
            long c3Start = System.nanoTime();
            try (Esp32c3Board c3 = Esp32c3Setup.start(repo, line -> {})) {
                LinkSession link = LinkSession.start("esp32c3", serial(c3.link()), LinkConfig.defaults());
                try {
                    BenchWaits.awaitOnline(link, HANDSHAKE);
                    bootLines.add(bootLine("ESP32-C3 (QEMU esp32c3, ROM + bootloader + ESP-IDF app)", c3Start));
                    Duration idle0 = EmulatorTools.cpuTime(c3.pid());
                    long t0 = System.nanoTime();
                    Thread.sleep(idleSeconds * 1000L); // idle: only the link's 1 s heartbeat PINGs
                    bootLines.add(String.format(
                            Locale.ROOT,
                            "QEMU esp32c3 CPU idle (FreeRTOS 1 kHz tick): %.1f%% over %d s",
                            pct(EmulatorTools.cpuTime(c3.pid()).minus(idle0), System.nanoTime() - t0),
                            idleSeconds));
                    results.add(new Result(ESP32C3, run(link, sets), "link"));
                    results.add(new Result(ESP32C3, runWebSocket(link, sets), "WebSocket API"));
                } finally {
                    link.close();
                }
            }
        }

        // 2. hilbridge-sim: the same core built for the host, behind a pty.
        Path sim = repo.resolve("firmware/target/host/hilbridge-sim");
        String simSkipped = null;
        if (Files.isExecutable(sim)) {
            Path simLink = dir.resolve("sim");
            Process p = new ProcessBuilder(sim.toString(), "--link", simLink.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            try {
                if (awaitReady(p)) {
                    LinkSession link = LinkSession.start("sim", serial(simLink), LinkConfig.defaults());
                    try {
                        BenchWaits.awaitOnline(link, HANDSHAKE);
                        results.add(new Result("hilbridge-sim (host, ASan/UBSan, pty)", run(link, sets), "link"));
                        results.add(new Result(
                                "hilbridge-sim (host, ASan/UBSan, pty)", runWebSocket(link, sets), "WebSocket API"));
                    } finally {
                        link.close();
                    }
                } else {
                    simSkipped = "hilbridge-sim did not print its ready line: row skipped";
                }
            } finally {
                p.destroy();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } else {
            simSkipped = "hilbridge-sim not built at " + sim + " (run firmware/host/build-and-test.sh): row skipped";
        }

        // 3. The in-process simulated board, unthrottled and at 115200 baud.
        for (int baud : new int[] {0, 115200}) {
            try (SimulatedBoard board = new SimulatedBoard(baud)) {
                LinkSession link = LinkSession.start("inproc", new LoopbackTransport(board), LinkConfig.defaults());
                try {
                    BenchWaits.awaitOnline(link, HANDSHAKE);
                    String name = baud == 0
                            ? "SimulatedBoard (in-process, unthrottled)"
                            : "SimulatedBoard (in-process, " + baud + " baud)";
                    results.add(new Result(name, run(link, sets), "link"));
                    if (baud == 0) results.add(new Result(name, runWebSocket(link, sets), "WebSocket API"));
                } finally {
                    link.close();
                }
            }
        }

        Files.deleteIfExists(dir);
        print(results, sets, cpuLines);
        bootLines.forEach(System.out::println);
        if (esp32c3Skipped != null) System.out.println(esp32c3Skipped);
        if (simSkipped != null) System.out.println(simSkipped);
    }

    private static final String ESP32C3 = "ESP32-C3 (QEMU esp32c3, ESP-IDF, pty)";

    /** From starting the emulator (QEMU, and socat for the ESP32-C3) to the link's "online". */
    private static String bootLine(String board, long startNanos) {
        return String.format(Locale.ROOT, "boot to online, %s: %.0f ms", board, (System.nanoTime() - startNanos) / 1e6);
    }

    private static SerialTransport serial(Path link) {
        return new JSerialCommTransport(link.toString(), 115200);
    }

    /** Reads the simulator's stdout until its "ready pty=..." line; keeps draining it afterwards. */
    private static boolean awaitReady(Process p) throws InterruptedException {
        java.util.concurrent.CompletableFuture<Boolean> ready = new java.util.concurrent.CompletableFuture<>();
        Thread t = new Thread(
                () -> {
                    try (java.io.BufferedReader r = p.inputReader()) {
                        String line;
                        while ((line = r.readLine()) != null) {
                            if (line.startsWith("ready ")) ready.complete(true);
                        }
                    } catch (java.io.IOException ignored) {
                        // the simulator is gone
                    }
                    ready.complete(false);
                },
                "sim-stdout");
        t.setDaemon(true);
        t.start();
        try {
            return ready.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    /** Warm-up, then {@code sets} timed stop-and-wait SETs; each changes light 1's brightness. */
    private static Sample run(LinkSession link, int sets) throws Exception {
        for (int i = 0; i < 50; i++) set(link, i);
        long retransmits = link.stats().retransmits();
        long[] nanos = new long[sets];
        for (int i = 0; i < sets; i++) {
            long t = System.nanoTime();
            set(link, i + 50);
            nanos[i] = System.nanoTime() - t;
        }
        return new Sample(nanos, link.stats().retransmits() - retransmits);
    }

    /**
     * The same through the whole bridge: a WebSocket client's {@code set} through the API, the link and the board,
     * timed until the client has the {@code ack}.
     */
    private static Sample runWebSocket(LinkSession link, int sets) throws Exception {
        ApiService api = new ApiService(List.of(link), "bench");
        HttpServer http = HttpServer.start(
                HttpServerConfig.defaults().withPort(0),
                api,
                new WebSocketUpgradeHandler(WebSocketConfig.builder().build(), api));
        WsClient client = WsClient.connect("bench", URI.create("ws://127.0.0.1:" + http.port() + "/ws"));
        try {
            client.hello.get(10, TimeUnit.SECONDS);
            for (int i = 0; i < 50; i++) wsSet(client, link.deviceId(), i);
            long retransmits = link.stats().retransmits();
            long[] nanos = new long[sets];
            for (int i = 0; i < sets; i++) {
                long t = System.nanoTime();
                wsSet(client, link.deviceId(), i + 50);
                nanos[i] = System.nanoTime() - t;
            }
            return new Sample(nanos, link.stats().retransmits() - retransmits);
        } finally {
            client.abort();
            http.close();
            api.close();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static void wsSet(WsClient client, String device, int i) throws Exception {
        ObjectNode msg = JSON.createObjectNode()
                .put("type", "set")
                .put("device", device)
                .put("light", 1)
                .put("on", true)
                .put("brightness", 1 + (i % 254));
        JsonNode reply = client.request(msg).get(5, TimeUnit.SECONDS);
        if (!"ack".equals(reply.path("type").asText())) throw new IllegalStateException("not acked: " + reply);
    }

    private static void set(LinkSession link, int i) throws Exception {
        link.set(1, new LightChange(true, 1 + (i % 254), null, null, null)).get(5, TimeUnit.SECONDS);
    }

    private static double pct(Duration cpu, long wallNanos) {
        return 100.0 * cpu.toNanos() / wallNanos;
    }

    private static void print(List<Result> results, int sets, String cpuLines) {
        Result base = results.stream()
                .filter(r -> r.board().contains("unthrottled") && r.note().equals("link"))
                .findFirst()
                .orElse(results.get(0));
        System.out.printf(
                Locale.ROOT, "%nSET→ACK round trip, %d sets each after 50 warm-up, stop-and-wait, light 1%n", sets);
        System.out.printf(
                Locale.ROOT,
                "%-42s %-14s %9s %9s %9s %11s %12s%n",
                "board",
                "through",
                "p50 ms",
                "p99 ms",
                "max ms",
                "p50 / base",
                "retransmits");
        for (Result r : results) {
            System.out.printf(
                    Locale.ROOT,
                    "%-42s %-14s %9.3f %9.3f %9.3f %10.1fx %12d%n",
                    r.board(),
                    r.note(),
                    r.pct(50) / 1e6,
                    r.pct(99) / 1e6,
                    r.pct(100) / 1e6,
                    (double) r.pct(50) / base.pct(50),
                    r.sample().retransmits());
        }
        System.out.println("link = LinkSession.set(...).get(); WebSocket API = a ws client's set until its ack "
                + "(ApiService + HttpServer + ws layer + link)");
        System.out.println("base = in-process SimulatedBoard, unthrottled, link");
        System.out.println(cpuLines);
    }
}
