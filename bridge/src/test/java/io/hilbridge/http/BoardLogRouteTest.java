package io.hilbridge.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.hilbridge.api.ApiJson;
import io.hilbridge.api.ApiService;
import io.hilbridge.api.FakeBoardLink;
import io.hilbridge.api.Schemas;
import io.hilbridge.boardlog.BoardLogs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/devices/{device}/log}: the last lines, paging forward, and every refusal with its stable code. */
class BoardLogRouteTest {
    private final FakeBoardLink board = FakeBoardLink.standard("board0");
    private final ApiService api = new ApiService(List.of(board), "9.9.9", Duration.ofSeconds(5));
    private final HttpServer server =
            HttpServer.start(HttpServerConfig.defaults().withPort(0), api, ex -> {});
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void tearDown() {
        server.close();
        api.close();
    }

    private HttpResponse<String> call(String method, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ok(String path) throws Exception {
        HttpResponse<String> r = call("GET", path);
        assertThat(r.statusCode()).as("%s: %s", path, r.body()).isEqualTo(200);
        Schemas.assertValid("rest-log.json", r.body());
        return ApiJson.MAPPER.readTree(r.body());
    }

    private void refused(String path, int status, String code) throws Exception {
        HttpResponse<String> r = call("GET", path);
        assertThat(r.statusCode()).as("%s: %s", path, r.body()).isEqualTo(status);
        Schemas.assertValid("rest-error.json", r.body());
        assertThat(ApiJson.MAPPER.readTree(r.body()).path("code").asText()).isEqualTo(code);
    }

    private static List<String> texts(JsonNode body) {
        return body.path("lines").findValuesAsText("text");
    }

    @Test
    void answersTheLastLinesAndPagesForward() throws Exception {
        assertThat(texts(ok("/api/devices/board0/log"))).isEmpty();
        board.consoleText("ESP-ROM:esp32c3-api1-20210207");
        for (int i = 1; i <= 4; i++) board.boardLog(3, "line " + i);

        JsonNode all = ok("/api/devices/board0/log");
        assertThat(texts(all)).containsExactly("ESP-ROM:esp32c3-api1-20210207", "line 1", "line 2", "line 3", "line 4");
        assertThat(all.path("lines").get(0).path("source").asText()).isEqualTo("boot");
        assertThat(all.path("next").asLong()).isEqualTo(5);
        assertThat(texts(ok("/api/devices/board0/log?limit=2"))).containsExactly("line 3", "line 4");

        JsonNode page = ok("/api/devices/board0/log?since=2&limit=2");
        assertThat(texts(page)).containsExactly("line 2", "line 3");
        assertThat(page.path("next").asLong()).isEqualTo(4);
        JsonNode rest = ok("/api/devices/board0/log?since=" + page.path("next").asLong());
        assertThat(texts(rest)).containsExactly("line 4");
        assertThat(texts(ok("/api/devices/board0/log?since=5"))).isEmpty();
    }

    @Test
    void aSinceOlderThanTheRingSaysHowManyLinesWereMissed() throws Exception {
        int total = BoardLogs.LINES_PER_BOARD + 30;
        for (int i = 1; i <= total; i++) board.boardLog(3, "n" + i);
        JsonNode page = ok("/api/devices/board0/log?since=10&limit=1");
        assertThat(texts(page)).containsExactly("n31");
        assertThat(page.path("missed").asLong()).isEqualTo(20);
        assertThat(page.path("newest").asLong()).isEqualTo(total);
    }

    @Test
    void refusesWithStableCodes() throws Exception {
        board.boardLog(3, "only line");
        refused("/api/devices/nope/log", 404, "unknown_device");
        refused("/api/devices/board0/log?since=2", 400, "out_of_range");
        refused("/api/devices/board0/log?since=-1", 400, "out_of_range");
        refused("/api/devices/board0/log?since=abc", 400, "bad_request");
        refused("/api/devices/board0/log?since=99999999999999999999999", 400, "bad_request");
        refused("/api/devices/board0/log?limit=0", 400, "out_of_range");
        refused("/api/devices/board0/log?limit=501", 400, "out_of_range");
        HttpResponse<String> post = call("POST", "/api/devices/board0/log");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(texts(ok("/api/devices/board0/log"))).as("nothing was lost").containsExactly("only line");
    }
}
