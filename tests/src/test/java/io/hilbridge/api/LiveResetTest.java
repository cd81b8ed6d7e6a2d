package io.hilbridge.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.LightState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reset command end to end on a real bridge with the simulated board: over REST and over WebSocket the board
 * restarts (a new boot id), the desired state is replayed before the answer, and every client sees the device go
 * offline and come back; a reset of an offline board is a clear 503 / device_offline.
 */
class LiveResetTest {
    private LiveBridge bridge;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        bridge = LiveBridge.start();
    }

    @AfterEach
    void stop() {
        bridge.close();
    }

    private HttpResponse<String> post(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(bridge.uri(path))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private WsClient client(String name) throws Exception {
        WsClient c = WsClient.connect(name, bridge.wsUri(null));
        c.hello.get(10, TimeUnit.SECONDS);
        return c;
    }

    private static ObjectNode msg(String type) {
        ObjectNode n = WsClient.JSON.createObjectNode();
        n.put("type", type);
        return n;
    }

    private static List<String> statuses(WsClient c) {
        return c.ofType("device").stream().map(d -> d.path("status").asText()).toList();
    }

    @Test
    void restResetRestartsTheBoardAndReplaysItsLights() throws Exception {
        try (WsClient watcher = client("w")) {
            JsonNode ack = watcher.request(
                            msg("set").put("light", 2).put("on", true).put("color", "#ff00ff"))
                    .get(10, TimeUnit.SECONDS);
            assertThat(ack.path("type").asText()).isEqualTo("ack");
            long before = bridge.board().bootId();

            HttpResponse<String> r = post("/api/devices/board0/reset");

            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode body = WsClient.JSON.readTree(r.body());
            Schemas.assertValid("rest-reset.json", body);
            assertThat(body.path("bootId").asText())
                    .isEqualTo(String.format("%08x", bridge.board().bootId()))
                    .isNotEqualTo(String.format("%08x", before));
            assertThat(bridge.board().boots()).isEqualTo(2);
            assertThat(bridge.board().lights().get(2))
                    .isEqualTo(new LightState(
                            true, 255, io.hilbridge.lights.Rgb.parseHex("#ff00ff"), io.hilbridge.lights.Effect.NONE));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> statuses(watcher).contains("offline")
                            && statuses(watcher)
                                    .get(statuses(watcher).size() - 1)
                                    .equals("online"));
            assertThat(statuses(watcher).indexOf("offline"))
                    .isLessThan(statuses(watcher).lastIndexOf("online"));
        }
    }

    @Test
    void webSocketResetAnswersWithTheNewBootIdOnceTheBoardIsBack() throws Exception {
        try (WsClient a = client("a");
                WsClient b = client("b")) {
            a.request(msg("set").put("light", 1).put("on", true).put("brightness", 33))
                    .get(10, TimeUnit.SECONDS);
            long before = bridge.board().bootId();

            JsonNode done = a.request(msg("reset").put("device", "board0")).get(40, TimeUnit.SECONDS);

            Schemas.assertValid("reset.json", done);
            assertThat(done.path("type").asText()).as(done.toString()).isEqualTo("reset");
            assertThat(done.path("bootId").asText())
                    .isEqualTo(String.format("%08x", bridge.board().bootId()))
                    .isNotEqualTo(String.format("%08x", before));
            assertThat(bridge.board().lights().get(1).brightness()).isEqualTo(33);
            assertThat(bridge.board().lights().get(1).on()).isTrue();
            assertThat(bridge.link().status()).isEqualTo(DeviceStatus.ONLINE);
            for (WsClient c : List.of(a, b)) { // every client was told, not only the one that asked
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> statuses(c).contains("offline")
                                && statuses(c).get(statuses(c).size() - 1).equals("online"));
            }
        }
    }

    @Test
    void resetOfAnOfflineBoardIsAClearError() throws Exception {
        bridge.board().faults().unplug();
        try (WsClient a = client("a")) {
            bridge.awaitStatus(DeviceStatus.OFFLINE);
            HttpResponse<String> r = post("/api/devices/board0/reset");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(WsClient.JSON.readTree(r.body()).path("code").asText()).isEqualTo("device_offline");
            JsonNode err = a.request(msg("reset")).get(10, TimeUnit.SECONDS);
            assertThat(err.path("type").asText()).isEqualTo("error");
            assertThat(err.path("code").asText()).isEqualTo("device_offline");
            assertThat(err.path("message").asText()).contains("offline");
            assertThat(post("/api/devices/board9/reset").statusCode()).isEqualTo(404);
            assertThat(a.request(msg("reset").put("device", "board0").put("hard", true))
                            .get(10, TimeUnit.SECONDS)
                            .path("code")
                            .asText())
                    .isEqualTo("bad_request");
            assertThat(http.send(
                                    HttpRequest.newBuilder(bridge.uri("/api/devices/board0/reset"))
                                            .GET()
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(405);
        } finally {
            bridge.board().faults().replug();
        }
        bridge.awaitStatus(DeviceStatus.ONLINE);
        assertThat(post("/api/devices/board0/reset").statusCode()).isEqualTo(200);
    }
}
