package io.hilbridge.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hilbridge.lights.LightState;
import io.hilbridge.lights.PixelRuns;
import io.hilbridge.lights.Rgb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
 * Per-pixel colours (websocket-api.md, "Per-pixel colours") end to end on a real bridge with the simulated board:
 * a WebSocket {@code set} and a REST {@code PUT} paint the strip in one command, every client sees the confirmed
 * runs, and bad input of every kind gets its stable code with nothing changed on the board.
 */
class PerPixelApiTest {
    private static final int STRIP = 3; // 8 pixels on the simulated board
    private static LiveBridge bridge;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        bridge = LiveBridge.start();
    }

    @AfterAll
    static void stop() {
        bridge.close();
    }

    private static ObjectNode set(Object light, String pixelsJson) throws Exception {
        ObjectNode m = WsClient.JSON.createObjectNode();
        m.put("type", "set");
        m.set("light", WsClient.JSON.valueToTree(light));
        if (pixelsJson != null) m.set("pixels", WsClient.JSON.readTree(pixelsJson));
        return m;
    }

    private HttpResponse<String> put(String light, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(bridge.uri("/api/devices/board0/lights/" + light))
                        .PUT(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aWebSocketSetPaintsTheStripAndEveryClientSeesTheRuns() throws Exception {
        try (WsClient a = WsClient.connect("a", bridge.wsUri(null));
                WsClient b = WsClient.connect("b", bridge.wsUri(null))) {
            a.hello.get(10, TimeUnit.SECONDS);
            b.hello.get(10, TimeUnit.SECONDS);
            ObjectNode msg =
                    set(STRIP, "[\"#ff0000\", \"#ff0000\", {\"color\": \"#00FF00\", \"count\": 5}, \"#0000ff\"]");
            msg.put("on", true);
            Schemas.assertValid("set.json", msg);
            JsonNode reply = a.request(msg).get(10, TimeUnit.SECONDS);
            assertThat(reply.path("type").asText()).as(reply.toString()).isEqualTo("ack");

            Rgb red = new Rgb(255, 0, 0), green = new Rgb(0, 255, 0), blue = new Rgb(0, 0, 255);
            LightState onBoard = bridge.board().lights().get(STRIP);
            assertThat(onBoard.on()).isTrue();
            assertThat(onBoard.pixels().colors())
                    .as("the board applied them")
                    .containsExactly(red, red, green, green, green, green, green, blue);

            await("b's state message with the runs")
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> b.ofType("state").stream()
                            .anyMatch(s -> s.path("light").asInt() == STRIP
                                    && s.path("pixels").isArray()));
            JsonNode state = b.ofType("state").stream()
                    .filter(s ->
                            s.path("light").asInt() == STRIP && s.path("pixels").isArray())
                    .reduce((x, y) -> y)
                    .orElseThrow();
            Schemas.assertValid("state.json", state);
            assertThat(state.path("pixels").toString())
                    .isEqualTo("[{\"color\":\"#ff0000\",\"count\":2},{\"color\":\"#00ff00\",\"count\":5},"
                            + "{\"color\":\"#0000ff\",\"count\":1}]");

            // A colour for the whole light ends them: the next state has no pixels.
            ObjectNode color = set(STRIP, null);
            color.put("color", "#123456");
            assertThat(a.request(color).get(10, TimeUnit.SECONDS).path("type").asText())
                    .isEqualTo("ack");
            assertThat(bridge.board().lights().get(STRIP).pixels()).isNull();
            await("b's state without pixels").atMost(Duration.ofSeconds(5)).until(() -> {
                List<JsonNode> s = b.ofType("state");
                JsonNode last = s.get(s.size() - 1);
                return last.path("color").asText().equals("#123456") && !last.has("pixels");
            });
        }
    }

    @Test
    void aRestPutPaintsTheStripAndTheDeviceShowsTheRuns() throws Exception {
        String body = "{\"on\": true, \"pixels\": [{\"color\": \"#ff8000\", \"count\": 6}, \"#000000\", \"#000000\"]}";
        Schemas.assertValid("rest-light-body.json", WsClient.JSON.readTree(body));
        HttpResponse<String> r = put(String.valueOf(STRIP), body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode device = WsClient.JSON.readTree(r.body());
        Schemas.assertValid("rest-device.json", device);
        assertThat(device.path("lights").get(STRIP).path("state").path("pixels").toString())
                .isEqualTo("[{\"color\":\"#ff8000\",\"count\":6},{\"color\":\"#000000\",\"count\":2}]");
        assertThat(bridge.board().lights().get(STRIP).pixels())
                .isEqualTo(new PixelRuns(
                        List.of(new PixelRuns.Run(6, new Rgb(255, 128, 0)), new PixelRuns.Run(2, Rgb.BLACK))));
    }

    @Test
    void badPixelsGetTheirCodeAndChangeNothing() throws Exception {
        LightState before = bridge.board().lights().get(STRIP);
        long applied = bridge.board().setsApplied();
        String manyRuns = "[" + "\"#000000\",\"#ffffff\",".repeat(24) + "\"#000000\"]"; // 49 runs, 49 pixels
        String[][] cases = {
            // light, pixels (or a whole body), expected code
            {"3", "\"#ff0000\"", "bad_request"},
            {"3", "[]", "bad_request"},
            {
                "3",
                "[\"red\",\"#00ff00\",\"#00ff00\",\"#00ff00\",\"#00ff00\",\"#00ff00\",\"#00ff00\",\"#00ff00\"]",
                "bad_request"
            },
            {"3", "[42]", "bad_request"},
            {"3", "[{\"color\": \"#ff0000\"}]", "bad_request"},
            {"3", "[{\"color\": \"#ff0000\", \"count\": 8, \"x\": 1}]", "bad_request"},
            {"3", "[{\"color\": \"#ff0000\", \"count\": 2.5}]", "bad_request"},
            {"3", "[{\"color\": \"#ff0000\", \"count\": 0}, {\"color\": \"#ff0000\", \"count\": 8}]", "out_of_range"},
            {"3", "[{\"color\": \"#ff0000\", \"count\": 70000}]", "out_of_range"},
            {"3", "[\"#ff0000\",\"#ff0000\",\"#ff0000\"]", "out_of_range"},
            {"3", "[{\"color\": \"#ff0000\", \"count\": 9}]", "out_of_range"},
            {"2", "[\"#ff0000\"]", "unsupported"},
            {"all", "[{\"color\": \"#ff0000\", \"count\": 8}]", "unsupported"},
            {"3", manyRuns, "too_large"},
        };
        try (WsClient c = WsClient.connect("c", bridge.wsUri(null))) {
            c.hello.get(10, TimeUnit.SECONDS);
            for (String[] k : cases) {
                Object light = k[0].equals("all") ? "all" : Integer.parseInt(k[0]);
                JsonNode reply = c.request(set(light, k[1])).get(10, TimeUnit.SECONDS);
                assertThat(reply.path("code").asText())
                        .as("ws %s %s: %s", k[0], k[1], reply)
                        .isEqualTo(k[2]);
                HttpResponse<String> r = put(k[0], "{\"pixels\": " + k[1] + "}");
                assertThat(WsClient.JSON.readTree(r.body()).path("code").asText())
                        .as("rest %s %s: %s", k[0], k[1], r.body())
                        .isEqualTo(k[2]);
            }
            // pixels with a colour for the whole light contradict each other
            ObjectNode both = set(STRIP, "[{\"color\": \"#ff0000\", \"count\": 8}]");
            both.put("color", "#00ff00");
            assertThat(c.request(both).get(10, TimeUnit.SECONDS).path("code").asText())
                    .isEqualTo("bad_request");
            // the bridge still answers
            JsonNode ok = c.request(set(STRIP, "[{\"color\": \"#010203\", \"count\": 8}]"))
                    .get(10, TimeUnit.SECONDS);
            assertThat(ok.path("type").asText()).as(ok.toString()).isEqualTo("ack");
        }
        assertThat(bridge.board().setsApplied())
                .as("only the last, good command reached the board")
                .isEqualTo(applied + 1);
        assertThat(before.pixels())
                .isNotEqualTo(bridge.board().lights().get(STRIP).pixels());
    }
}
