package io.hilbridge.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hilbridge.lights.DeviceStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The API end to end on a real bridge (simulated board over loopback): REST status codes that a real board can
 * produce, the board's own changes reaching every client, and unplug/replug as device messages. Status codes that
 * need a misbehaving link (409 busy, 502 nack) are covered against a fake board in the bridge module
 * (io.hilbridge.http.HttpServerTest).
 */
class LiveApiTest {
    private static final String TOKEN = "t0k3n";
    private static LiveBridge bridge;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        bridge = LiveBridge.start(TOKEN, Set.of());
    }

    @AfterAll
    static void stop() {
        bridge.close();
    }

    private HttpResponse<String> send(String method, String path, String body, boolean withToken) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(bridge.uri(path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (withToken) b.header("Authorization", "Bearer " + TOKEN);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String code(HttpResponse<String> r) throws Exception {
        return WsClient.JSON.readTree(r.body()).path("code").asText();
    }

    @Test
    void restStatusCodesOnARealBoard() throws Exception {
        HttpResponse<String> r =
                send("PUT", "/api/devices/board0/lights/2", "{\"on\":true,\"color\":\"#0000ff\"}", true);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(WsClient.JSON
                        .readTree(r.body())
                        .path("lights")
                        .get(2)
                        .path("state")
                        .path("color")
                        .asText())
                .isEqualTo("#0000ff");
        assertThat(bridge.board().lights().get(2).color().hex())
                .as("the board really changed")
                .isEqualTo("#0000ff");
        Schemas.assertValid("rest-device.json", WsClient.JSON.readTree(r.body()));

        assertThat(send("GET", "/api/devices", null, true).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/health", null, false).statusCode()).isEqualTo(200);
        Schemas.assertValid(
                "rest-devices.json",
                WsClient.JSON.readTree(send("GET", "/api/devices", null, true).body()));
        Schemas.assertValid(
                "rest-health.json",
                WsClient.JSON.readTree(send("GET", "/api/health", null, false).body()));
        r = send("GET", "/api/devices", null, false);
        assertThat(r.statusCode()).isEqualTo(401);
        Schemas.assertValid("rest-error.json", WsClient.JSON.readTree(r.body()));
        assertThat(code(r)).isEqualTo("unauthorized");
        r = send("PUT", "/api/devices/board0/lights/0", "{\"brightness\":9}", true);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(code(r)).isEqualTo("unsupported");
        r = send("PUT", "/api/devices/board0/lights/1", "{\"brightness\":999}", true);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(code(r)).isEqualTo("out_of_range");
        r = send("PUT", "/api/devices/board0/lights/7", "{\"on\":true}", true);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(code(r)).isEqualTo("unknown_light");
        r = send("GET", "/api/devices/board9", null, true);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(code(r)).isEqualTo("unknown_device");
        r = send("POST", "/api/devices/board0/lights/0", "{\"on\":true}", true);
        assertThat(r.statusCode()).isEqualTo(405);

        // the commands above went through the real link: the round-trip histogram has them
        assertThat(send("GET", "/metrics", null, false).statusCode()).isEqualTo(401);
        r = send("GET", "/metrics", null, true);
        assertThat(r.statusCode()).isEqualTo(200);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "hilbridge_link_round_trip_seconds_count\\{device=\"board0\"} (\\d+)")
                .matcher(r.body());
        assertThat(m.find()).as(r.body()).isTrue();
        assertThat(Long.parseLong(m.group(1))).isPositive();
        assertThat(r.body())
                .contains("hilbridge_device_status{device=\"board0\",status=\"online\"} 1")
                .contains("hilbridge_link_frames_sent_total{device=\"board0\"}");
    }

    @Test
    void aSilentBoardGives504AndAnUnpluggedOne503() throws Exception {
        bridge.board().faults().stall();
        try {
            HttpResponse<String> r = send("PUT", "/api/devices/board0/lights/0", "{\"on\":true}", true);
            assertThat(r.statusCode()).as(r.body()).isIn(504, 503);
            assertThat(code(r)).isIn("timeout", "device_offline");
        } finally {
            bridge.board().faults().unstall();
        }
        bridge.awaitStatus(DeviceStatus.ONLINE);

        bridge.board().faults().unplug();
        try {
            bridge.awaitStatus(DeviceStatus.OFFLINE);
            HttpResponse<String> r = send("PUT", "/api/devices/board0/lights/0", "{\"on\":true}", true);
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(code(r)).isEqualTo("device_offline");
        } finally {
            bridge.board().faults().replug();
        }
        bridge.awaitStatus(DeviceStatus.ONLINE);
        assertThat(send("PUT", "/api/devices/board0/lights/0", "{\"on\":true}", true)
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void buttonPressesAndUnplugsReachEveryClient() throws Exception {
        bridge.awaitStatus(DeviceStatus.ONLINE);
        try (WsClient a = WsClient.connect("a", bridge.wsUri("token=" + TOKEN));
                WsClient b = WsClient.connect("b", bridge.wsUri("token=" + TOKEN))) {
            a.hello.get(5, TimeUnit.SECONDS);
            b.hello.get(5, TimeUnit.SECONDS);
            boolean before = bridge.board().lights().get(1).on();
            bridge.board().pressButton(1);
            for (WsClient c : new WsClient[] {a, b}) {
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> c.ofType("state").stream()
                                .anyMatch(s -> s.path("light").asInt() == 1
                                        && s.path("cause").asText().equals("button")
                                        && s.path("on").asBoolean() == !before));
            }
            bridge.board().faults().unplug();
            try {
                for (WsClient c : new WsClient[] {a, b}) {
                    await().atMost(Duration.ofSeconds(10))
                            .until(() -> c.ofType("device").stream()
                                    .anyMatch(d -> d.path("status").asText().equals("offline")));
                }
                ObjectNode set = WsClient.JSON
                        .createObjectNode()
                        .put("type", "set")
                        .put("light", 0)
                        .put("on", true);
                JsonNode reply = a.request(set).get(5, TimeUnit.SECONDS);
                assertThat(reply.path("code").asText()).isEqualTo("device_offline");
            } finally {
                bridge.board().faults().replug();
            }
            for (WsClient c : new WsClient[] {a, b}) {
                await().atMost(Duration.ofSeconds(15)).until(() -> {
                    var ds = c.ofType("device");
                    return !ds.isEmpty()
                            && ds.get(ds.size() - 1).path("status").asText().equals("online");
                });
            }
            for (JsonNode m : a.received) Schemas.assertValid("server-message.json", m);
        }
    }

    @Test
    void twoBoardsAreAddressedByDevice() throws Exception {
        try (LiveBridge two = LiveBridge.startBoards(2);
                WsClient c = WsClient.connect("two", two.wsUri(null))) {
            JsonNode hello = c.hello.get(5, TimeUnit.SECONDS);
            assertThat(hello.path("devices"))
                    .extracting(d -> d.path("id").asText())
                    .containsExactly("board0", "board1");
            ObjectNode set = WsClient.JSON
                    .createObjectNode()
                    .put("type", "set")
                    .put("device", "board1")
                    .put("light", 2)
                    .put("on", true)
                    .put("color", "#abcdef");
            assertThat(c.request(set).get(5, TimeUnit.SECONDS).path("type").asText())
                    .isEqualTo("ack");
            assertThat(two.board("board1").lights().get(2).color().hex()).isEqualTo("#abcdef");
            assertThat(two.board("board0").lights().get(2).on()).isFalse();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> c.view().get("board1:2").path("color").asText().equals("#abcdef"));
            assertThat(c.view().get("board0:2").path("on").asBoolean()).isFalse();
        }
    }

    @Test
    void withoutTheTokenTheWebSocketIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WsClient.connect("x", bridge.wsUri(null)))
                .cause()
                .isInstanceOfSatisfying(
                        java.net.http.WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(401));
    }
}
