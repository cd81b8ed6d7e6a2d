package io.hilbridge.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.hilbridge.link.Messages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static io.hilbridge.api.ApiFixture.ofType;
import static org.assertj.core.api.Assertions.assertThat;

/** websocket-api.md, pixels: only watchers get pixel messages, and a board streams exactly while someone watches. */
class PixelViewersTest {
    @RegisterExtension
    final ApiFixture fx = ApiFixture.twoBoards(Duration.ofMillis(200));

    private final FakeBoardLink board = fx.board;
    private final FakeBoardLink board1 = fx.board1;
    private final ApiService api = fx.api;

    private static final Messages.Pixels STRIP =
            new Messages.Pixels(3, 0, new byte[] {(byte) 255, 0, 0, 0, (byte) 128, (byte) 255});

    private static List<JsonNode> pixels(FakeWebSocket ws) {
        return ofType(ws, "pixels");
    }

    @Test
    void onlyWatchersGetPixelsAndTheBoardStreamsWhileAnyoneWatches() {
        FakeWebSocket viewer = fx.connect();
        FakeWebSocket other = fx.connect();
        FakeWebSocket second = fx.connect();
        assertThat(board.pixelsWatched).isFalse();

        api.onText(viewer, "{\"type\": \"pixels.subscribe\", \"id\": 1, \"device\": \"board0\"}");
        assertThat(board.pixelsWatched).isTrue();
        assertThat(board1.pixelsWatched).as("only the device named").isFalse();
        api.onText(viewer, "{\"type\": \"pixels.subscribe\"}"); // every device; board0 again is a no-op
        assertThat(board1.pixelsWatched).isTrue();
        assertThat(board.pixelWatchCalls).hasValue(1);
        api.onText(second, "{\"type\": \"pixels.subscribe\", \"device\": \"board0\"}");
        assertThat(board.pixelWatchCalls)
                .as("the board is told once, not per viewer")
                .hasValue(1);

        board.boardShows(STRIP);
        assertThat(pixels(viewer)).hasSize(1);
        JsonNode p = pixels(viewer).get(0);
        assertThat(p.get("device").asText()).isEqualTo("board0");
        assertThat(p.get("light").asInt()).isEqualTo(3);
        assertThat(p.get("first").asInt()).isZero();
        assertThat(p.get("colors").toString()).isEqualTo("[\"#ff0000\",\"#0080ff\"]");
        assertThat(pixels(second)).hasSize(1);
        assertThat(pixels(other)).as("a client that did not subscribe").isEmpty();

        api.onText(viewer, "{\"type\": \"pixels.unsubscribe\", \"device\": \"board0\"}");
        assertThat(board.pixelsWatched).as("the second viewer still watches").isTrue();
        api.onClose(second, 1001, "gone");
        assertThat(board.pixelsWatched).as("the last viewer left").isFalse();
        assertThat(board1.pixelsWatched).isTrue();
        board.boardShows(STRIP);
        assertThat(pixels(viewer)).hasSize(1);
        api.onClose(viewer, 1000, "bye");
        assertThat(board1.pixelsWatched).isFalse();
    }

    @Test
    void slowViewerSkipsPixelsWithoutBeingClosedAndOthersStillGetThem() {
        FakeWebSocket slow = fx.connect();
        FakeWebSocket fast = fx.connect();
        api.onText(slow, "{\"type\": \"pixels.subscribe\"}");
        api.onText(fast, "{\"type\": \"pixels.subscribe\"}");
        slow.queued = PixelViewers.MAX_BACKLOG_BYTES + 1;
        for (int i = 0; i < 100; i++) board.boardShows(STRIP);
        assertThat(pixels(slow)).isEmpty();
        assertThat(slow.closeCode).isEqualTo(-1);
        assertThat(pixels(fast)).hasSize(100);
        // Queued pixel messages of one light and chunk replace each other (latest wins).
        assertThat(fast.frames).allSatisfy(f -> {
            if (FakeWebSocket.textOf(f).contains("\"pixels\"")) {
                assertThat(f.coalesceKey()).isEqualTo("pixels:board0:3:0");
            }
        });
    }

    @Test
    void badSubscriptionsGetAnErrorAndChangeNothing() {
        FakeWebSocket ws = fx.connect();
        api.onText(ws, "{\"type\": \"pixels.subscribe\", \"id\": \"a\", \"device\": \"nope\"}");
        assertThat(ws.last()).contains("\"unknown_device\"").contains("\"a\"");
        api.onText(ws, "{\"type\": \"pixels.subscribe\", \"id\": \"b\", \"device\": 3}");
        assertThat(ws.last()).contains("\"bad_request\"");
        api.onText(ws, "{\"type\": \"pixels.subscribe\", \"id\": \"c\", \"rate\": 99}");
        assertThat(ws.last()).contains("\"bad_request\"");
        assertThat(board.pixelWatchCalls).hasValue(0);
        assertThat(board1.pixelWatchCalls).hasValue(0);
    }

    /** "The answer is pixels.watching with the request's id, naming every device this client now watches". */
    @Test
    void eachSubscriptionChangeIsAnsweredWithTheDevicesStillWatched() {
        FakeWebSocket ws = fx.connect();
        JsonNode w = fx.reply(ws, "{\"type\": \"pixels.subscribe\", \"id\": \"s1\", \"device\": \"board1\"}");
        assertThat(w.path("type").asText()).isEqualTo("pixels.watching");
        assertThat(w.path("devices")).extracting(JsonNode::asText).containsExactly("board1");
        w = fx.reply(ws, "{\"type\": \"pixels.subscribe\", \"id\": \"s2\", \"device\": \"board0\"}");
        assertThat(w.path("devices")).extracting(JsonNode::asText).containsExactly("board0", "board1");

        w = fx.reply(ws, "{\"type\": \"pixels.unsubscribe\", \"id\": \"u1\", \"device\": \"board0\"}");
        assertThat(w.path("type").asText()).isEqualTo("pixels.watching");
        assertThat(w.path("id").asText()).isEqualTo("u1");
        assertThat(w.path("devices")).extracting(JsonNode::asText).containsExactly("board1");
        w = fx.reply(ws, "{\"type\": \"pixels.unsubscribe\", \"id\": \"u2\"}");
        assertThat(w.path("id").asText()).isEqualTo("u2");
        assertThat(w.path("devices")).isEmpty();
    }

    /** Pixels are skipped only while a viewer has MORE than MAX_BACKLOG_BYTES waiting. */
    @Test
    void aViewerWithExactlyTheBacklogLimitWaitingStillGetsPixels() {
        FakeWebSocket ws = fx.connect();
        api.onText(ws, "{\"type\": \"pixels.subscribe\"}");
        ws.queued = PixelViewers.MAX_BACKLOG_BYTES;
        board.boardShows(STRIP);
        assertThat(pixels(ws)).hasSize(1);
        ws.queued = PixelViewers.MAX_BACKLOG_BYTES + 1;
        board.boardShows(STRIP);
        assertThat(pixels(ws)).hasSize(1);
    }
}
