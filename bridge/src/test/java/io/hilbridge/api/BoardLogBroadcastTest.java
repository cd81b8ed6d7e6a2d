package io.hilbridge.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static io.hilbridge.api.ApiFixture.ofType;
import static org.assertj.core.api.Assertions.assertThat;

/** The board's log through the WebSocket API: every client gets each line; a backed-up client skips and is told. */
class BoardLogBroadcastTest {
    @RegisterExtension
    final ApiFixture fx = ApiFixture.twoBoards(Duration.ofSeconds(5));

    private final FakeBoardLink board = fx.board;
    private final FakeBoardLink board1 = fx.board1;

    private static List<JsonNode> logs(FakeWebSocket ws) {
        return ofType(ws, "log");
    }

    @Test
    void everyClientGetsEachLineWithItsDeviceLevelAndSource() {
        FakeWebSocket a = fx.connect();
        FakeWebSocket b = fx.connect();
        board.consoleText("ESP-ROM:esp32c3-api1-20210207");
        board.boardLog(2, "W (81234) hilbridge: host silent for 3000 ms: failsafe");
        board1.boardLog(1, "light 3: output stuck");

        for (FakeWebSocket ws : List.of(a, b)) {
            List<JsonNode> got = logs(ws);
            assertThat(got).hasSize(3);
            assertThat(got.get(0).path("source").asText()).isEqualTo("boot");
            assertThat(got.get(0).path("level").asText()).isEqualTo("info");
            assertThat(got.get(0).path("seq").asLong()).isEqualTo(1);
            assertThat(got.get(1).path("device").asText()).isEqualTo("board0");
            assertThat(got.get(1).path("level").asText()).isEqualTo("warn");
            assertThat(got.get(1).path("source").asText()).isEqualTo("log");
            assertThat(got.get(1).path("seq").asLong()).isEqualTo(2);
            assertThat(got.get(1).path("text").asText()).endsWith("failsafe");
            assertThat(got.get(2).path("device").asText()).isEqualTo("board1");
            assertThat(got.get(2).path("seq").asLong())
                    .as("each board numbers its own lines")
                    .isEqualTo(1);
            assertThat(got.get(2).path("level").asText()).isEqualTo("error");
        }
    }

    @Test
    void aBackedUpClientSkipsLinesAndLearnsHowManyWithTheNextOne() {
        FakeWebSocket slow = fx.connect();
        FakeWebSocket fast = fx.connect();
        board.boardLog(3, "one");
        slow.queued = ClientSession.LOG_BACKLOG_BYTES + 1;
        board.boardLog(3, "two");
        board.boardLog(3, "three");
        board1.boardLog(3, "other board");
        slow.queued = 0;
        board.boardLog(3, "four");
        board1.boardLog(3, "other again");

        assertThat(logs(fast))
                .extracting(n -> n.path("text").asText())
                .containsExactly("one", "two", "three", "other board", "four", "other again");
        List<JsonNode> got = logs(slow);
        assertThat(got).extracting(n -> n.path("text").asText()).containsExactly("one", "four", "other again");
        assertThat(got).extracting(n -> n.path("dropped").asLong()).containsExactly(0L, 2L, 1L);
        assertThat(logs(fast))
                .allSatisfy(n -> assertThat(n.path("dropped").asLong()).isZero());
        assertThat(slow.isOpen()).isTrue();
    }

    @Test
    void hugeAndBrokenTextArrivesCleanedAndBounded() {
        FakeWebSocket ws = fx.connect();
        board.boardLog(9, "\u001B[0;32mok\u0007" + "z".repeat(5000));
        JsonNode line = logs(ws).get(0);
        assertThat(line.path("level").asText()).isEqualTo("debug");
        assertThat(line.path("text").asText()).startsWith("ok z").hasSize(240).endsWith("\u2026");
    }

    /** A line is skipped only while the client has MORE than LOG_BACKLOG_BYTES waiting. */
    @Test
    void aClientWithExactlyTheLogBacklogLimitWaitingStillGetsTheLine() {
        FakeWebSocket ws = fx.connect();
        ws.queued = ClientSession.LOG_BACKLOG_BYTES;
        board.boardLog(3, "at the limit");
        ws.queued = ClientSession.LOG_BACKLOG_BYTES + 1;
        board.boardLog(3, "over it");
        assertThat(logs(ws)).extracting(n -> n.path("text").asText()).containsExactly("at the limit");
    }
}
