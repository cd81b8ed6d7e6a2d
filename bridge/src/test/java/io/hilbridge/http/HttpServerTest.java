package io.hilbridge.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.hilbridge.api.ApiJson;
import io.hilbridge.api.ApiService;
import io.hilbridge.api.FakeBoardLink;
import io.hilbridge.api.Schemas;
import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** REST, metrics and the page, against a fake board: every status code the REST API can answer. */
class HttpServerTest {
    private FakeBoardLink board;
    private ApiService api;
    private HttpServer server;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void setUp() {
        board = FakeBoardLink.standard("board0");
        api = new ApiService(List.of(board), "9.9.9", Duration.ofMillis(300));
        server = start(HttpServerConfig.defaults().withPort(0));
    }

    private HttpServer start(HttpServerConfig cfg) {
        return HttpServer.start(cfg, api, ex -> {
            ex.setStatusCode(418);
            ex.getResponseSender().send("ws");
        });
    }

    @AfterEach
    void tearDown() {
        server.close();
        api.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> put(String path, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri(path))
                        .PUT(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri(path))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void resetAnswersWithTheNewBootIdOrTheErrorsStatus() throws Exception {
        HttpResponse<String> r = post("/api/devices/board0/reset");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).path("bootId").asText()).isEqualTo("1234abcd");
        assertThat(json(r).path("device").asText()).isEqualTo("board0");
        Schemas.assertValid("rest-reset.json", json(r));
        assertThat(board.resets.get()).isEqualTo(1);

        board.failWith(new CommandException(ErrorCode.RESET_FAILED, "no effect"));
        assertError(post("/api/devices/board0/reset"), 502, "reset_failed");
        board.failWith(new CommandException(ErrorCode.TIMEOUT, "did not come back"));
        assertError(post("/api/devices/board0/reset"), 504, "timeout");
        board.failWith(new CommandException(ErrorCode.UNSUPPORTED, "cannot restart"));
        assertError(post("/api/devices/board0/reset"), 400, "unsupported");
        assertError(post("/api/devices/nope/reset"), 404, "unknown_device");
        assertError(get("/api/devices/board0/reset"), 405, "method_not_allowed");
        assertError(post("/api/devices/board0/reboot"), 404, "not_found");
        assertThat(board.resets.get()).isEqualTo(4);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return ApiJson.MAPPER.readTree(r.body());
    }

    /** An error answer: the status, the code, a message, and the shared error schema. */
    private static void assertError(HttpResponse<String> r, int status, String code) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode b = json(r);
        assertThat(b.path("code").asText()).isEqualTo(code);
        assertThat(b.path("message").asText()).isNotBlank();
        Schemas.assertValid("rest-error.json", b);
    }

    @Test
    void everyCoreGetsAnIoThreadToWriteItsConnections() {
        // A push to thousands of viewers is one kernel write per connection, spread over the IO threads.
        assertThat(server.ioThreadCount())
                .isEqualTo(Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    @Test
    void portZeroListensOnAFreePort() {
        assertThat(server.port()).isPositive();
        assertThat(server.url()).isEqualTo("http://127.0.0.1:" + server.port() + "/");
    }

    @Test
    void getDevicesAndDeviceAndHealthAnswer200() throws Exception {
        HttpResponse<String> r = get("/api/devices");
        assertThat(r.statusCode()).isEqualTo(200);
        Schemas.assertValid("rest-devices.json", json(r));
        assertThat(json(r).path("devices").get(0).path("lights")).hasSize(4);

        r = get("/api/devices/board0");
        assertThat(r.statusCode()).isEqualTo(200);
        Schemas.assertValid("rest-device.json", json(r));

        r = get("/api/health");
        assertThat(r.statusCode()).isEqualTo(200);
        Schemas.assertValid("rest-health.json", json(r));
        assertThat(json(r).path("status").asText()).isEqualTo("ok");
        board.status(DeviceStatus.OFFLINE);
        assertThat(json(get("/api/health")).path("status").asText()).isEqualTo("degraded");
    }

    @Test
    void putAnswers200AfterTheAckWithTheConfirmedState() throws Exception {
        HttpResponse<String> r = put(
                "/api/devices/board0/lights/2",
                "{\"on\":true,\"brightness\":40,\"color\":\"#102030\",\"transitionMs\":100}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Schemas.assertValid("rest-device.json", json(r));
        JsonNode state = json(r).path("lights").get(2).path("state");
        assertThat(state.path("on").asBoolean()).isTrue();
        assertThat(state.path("brightness").asInt()).isEqualTo(40);
        assertThat(state.path("color").asText()).isEqualTo("#102030");

        r = put("/api/devices/board0/lights/all", "{\"on\":false}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(board.calls.get(1).light()).isEqualTo(0xFF);
    }

    @Test
    void putWaitsForTheBoard() throws Exception {
        board.mode(FakeBoardLink.Mode.MANUAL);
        var pending = http.sendAsync(
                HttpRequest.newBuilder(uri("/api/devices/board0/lights/0"))
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"on\":true}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        org.awaitility.Awaitility.await().until(() -> board.calls.size() == 1);
        assertThat(pending).isNotDone();
        board.calls.get(0).future().complete(null);
        assertThat(pending.get().statusCode()).isEqualTo(200);
    }

    @Test
    void status400ForBadRequestsOutOfRangeUnsupportedAndTooLarge() throws Exception {
        assertError(put("/api/devices/board0/lights/1", "{not json"), 400, "bad_request");
        assertError(put("/api/devices/board0/lights/1", ""), 400, "bad_request");
        assertError(put("/api/devices/board0/lights/1", "[1]"), 400, "bad_request");
        assertError(put("/api/devices/board0/lights/1", "{}"), 400, "bad_request");
        assertError(put("/api/devices/board0/lights/1", "{\"light\":1,\"on\":true}"), 400, "bad_request");
        assertError(put("/api/devices/board0/lights/x", "{\"on\":true}"), 400, "bad_request");
        assertError(put("/api/devices/board0/lights/1", "{\"brightness\":256}"), 400, "out_of_range");
        assertError(put("/api/devices/board0/lights/1", "{\"effect\":\"disco\"}"), 400, "out_of_range");
        assertError(put("/api/devices/board0/lights/0", "{\"color\":\"#ff0000\"}"), 400, "unsupported");
        String big = "{\"on\":true,\"pad\":\"" + "x".repeat(HttpServerConfig.DEFAULT_MAX_BODY_BYTES) + "\"}";
        assertError(put("/api/devices/board0/lights/0", big), 400, "too_large");
        assertThat(board.calls).isEmpty();
    }

    @Test
    void tooLargeChunkedBodiesAreRefusedToo() throws Exception {
        byte[] big = ("{\"on\":true,\"pad\":\"" + "x".repeat(10_000) + "\"}").getBytes();
        // ofInputStream has no known length: the body is sent chunked, without Content-Length
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(uri("/api/devices/board0/lights/0"))
                        .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertError(r, 400, "too_large");
    }

    @Test
    void status404ForUnknownDevicesLightsAndEndpoints() throws Exception {
        assertError(get("/api/devices/nope"), 404, "unknown_device");
        assertError(put("/api/devices/nope/lights/0", "{\"on\":true}"), 404, "unknown_device");
        assertError(put("/api/devices/board0/lights/9", "{\"on\":true}"), 404, "unknown_light");
        assertError(get("/api/nothing"), 404, "not_found");
        assertError(get("/api/devices/board0/lights"), 404, "not_found");
    }

    @Test
    void status405ForWrongMethods() throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(uri("/api/devices")).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertError(r, 405, "method_not_allowed");
        assertThat(r.headers().firstValue("Allow")).hasValue("GET");
        assertError(get("/api/devices/board0/lights/0"), 405, "method_not_allowed");
        assertError(put("/api/health", "{}"), 405, "method_not_allowed");
    }

    @Test
    void status409503504AndNackFromTheLink() throws Exception {
        board.failWith(new CommandException(ErrorCode.BUSY, "board busy"));
        assertError(put("/api/devices/board0/lights/0", "{\"on\":true}"), 409, "busy");
        board.failWith(new CommandException(ErrorCode.DEVICE_OFFLINE, "unplugged"));
        assertError(put("/api/devices/board0/lights/0", "{\"on\":true}"), 503, "device_offline");
        board.failWith(new CommandException(ErrorCode.TIMEOUT, "no answer"));
        assertError(put("/api/devices/board0/lights/0", "{\"on\":true}"), 504, "timeout");
        board.failWith(new CommandException(ErrorCode.NACK, "nack:malformed", "malformed"));
        assertError(put("/api/devices/board0/lights/0", "{\"on\":true}"), 502, "nack:malformed");
        board.failWith(null);
        board.status(DeviceStatus.OFFLINE);
        assertError(put("/api/devices/board0/lights/0", "{\"on\":true}"), 503, "device_offline");
    }

    @Test
    void aBoardThatNeverAnswersGives504() throws Exception {
        board.mode(FakeBoardLink.Mode.MANUAL);
        assertError(put("/api/devices/board0/lights/0", "{\"on\":true}"), 504, "timeout");
    }

    @Test
    void tokenIsRequiredWhenConfigured() throws Exception {
        server.close();
        server = start(HttpServerConfig.defaults().withPort(0).withToken("s3cret"));
        assertError(get("/api/devices"), 401, "unauthorized");
        assertError(get("/api/devices?token=wrong"), 401, "unauthorized");
        assertError(put("/api/devices/board0/lights/0", "{\"on\":true}"), 401, "unauthorized");
        assertThat(get("/metrics").statusCode()).isEqualTo(401);
        assertThat(board.calls).isEmpty();

        assertThat(get("/api/devices?token=s3cret").statusCode()).isEqualTo(200);
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(uri("/api/devices/board0/lights/0"))
                        .header("Authorization", "Bearer s3cret")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"on\":true}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(get("/api/health").statusCode())
                .as("health stays open for probes")
                .isEqualTo(200);
        assertThat(get("/").statusCode())
                .as("the page loads; it passes the token on")
                .isEqualTo(200);
    }

    @Test
    void browsersFromOtherOriginsAreRefused403() throws Exception {
        server.close();
        server = start(HttpServerConfig.defaults().withPort(0).withAllowedOrigins(Set.of("http://dash.example:3000")));
        for (String origin : List.of("http://evil.example", "http://127.0.0.1:1", "null")) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(uri("/api/devices/board0/lights/0"))
                            .header("Origin", origin)
                            .PUT(HttpRequest.BodyPublishers.ofString("{\"on\":true}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertError(r, 403, "forbidden");
        }
        assertThat(board.calls).isEmpty();
        for (String origin : List.of("http://127.0.0.1:" + server.port(), "http://dash.example:3000")) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(uri("/api/devices/board0/lights/0"))
                            .header("Origin", origin)
                            .PUT(HttpRequest.BodyPublishers.ofString("{\"on\":true}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(origin).isEqualTo(200);
        }
    }

    @Test
    void metricsArePrometheusText() throws Exception {
        board.roundTrip(3_000_000);
        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(r.body())
                .contains("hilbridge_link_frames_sent_total{device=\"board0\"} 10")
                .contains("hilbridge_link_decode_errors_total{device=\"board0\",kind=\"crc\"} 2")
                .contains("hilbridge_link_retransmits_total{device=\"board0\"} 3")
                .contains("hilbridge_link_round_trip_seconds_bucket{device=\"board0\",le=\"0.005\"} 1")
                .contains("hilbridge_link_round_trip_seconds_bucket{device=\"board0\",le=\"0.002\"} 0")
                .contains("hilbridge_link_round_trip_seconds_count{device=\"board0\"} 1")
                .contains("hilbridge_device_status{device=\"board0\",status=\"online\"} 1")
                .contains("hilbridge_device_status{device=\"board0\",status=\"offline\"} 0")
                .contains("hilbridge_websocket_clients 0");
    }

    @Test
    void thePageAndItsFilesAreServedWithASafePolicy() throws Exception {
        HttpResponse<String> r = get("/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(r.headers().firstValue("Content-Security-Policy")).hasValue(HttpServer.PAGE_CSP);
        assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(r.body()).contains("<script src=\"app.js\"></script>").doesNotContain("http://", "https://");
        r = get("/app.js");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).contains("javascript"));
        assertThat(get("/style.css").statusCode()).isEqualTo(200);
        assertThat(get("/missing.js").statusCode()).isEqualTo(404);
        assertThat(get("/../pom.xml").statusCode()).isIn(400, 404);
    }

    /** A raw request, so the Host header can be anything (java.net.http does not let a test set it). */
    private String rawStatusLine(String host, String path) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream()
                    .write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new java.io.BufferedReader(new java.io.InputStreamReader(
                            s.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII))
                    .readLine();
        }
    }

    @Test
    void dnsRebindingIsRefused() throws Exception {
        // a page on evil.example whose name was made to resolve to 127.0.0.1 sends Host: evil.example:<port>
        for (String path : List.of("/", "/api/devices", "/ws", "/metrics")) {
            assertThat(rawStatusLine("evil.example:" + server.port(), path))
                    .as(path)
                    .contains(" 403 ");
        }
        assertThat(rawStatusLine("127.0.0.1:" + server.port(), "/api/devices")).contains(" 200 ");
        assertThat(rawStatusLine("localhost:" + server.port(), "/api/devices")).contains(" 200 ");
        assertThat(rawStatusLine("[::1]:" + server.port(), "/api/devices")).contains(" 200 ");
        server.close();
        server = start(HttpServerConfig.defaults().withPort(0).withAllowedOrigins(Set.of("http://dash.example:3000")));
        assertThat(rawStatusLine("dash.example:" + server.port(), "/api/devices"))
                .contains(" 200 ");
    }

    @Test
    void thePageIsSmall() throws Exception {
        long total = 0;
        for (String f : List.of("/", "/app.js", "/style.css"))
            total += get(f).body().length();
        assertThat(total).as("index.html + app.js + style.css").isLessThan(40_000);
    }

    @Test
    void wsIsHandedToTheWebSocketHandler() throws Exception {
        assertThat(get("/ws").statusCode()).isEqualTo(418);
    }
}
