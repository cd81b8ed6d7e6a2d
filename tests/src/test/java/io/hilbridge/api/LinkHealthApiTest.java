package io.hilbridge.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /api/devices/{device}/health} and the WebSocket {@code health} request on the real bridge with the
 * simulated board, which prints the ROM's boot text when it starts: that run is counted as boot text, not as line
 * noise, and the samples fill up as the board acknowledges commands.
 */
class LinkHealthApiTest {
    /** The first sample comes one interval (1 s) after the start; this is the deadline for it, not a delay. */
    private static final Duration SAMPLE_DEADLINE = Duration.ofSeconds(10);

    private static LiveBridge bridge;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        bridge = LiveBridge.start();
        // The simulated board booted before the bridge opened its port, so how much of that boot text the bridge
        // saw depends on timing; a reset prints it all on an open port.
        long before = bridge.link().stats().bootText();
        bridge.board().faults().reset();
        await().atMost(SAMPLE_DEADLINE)
                .alias("the reset board's boot text counted")
                .until(() -> bridge.link().stats().bootText() > before);
        bridge.awaitStatus(io.hilbridge.lights.DeviceStatus.ONLINE);
    }

    @AfterAll
    static void stop() {
        bridge.close();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(bridge.uri(path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(r, HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode health(String query) throws Exception {
        HttpResponse<String> r = send("GET", "/api/devices/board0/health" + query, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = WsClient.JSON.readTree(r.body());
        Schemas.assertValid("rest-device-health.json", body);
        return body;
    }

    private static long sum(JsonNode column) {
        long n = 0;
        for (JsonNode v : column) n += v.asLong();
        return n;
    }

    @Test
    void samplesShowTheRoundTripsAndTheBootTextApartFromNoise() throws Exception {
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> r =
                    send("PUT", "/api/devices/board0/lights/1", "{\"on\":true,\"brightness\":" + (i + 1) + "}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        AtomicReference<JsonNode> last = new AtomicReference<>();
        await().atMost(SAMPLE_DEADLINE)
                .pollInterval(100, TimeUnit.MILLISECONDS)
                .alias("a health sample holding the 10 acknowledged SETs")
                .until(() -> {
                    last.set(health(""));
                    return sum(last.get().path("samples").path("roundTrips")) >= 10;
                });
        JsonNode h = last.get();
        assertThat(h.path("device").asText()).isEqualTo("board0");
        assertThat(h.path("intervalMs").asInt()).isEqualTo(1000);
        assertThat(h.path("capacity").asInt()).isEqualTo(600);
        JsonNode s = h.path("samples");
        boolean sawPercentiles = false;
        for (int i = 0; i < s.path("t").size(); i++) {
            if (s.path("roundTrips").get(i).asInt() == 0) {
                assertThat(s.path("rttP50Micros").get(i).isNull())
                        .as("no round trip, no median")
                        .isTrue();
                continue;
            }
            long p50 = s.path("rttP50Micros").get(i).asLong();
            long p99 = s.path("rttP99Micros").get(i).asLong();
            assertThat(p50).isPositive();
            assertThat(p99).isGreaterThanOrEqualTo(p50);
            sawPercentiles = true;
        }
        assertThat(sawPercentiles).isTrue();
        // The board's start: the ROM's boot text was dropped, and it is counted as boot text, not line noise.
        var stats = bridge.link().stats();
        assertThat(stats.bootText()).isPositive();
        assertThat(sum(s.path("bootText"))).isEqualTo(stats.bootText());
        assertThat(sum(s.path("noiseErrors"))).isEqualTo(stats.noiseErrors());
        assertThat(stats.noiseErrors())
                .as("the simulated board has no line noise: every decode error was boot text")
                .isZero();
        assertThat(stats.decodeErrors()).isEqualTo(stats.bootText());
    }

    @Test
    void sinceLeavesOutWhatTheCallerAlreadyHas() throws Exception {
        AtomicReference<JsonNode> first = new AtomicReference<>();
        await().atMost(SAMPLE_DEADLINE).alias("a first health sample").until(() -> {
            first.set(health(""));
            return first.get().path("samples").path("t").size() > 0;
        });
        JsonNode t = first.get().path("samples").path("t");
        long newest = t.get(t.size() - 1).asLong();
        assertThat(health("?since=" + (newest - 1)).path("samples").path("t"))
                .as("since just before the newest sample: that sample alone (or newer ones too)")
                .isNotEmpty()
                .allSatisfy(later -> assertThat(later.asLong()).isGreaterThanOrEqualTo(newest));
        AtomicReference<JsonNode> newer = new AtomicReference<>();
        await().atMost(SAMPLE_DEADLINE).alias("a sample newer than " + newest).until(() -> {
            newer.set(health("?since=" + newest).path("samples"));
            return newer.get().path("t").size() > 0;
        });
        JsonNode s = newer.get();
        for (JsonNode later : s.path("t")) assertThat(later.asLong()).isGreaterThan(newest);
        for (String column : new String[] {"roundTrips", "rttP50Micros", "bootText", "noiseErrors"}) {
            assertThat(s.path(column).size()).as(column).isEqualTo(s.path("t").size());
        }
    }

    @Test
    void theWebSocketRequestGetsTheSameBody() throws Exception {
        WsClient c = WsClient.connect("health", bridge.wsUri(null));
        try {
            c.hello.get(5, TimeUnit.SECONDS);
            ObjectNode req = WsClient.JSON.createObjectNode();
            req.put("type", "health");
            req.put("device", "board0");
            JsonNode reply = c.request(req).get(5, TimeUnit.SECONDS);
            Schemas.assertValid("server-message.json", reply);
            assertThat(reply.path("type").asText()).isEqualTo("health");
            assertThat(reply.path("capacity").asInt()).isEqualTo(600);

            ObjectNode bad = WsClient.JSON.createObjectNode();
            bad.put("type", "health");
            bad.put("since", -5);
            JsonNode error = c.request(bad).get(5, TimeUnit.SECONDS);
            assertThat(error.path("type").asText()).isEqualTo("error");
            assertThat(error.path("code").asText()).isEqualTo("bad_request");
            assertThat(error.path("message").asText()).contains("since");
        } finally {
            c.close();
        }
    }

    @Test
    void badRequestsGetClearErrors() throws Exception {
        HttpResponse<String> unknown = send("GET", "/api/devices/nope/health", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(WsClient.JSON.readTree(unknown.body()).path("code").asText()).isEqualTo("unknown_device");
        HttpResponse<String> badSince = send("GET", "/api/devices/board0/health?since=yesterday", null);
        assertThat(badSince.statusCode()).isEqualTo(400);
        assertThat(WsClient.JSON.readTree(badSince.body()).path("message").asText())
                .contains("since");
        HttpResponse<String> post = send("POST", "/api/devices/board0/health", null);
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET");
    }

    @Test
    void metricsCountBootTextApart() throws Exception {
        HttpResponse<String> r = send("GET", "/metrics", null);
        long bootText = bridge.link().stats().bootText();
        assertThat(bootText).isPositive();
        assertThat(r.body()).contains("hilbridge_link_boot_text_total{device=\"board0\"} " + bootText + ".0");
    }
}
