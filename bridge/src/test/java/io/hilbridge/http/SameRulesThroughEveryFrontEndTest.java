package io.hilbridge.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hilbridge.api.ApiJson;
import io.hilbridge.api.ApiService;
import io.hilbridge.api.FakeBoardLink;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.ws.WebSocketConfig;
import io.hilbridge.ws.WebSocketUpgradeHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WebSocket {@code set} and the REST {@code PUT} reach the same rules: the same bad command, sent to a real
 * bridge through both front doors, gets the same code and the same message, and never reaches the board.
 */
class SameRulesThroughEveryFrontEndTest {
    private final FakeBoardLink board = FakeBoardLink.standard("board0");
    private final ApiService api = new ApiService(List.of(board), "9.9.9", Duration.ofSeconds(5));
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private HttpServer server;
    private WebSocket ws;

    @BeforeEach
    void setUp() throws Exception {
        HttpServerConfig cfg = HttpServerConfig.defaults().withPort(0);
        WebSocketConfig wsConfig = WebSocketConfig.builder()
                .access(new WebSocketAccess(cfg.accessPolicy()))
                .build();
        server = HttpServer.start(cfg, api, new WebSocketUpgradeHandler(wsConfig, api));
        ws = http.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws"), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            received.add(text.toString());
                            text.setLength(0);
                        }
                        w.request(1);
                        return null;
                    }
                })
                .get(5, TimeUnit.SECONDS);
        assertThat(json(next()).path("type").asText()).as("the first message").isEqualTo("hello");
    }

    @AfterEach
    void tearDown() {
        ws.abort();
        server.close();
        api.close();
    }

    private String next() throws InterruptedException {
        String m = received.poll(5, TimeUnit.SECONDS);
        assertThat(m).as("a WebSocket message within 5 s").isNotNull();
        return m;
    }

    private static JsonNode json(String s) throws Exception {
        return ApiJson.MAPPER.readTree(s);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            brightness one past its range       | 1   | {"brightness":256}                | online | out_of_range
            transition one past its range       | 1   | {"brightness":5,"transitionMs":65536} | online | out_of_range
            a number too big for any field      | 1   | {"brightness":99999999999}        | online | out_of_range
            an unknown effect                   | 1   | {"effect":"sparkle"}              | online | out_of_range
            nothing to change                   | 1   | {}                                | online | bad_request
            one past the last light             | 4   | {"on":true}                       | online | unknown_light
            colour on the on/off LED            | 0   | {"color":"#ff0000"}               | online | unsupported
            all, one light cannot take a colour | all | {"color":"#ff0000"}               | online | unsupported
            an effect the light lacks           | 1   | {"effect":"rainbow"}              | online | unsupported
            a device that is offline            | 0   | {"on":true}                       | offline | device_offline
            """)
    void aBadCommandGetsTheSameCodeAndMessageThroughBoth(
            String what, String light, String change, String status, String code) throws Exception {
        if (status.equals("offline")) board.status(DeviceStatus.OFFLINE);

        HttpResponse<String> rest = http.send(
                HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + server.port() + "/api/devices/board0/lights/" + light))
                        .PUT(HttpRequest.BodyPublishers.ofString(change))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode restError = json(rest.body());

        ObjectNode set = (ObjectNode) json(change);
        set.put("type", "set").put("id", "c1").put("device", "board0");
        if (light.equals("all")) set.put("light", "all");
        else set.put("light", Integer.parseInt(light));
        ws.sendText(ApiJson.write(set), true).get(5, TimeUnit.SECONDS);
        JsonNode wsError = json(next());
        while (List.of("device", "state").contains(wsError.path("type").asText())) wsError = json(next()); // broadcasts
        assertThat(wsError.path("type").asText())
                .as("the WebSocket answer to %s", set)
                .isEqualTo("error");

        assertThat(rest.statusCode()).as("REST refuses (%s)", rest.body()).isGreaterThanOrEqualTo(400);
        assertThat(restError.path("code").asText()).as("the REST code").isEqualTo(code);
        assertThat(wsError.path("code").asText()).as("the WebSocket code").isEqualTo(code);
        assertThat(wsError.path("message").asText())
                .as("the message")
                .isEqualTo(restError.path("message").asText())
                .isNotBlank();
        assertThat(board.calls).as("nothing reached the board").isEmpty();
    }
}
