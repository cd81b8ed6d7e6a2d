package io.hilbridge.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hilbridge.boardlog.LogLine;
import io.hilbridge.boardlog.LogRing;
import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static io.hilbridge.api.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * websocket-api.md: the {@code health} request and {@code ?since=} of its REST twin (an integer of milliseconds,
 * at least 0), and {@code GET /api/devices/{device}/log}'s {@code since} (0..newest) and {@code limit} (1..the
 * lines kept, default 200), each rule at both sides of its boundary.
 */
class HealthAndLogRequestsTest {
    @RegisterExtension
    final ApiFixture fx = ApiFixture.twoBoards(Duration.ofSeconds(5));

    private final FakeBoardLink board1 = fx.board1;
    private final ApiService api = fx.api;

    /** The one client, connected on its first message. */
    private FakeWebSocket ws;

    private JsonNode send(String message) {
        if (ws == null) ws = fx.connect();
        return fx.reply(ws, message);
    }

    private static CommandException refusal(Runnable r) {
        CommandException e = catchThrowableOfType(r::run, CommandException.class);
        assertThat(e).as("refused").isNotNull();
        return e;
    }

    @Test
    void healthAnswersForTheNamedDeviceOrTheFirst() {
        JsonNode h = send("{\"type\":\"health\",\"id\":\"h1\"}");
        assertThat(h.path("type").asText()).isEqualTo("health");
        assertThat(h.path("id").asText()).isEqualTo("h1");
        assertThat(h.path("device").asText()).isEqualTo("board0");
        assertThat(send("{\"type\":\"health\",\"id\":2,\"device\":\"board1\",\"since\":0}")
                        .path("device")
                        .asText())
                .isEqualTo("board1");
        assertThat(send("{\"type\":\"health\",\"id\":3,\"device\":null,\"since\":null}")
                        .path("device")
                        .asText())
                .as("null fields are left out")
                .isEqualTo("board0");
        assertThat(send("{\"type\":\"health\",\"device\":\"nope\"}")
                        .path("code")
                        .asText())
                .isEqualTo("unknown_device");
    }

    @Test
    void sinceIsAnIntegerOfAtLeastZero() {
        assertThat(HealthRequest.parse((ObjectNode) json("{\"type\":\"health\",\"since\":0}"))
                        .sinceMillis())
                .isZero();
        assertThat(HealthRequest.parse((ObjectNode) json("{\"since\":1733520000000}"))
                        .sinceMillis())
                .isEqualTo(1733520000000L);
        assertThat(HealthRequest.parse((ObjectNode) json("{}"))).isEqualTo(new HealthRequest(null, 0));
        for (String bad : List.of("-1", "1.5", "\"5\"", "99999999999999999999", "true")) {
            JsonNode e = send("{\"type\":\"health\",\"id\":\"b\",\"since\":" + bad + "}");
            assertThat(e.path("code").asText()).as("since %s", bad).isEqualTo("bad_request");
            assertThat(e.path("message").asText())
                    .isEqualTo("since must be a time in milliseconds since the epoch (an integer >= 0)");
        }
        assertThat(send("{\"type\":\"health\",\"device\":5}").path("message").asText())
                .isEqualTo("device must be a string");
        assertThat(send("{\"type\":\"health\",\"until\":5}").path("message").asText())
                .isEqualTo("unknown field \"until\"");
    }

    @Test
    void theRestSinceIsTheSameRule() {
        assertThat(HealthRequest.parseSince(null)).isZero();
        assertThat(HealthRequest.parseSince("")).isZero();
        assertThat(HealthRequest.parseSince("0")).isZero();
        assertThat(HealthRequest.parseSince("1733520000000")).isEqualTo(1733520000000L);
        for (String bad : List.of("-1", "abc", "9223372036854775808", "1.5")) {
            CommandException e = refusal(() -> HealthRequest.parseSince(bad));
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(e.getMessage())
                    .isEqualTo("since must be a time in milliseconds since the epoch (an integer >= 0), was \"" + bad
                            + "\"");
        }
    }

    private static LogRing ring(int capacity, int lines) {
        LogRing ring = new LogRing(capacity, Clock.fixed(Instant.parse("2026-12-07T03:00:00.123456Z"), ZoneOffset.UTC));
        for (int i = 1; i <= lines; i++) ring.append(LogLine.Level.INFO, LogLine.Source.LOG, "line " + i);
        return ring;
    }

    private static List<String> texts(ObjectNode body) {
        return body.path("lines").findValuesAsText("text");
    }

    @Test
    void withoutLimitTheLast200LinesOrAllTheRingHolds() {
        ObjectNode body = LogQuery.answer("board0", ring(500, 201), null, null);
        List<String> texts = texts(body);
        assertThat(texts).hasSize(LogQuery.DEFAULT_LIMIT);
        assertThat(texts.get(0)).isEqualTo("line 2");
        assertThat(body.path("missed").asLong()).isZero();
        assertThat(body.path("next").asLong()).isEqualTo(201);
        assertThat(body.path("newest").asLong()).isEqualTo(201);
        assertThat(texts(LogQuery.answer("board0", ring(5, 7), null, null)))
                .as("a ring smaller than the default")
                .containsExactly("line 3", "line 4", "line 5", "line 6", "line 7");
        Schemas.assertValid("rest-log.json", ApiJson.write(body));
    }

    @Test
    void limitIs1ToTheLinesKept() {
        LogRing ring = ring(5, 7);
        assertThat(texts(LogQuery.answer("board0", ring, null, "1"))).containsExactly("line 7");
        assertThat(texts(LogQuery.answer("board0", ring, null, "5"))).hasSize(5);
        for (String bad : List.of("0", "6", "-1", "4294967297")) {
            CommandException e = refusal(() -> LogQuery.answer("board0", ring, null, bad));
            assertThat(e.code()).isEqualTo(ErrorCode.OUT_OF_RANGE);
            assertThat(e.getMessage()).isEqualTo("limit " + bad + " is outside 1..5 (lines kept)");
        }
    }

    @Test
    void sinceIs0ToTheNewestLine() {
        LogRing ring = ring(5, 7);
        ObjectNode fromStart = LogQuery.answer("board0", ring, "0", null);
        assertThat(texts(fromStart)).containsExactly("line 3", "line 4", "line 5", "line 6", "line 7");
        assertThat(fromStart.path("missed").asLong())
                .as("lines 1 and 2 left the ring")
                .isEqualTo(2);
        ObjectNode atNewest = LogQuery.answer("board0", ring, "7", "2");
        assertThat(texts(atNewest)).isEmpty();
        assertThat(atNewest.path("next").asLong())
                .as("nothing newer: ask again after 7")
                .isEqualTo(7);
        assertThat(texts(LogQuery.answer("board0", ring, "5", "1"))).containsExactly("line 6");
        for (String bad : List.of("8", "-1")) {
            CommandException e = refusal(() -> LogQuery.answer("board0", ring, bad, null));
            assertThat(e.code()).as("since %s", bad).isEqualTo(ErrorCode.OUT_OF_RANGE);
            assertThat(e.getMessage())
                    .isEqualTo("since " + bad + " is outside 0..7 (the newest line of board0 is 7; line numbers"
                            + " start again when the bridge restarts)");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "1.5", "+3", "12345678901234567890", "9999999999999999999", "0x10"})
    void sinceAndLimitAreWholeNumbers(String bad) {
        LogRing ring = ring(5, 7);
        for (String name : List.of("since", "limit")) {
            CommandException e = refusal(() -> LogQuery.answer(
                    "board0", ring, name.equals("since") ? bad : null, name.equals("limit") ? bad : null));
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(e.getMessage()).isEqualTo(name + " must be a whole number, was \"" + bad + "\"");
        }
    }

    @Test
    void theLogOfAnUnknownDeviceIsUnknownDevice() {
        assertThat(refusal(() -> api.log("nope", null, null)).code()).isEqualTo(ErrorCode.UNKNOWN_DEVICE);
        board1.boardLog(3, "hello from board1");
        assertThat(texts(api.log("board1", null, null))).containsExactly("hello from board1");
        assertThat(texts(api.log(null, null, null))).as("no device: the first").isEmpty();
    }
}
