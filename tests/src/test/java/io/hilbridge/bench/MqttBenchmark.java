package io.hilbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hilbridge.app.Bridge;
import io.hilbridge.app.BridgeConfig;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.LightState;
import io.hilbridge.lights.StateCause;
import io.hilbridge.link.BoardLink;
import io.hilbridge.link.BoardListener;
import io.hilbridge.mqtt.HaClient;
import io.hilbridge.mqtt.MosquittoBroker;
import io.hilbridge.mqtt.MqttBridge;
import io.hilbridge.mqtt.MqttConfig;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Benchmark program (not a test): the MQTT front door beside the WebSocket one, in the same JVM and run, against
 * a real Mosquitto on loopback and the simulated board at 115200 baud.
 *
 * <ul>
 *   <li>round trip: one client changes light 1's brightness and waits until it sees the board's new state: over
 *       MQTT (client, Mosquitto, bridge, board, bridge, Mosquitto, client) and over the WebSocket (client, bridge,
 *       board, bridge, client); p50/p99 and the ratio, rounds alternating which goes first;</li>
 *   <li>sliders: 50 WebSocket clients each send a new brightness for one light every 16 ms (a dragged slider) for
 *       a few seconds; commands sent, STATE reports from the board, and MQTT state messages published for that
 *       light, which coalescing keeps at or below the board's reports.</li>
 * </ul>
 *
 * Run: {@code ./mvnw -q -B -DskipTests -Pbench -Dbench=MqttBenchmark -pl tests -am verify}. Options:
 * --samples (per round and side, 200), --rounds (4), --seconds (slider run, 5), --clients (50).
 */
public final class MqttBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static int samples = 200;
    private static int rounds = 4;
    private static double seconds = 5;
    private static int clients = 50;

    public static void main(String[] args) throws Exception {
        BenchArgs.quietLogs();
        BenchArgs.parse(args, (name, value) -> {
            switch (name) {
                case "samples" -> samples = Integer.parseInt(value);
                case "rounds" -> rounds = Integer.parseInt(value);
                case "seconds" -> seconds = Double.parseDouble(value);
                case "clients" -> clients = Integer.parseInt(value);
                default -> throw BenchArgs.unknown(name);
            }
        });
        // Mosquitto's default leaves Nagle's algorithm on (set_tcp_nodelay false); the second run turns it off.
        List<List<String>> brokers = List.of(List.of(), List.of("set_tcp_nodelay true"));
        for (List<String> extra : brokers) {
            try (MosquittoBroker broker = MosquittoBroker.plain(extra);
                    Bridge bridge = Bridge.start(BridgeConfig.loopback(), line -> {})) {
                waitUntil(() -> bridge.boards().get(0).status() == DeviceStatus.ONLINE, "the board online");
                MqttBridge mqtt = MqttBridge.start(MqttConfig.of(URI.create(broker.tcpUrl()), "bench"), bridge.api());
                try (HaClient ha = HaClient.connect(broker.port(), "hilbridge/bench/board0/+/state")) {
                    waitUntil(mqtt::connected, "the bridge connected to Mosquitto");
                    URI ws = URI.create("ws://127.0.0.1:" + bridge.httpPort() + "/ws");
                    roundTrips(ha, mqtt, ws, extra.isEmpty() ? "Mosquitto defaults" : String.join(", ", extra));
                    if (extra.isEmpty()) sliders(bridge, ha, mqtt, ws);
                } finally {
                    mqtt.close();
                }
            }
        }
    }

    // ---------------------------------------------------------------- round trip

    private static void roundTrips(HaClient ha, MqttBridge mqtt, URI ws, String brokerLabel) throws Exception {
        String set = mqtt.topics().set("board0", 1);
        String state = mqtt.topics().state("board0", 1);
        StateWatcher watcher = StateWatcher.connect(ws);
        MqttStateWaiter waiter = new MqttStateWaiter(ha, state);
        AtomicInteger next = new AtomicInteger(1);
        long[] mqttNs = new long[samples * rounds];
        long[] wsNs = new long[samples * rounds];
        // Warm-up: both paths, not counted.
        for (int i = 0; i < 50; i++) {
            mqttOnce(ha, waiter, set, next.getAndIncrement());
            watcher.once(next.getAndIncrement());
        }
        for (int r = 0; r < rounds; r++) {
            boolean mqttFirst = r % 2 == 0;
            for (int side = 0; side < 2; side++) {
                boolean doMqtt = (side == 0) == mqttFirst;
                for (int i = 0; i < samples; i++) {
                    int b = next.getAndIncrement();
                    if (doMqtt) mqttNs[r * samples + i] = mqttOnce(ha, waiter, set, b);
                    else wsNs[r * samples + i] = watcher.once(b);
                }
            }
        }
        watcher.close();
        Arrays.sort(mqttNs);
        Arrays.sort(wsNs);
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "Command -> state round trip, light 1 (dimmable), %d rounds x %d samples per side; " + "broker: %s%n",
                rounds,
                samples,
                brokerLabel);
        System.out.printf(Locale.ROOT, "%-34s %10s %10s%n", "path", "p50 ms", "p99 ms");
        System.out.printf(
                Locale.ROOT,
                "%-34s %10.3f %10.3f%n",
                "MQTT (client-Mosquitto-bridge)",
                ms(mqttNs, 0.50),
                ms(mqttNs, 0.99));
        System.out.printf(Locale.ROOT, "%-34s %10.3f %10.3f%n", "WebSocket (baseline)", ms(wsNs, 0.50), ms(wsNs, 0.99));
        System.out.printf(
                Locale.ROOT,
                "%-34s %10.2f %10.2f%n",
                "ratio MQTT / WebSocket",
                ms(mqttNs, 0.50) / ms(wsNs, 0.50),
                ms(mqttNs, 0.99) / ms(wsNs, 0.99));
    }

    /** Brightness 1..255 that differs from the previous one. */
    private static int level(int i) {
        return 1 + Math.floorMod(i * 37, 254);
    }

    /** Completes when the watched state topic shows the expected brightness. */
    private static final class MqttStateWaiter {
        final AtomicReference<CompletableFuture<Void>> waiting = new AtomicReference<>();
        final AtomicReference<String> expected = new AtomicReference<>("");

        MqttStateWaiter(HaClient ha, String topic) {
            ha.watch(r -> {
                if (r.topic().equals(topic) && r.payload().contains(expected.get())) {
                    CompletableFuture<Void> f = waiting.getAndSet(null);
                    if (f != null) f.complete(null);
                }
            });
        }
    }

    private static long mqttOnce(HaClient ha, MqttStateWaiter w, String set, int i) throws Exception {
        int b = level(i);
        CompletableFuture<Void> f = new CompletableFuture<>();
        w.expected.set("\"brightness\":" + b + ",");
        w.waiting.set(f);
        long start = System.nanoTime();
        ha.publishAsync(set, "{\"state\":\"ON\",\"brightness\":" + b + "}");
        f.get(10, TimeUnit.SECONDS);
        return System.nanoTime() - start;
    }

    /** A WebSocket client that sets light 1 and completes when the board's state with that brightness comes back. */
    private static final class StateWatcher implements WebSocket.Listener {
        private final AtomicReference<CompletableFuture<Void>> waiting = new AtomicReference<>();
        private final AtomicInteger expected = new AtomicInteger(-1);
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static StateWatcher connect(URI uri) {
            StateWatcher w = new StateWatcher();
            w.socket = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .buildAsync(uri, w)
                    .join();
            return w;
        }

        long once(int i) throws Exception {
            int b = level(i);
            CompletableFuture<Void> f = new CompletableFuture<>();
            expected.set(b);
            waiting.set(f);
            long start = System.nanoTime();
            socket.sendText(
                            "{\"type\":\"set\",\"device\":\"board0\",\"light\":1,\"on\":true,\"brightness\":" + b + "}",
                            true)
                    .join();
            f.get(10, TimeUnit.SECONDS);
            return System.nanoTime() - start;
        }

        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode m = JSON.readTree(partial.toString());
                    if (m.path("type").asText().equals("state")
                            && m.path("light").asInt() == 1
                            && m.path("brightness").asInt() == expected.get()) {
                        CompletableFuture<Void> f = waiting.getAndSet(null);
                        if (f != null) f.complete(null);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            w.request(1);
            return null;
        }

        void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }

    // ---------------------------------------------------------------- sliders

    private static void sliders(Bridge bridge, HaClient ha, MqttBridge mqtt, URI ws) throws Exception {
        String state = mqtt.topics().state("board0", 2);
        BoardLink board = bridge.boards().get(0);
        AtomicLong boardStates = new AtomicLong();
        BoardListener counter = new BoardListener() {
            @Override
            public void onState(BoardLink b, int light, LightState s, StateCause cause) {
                if (light == 2) boardStates.incrementAndGet();
            }
        };
        HttpClient http = HttpClient.newHttpClient();
        List<WebSocket> sockets = new ArrayList<>();
        AtomicLong replies = new AtomicLong();
        for (int c = 0; c < clients; c++) {
            sockets.add(http.newWebSocketBuilder()
                    .buildAsync(ws, new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                            if (last && data.toString().contains("\"type\":\"ack\"")) replies.incrementAndGet();
                            w.request(1);
                            return null;
                        }
                    })
                    .join());
        }
        long mqttBefore = ha.count(state);
        long publishedBefore = mqtt.retainedPublished();
        board.addListener(counter);
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
        AtomicLong sent = new AtomicLong();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            WebSocket s = sockets.get(c);
            int offset = c * 5;
            AtomicReference<CompletableFuture<WebSocket>> chain =
                    new AtomicReference<>(CompletableFuture.completedFuture(s));
            timer.scheduleAtFixedRate(
                    () -> {
                        long n = sent.incrementAndGet();
                        String msg = "{\"type\":\"set\",\"device\":\"board0\",\"light\":2,\"on\":true,\"brightness\":"
                                + (1 + (n + offset) % 255) + "}";
                        chain.set(chain.get().thenCompose(w -> w.sendText(msg, true)));
                    },
                    c * 16L / clients,
                    16,
                    TimeUnit.MILLISECONDS);
        }
        TimeUnit.MILLISECONDS.sleep((long) (seconds * 1000)); // the measured period of a benchmark, not a sync
        timer.shutdownNow();
        double elapsed = (System.nanoTime() - start) / 1e9;
        // Let the last commands settle: the board's final state reaches MQTT.
        waitUntil(
                () -> {
                    String p = ha.payload(state);
                    LightState now = board.reportedStates().get(2);
                    return p != null && p.contains("\"brightness\":" + now.brightness());
                },
                "MQTT showing the board's final state");
        board.removeListener(counter);
        long mqttStates = ha.count(state) - mqttBefore;
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "%d WebSocket clients dragging a slider on light 2 (one set per client every 16 ms), %.1f s%n",
                clients,
                elapsed);
        System.out.printf(Locale.ROOT, "%-44s %10s %10s%n", "", "count", "per s");
        System.out.printf(
                Locale.ROOT, "%-44s %10d %10.0f%n", "set commands sent (baseline)", sent.get(), sent.get() / elapsed);
        System.out.printf(Locale.ROOT, "%-44s %10d %10.0f%n", "acks received", replies.get(), replies.get() / elapsed);
        System.out.printf(
                Locale.ROOT,
                "%-44s %10d %10.0f%n",
                "STATE reports from the board (light 2)",
                boardStates.get(),
                boardStates.get() / elapsed);
        System.out.printf(
                Locale.ROOT,
                "%-44s %10d %10.0f%n",
                "MQTT state messages received (light 2)",
                mqttStates,
                mqttStates / elapsed);
        System.out.printf(
                Locale.ROOT,
                "%-44s %10d %10.0f%n",
                "retained publishes by the bridge (all topics)",
                mqtt.retainedPublished() - publishedBefore,
                (mqtt.retainedPublished() - publishedBefore) / elapsed);
        System.out.printf(
                Locale.ROOT, "%-44s %10.3f%n", "ratio MQTT states / commands sent", mqttStates / (double) sent.get());
        System.out.printf(
                Locale.ROOT,
                "%-44s %10.3f%n",
                "ratio MQTT states / board STATE reports",
                mqttStates / (double) boardStates.get());
        for (WebSocket s : sockets) s.abort();
    }

    private static double ms(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))] / 1e6;
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("waited 15 s for " + what);
            Thread.onSpinWait();
        }
    }
}
