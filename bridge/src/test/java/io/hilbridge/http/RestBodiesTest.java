package io.hilbridge.http;

import io.hilbridge.api.ApiService;
import io.hilbridge.api.FakeBoardLink;
import io.hilbridge.api.Transcript;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.LightFault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Pins the exact bytes (key order included) of every REST body: health, devices, one device, a PUT's answer, a
 * reset's answer and the errors. The schema tests accept any key order; this one makes sure that moving where the
 * bodies are built cannot change what scripts receive unnoticed.
 */
class RestBodiesTest {
    private final FakeBoardLink board = FakeBoardLink.standard("board0");
    private final FakeBoardLink board1 = FakeBoardLink.standard("board1");
    private final ApiService api = new ApiService(List.of(board, board1), "9.9.9", Duration.ofSeconds(5));
    private final HttpServer server =
            HttpServer.start(HttpServerConfig.defaults().withPort(0), api, ex -> {
                ex.setStatusCode(418);
                ex.getResponseSender().send("ws");
            });
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Transcript transcript = new Transcript();

    @AfterEach
    void tearDown() {
        server.close();
        api.close();
    }

    private void call(String method, String path, String body) throws Exception {
        transcript.did(method + " " + path + (body.isEmpty() ? "" : " " + body));
        HttpRequest.BodyPublisher publisher =
                body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .method(method, publisher)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        transcript.sent(r.statusCode() + " " + r.body());
    }

    @Test
    void everyBodyKeepsItsExactBytes() throws Exception {
        board.boardFault(2, Optional.of(LightFault.OUTPUT_STUCK));
        call("GET", "/api/health", "");
        call("GET", "/api/devices", "");
        call("GET", "/api/devices/board1", "");
        call("PUT", "/api/devices/board0/lights/1", "{\"on\":true,\"brightness\":9}");
        call("POST", "/api/devices/board0/reset", "");
        board1.status(DeviceStatus.OFFLINE);
        call("GET", "/api/health", "");
        call("GET", "/api/devices/nope", "");
        call("PUT", "/api/devices/board0/lights/7", "{\"on\":true}");
        call("DELETE", "/api/devices", "");
        call("GET", "/api/nothing", "");

        transcript.assertMatchesGolden(RestBodiesTest.class);
    }
}
