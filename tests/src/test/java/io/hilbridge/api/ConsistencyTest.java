package io.hilbridge.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hilbridge.lights.LightInfo;
import io.hilbridge.lights.LightKind;
import io.hilbridge.lights.LightState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 20 WebSocket clients and a REST client send random commands at the same time to one bridge (simulated board at
 * 115200 baud). Every command gets exactly one answer; when they stop, every client's view (hello + state
 * messages), the REST view and the link's reported state all equal what the simulated board actually shows.
 */
class ConsistencyTest {
    private static final int CLIENTS = 20;
    private static final int COMMANDS_PER_CLIENT = 30;
    private static final int WINDOW = 3; // commands a client keeps in flight

    @Test
    @Timeout(120)
    void everyClientEndsWithTheBoardsState() throws Exception {
        try (LiveBridge bridge = LiveBridge.start()) {
            List<LightInfo> lights = bridge.board().lightInfo();
            List<WsClient> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) clients.add(WsClient.connect("c" + i, bridge.wsUri(null)));
            for (WsClient c : clients) c.hello.get(10, TimeUnit.SECONDS);

            Map<String, AtomicInteger> codes = new ConcurrentHashMap<>();
            AtomicInteger answered = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                WsClient c = clients.get(i);
                Random rnd = new Random(1000 + i);
                runs.add(pool.submit(() -> {
                    start.await();
                    BlockingQueue<CompletableFuture<JsonNode>> inFlight = new ArrayBlockingQueue<>(WINDOW);
                    for (int n = 0; n < COMMANDS_PER_CLIENT; n++) {
                        if (inFlight.remainingCapacity() == 0)
                            count(inFlight.take().get(15, TimeUnit.SECONDS), codes, answered);
                        inFlight.add(c.request(randomSet(rnd, lights)));
                    }
                    for (CompletableFuture<JsonNode> f : inFlight) count(f.get(15, TimeUnit.SECONDS), codes, answered);
                    return null;
                }));
            }
            HttpClient http = HttpClient.newHttpClient();
            Random restRnd = new Random(7);
            AtomicInteger restOk = new AtomicInteger();
            runs.add(pool.submit(() -> {
                start.await();
                for (int n = 0; n < COMMANDS_PER_CLIENT; n++) {
                    ObjectNode cmd = randomSet(restRnd, lights);
                    String light = cmd.remove("light").asText();
                    cmd.remove("type");
                    cmd.remove("device");
                    HttpResponse<String> r = http.send(
                            HttpRequest.newBuilder(bridge.uri("/api/devices/board0/lights/" + light))
                                    .PUT(HttpRequest.BodyPublishers.ofString(cmd.toString()))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).as(r.body()).isIn(200, 400);
                    if (r.statusCode() == 200) restOk.incrementAndGet();
                }
                return null;
            }));
            start.countDown();
            for (Future<?> f : runs) f.get(90, TimeUnit.SECONDS);
            pool.shutdown();

            assertThat(answered.get())
                    .as("every command got exactly one answer")
                    .isEqualTo(CLIENTS * COMMANDS_PER_CLIENT);
            assertThat(codes.keySet())
                    .as("only acks and the deliberate unsupported errors")
                    .isSubsetOf("ack", "unsupported");
            assertThat(codes.get("ack").get()).isGreaterThan(CLIENTS * COMMANDS_PER_CLIENT / 2);
            assertThat(restOk.get()).isPositive();

            // Quiet now: every view converges on what the board shows, and nothing is left pending.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Map<String, JsonNode> board = boardView(bridge.board().lights());
                assertThat(boardView(bridge.link().reportedStates())).isEqualTo(board);
                for (WsClient c : clients)
                    assertThat(c.view()).as("view of " + c).isEqualTo(board);
                assertThat(restView(bridge, http)).isEqualTo(board);
            });
            for (int l = 0; l < lights.size(); l++)
                assertThat(bridge.link().pending(l)).isFalse();
            // what the running bridge sent is what the spec says, message by message (one client's worth)
            assertThat(clients.get(0).received).hasSizeGreaterThan(COMMANDS_PER_CLIENT);
            for (JsonNode m : clients.get(0).received) Schemas.assertValid("server-message.json", m);
            for (WsClient c : clients) c.close();
        }
    }

    private static void count(JsonNode reply, Map<String, AtomicInteger> codes, AtomicInteger answered) {
        String key = reply.path("type").asText().equals("ack")
                ? "ack"
                : reply.path("code").asText();
        codes.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        answered.incrementAndGet();
    }

    /** A random set within the light's capabilities; about one in twelve asks for colour on the on/off LED. */
    static ObjectNode randomSet(Random rnd, List<LightInfo> lights) {
        ObjectNode m = WsClient.JSON.createObjectNode();
        m.put("type", "set");
        m.put("device", "board0");
        if (rnd.nextInt(12) == 0) {
            m.put("light", 0);
            m.put("color", "#123456");
            return m;
        }
        if (rnd.nextInt(10) == 0) {
            m.put("light", "all");
            m.put("on", rnd.nextBoolean());
            return m;
        }
        LightInfo li = lights.get(rnd.nextInt(lights.size()));
        m.put("light", li.id());
        m.put("on", rnd.nextInt(4) != 0);
        if (li.kind() != LightKind.ONOFF && rnd.nextBoolean()) m.put("brightness", rnd.nextInt(256));
        if (li.kind().colored() && rnd.nextBoolean()) m.put("color", String.format("#%06x", rnd.nextInt(1 << 24)));
        return m;
    }

    static Map<String, JsonNode> boardView(List<LightState> states) {
        Map<String, JsonNode> v = new HashMap<>();
        for (int i = 0; i < states.size(); i++) {
            LightState s = states.get(i);
            ObjectNode o = WsClient.JSON.createObjectNode();
            o.put("on", s.on());
            o.put("brightness", s.brightness());
            o.put("color", s.color().hex());
            o.put("effect", s.effect().apiName());
            v.put("board0:" + i, o);
        }
        return v;
    }

    private static Map<String, JsonNode> restView(LiveBridge bridge, HttpClient http) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(bridge.uri("/api/devices/board0")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Map<String, JsonNode> v = new HashMap<>();
        for (JsonNode l : WsClient.JSON.readTree(r.body()).path("lights"))
            v.put("board0:" + l.path("id").asInt(), l.path("state"));
        return v;
    }
}
