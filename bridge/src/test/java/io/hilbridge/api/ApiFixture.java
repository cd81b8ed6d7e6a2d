package io.hilbridge.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.hilbridge.link.BoardLink;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The API tests' shared setup: an {@link ApiService} over fake boards ({@code board0}, and {@code board1} unless
 * made with {@link #oneBoard}), clients that {@link #connect}, and after each test the check that every message
 * sent to any of those clients matches protocol-spec/schemas/server-message.json, then {@code close()}.
 * Use it as a field with {@code @RegisterExtension}, one per test instance. Not thread-safe beyond what the fakes are.
 */
final class ApiFixture implements AfterEachCallback {
    final FakeBoardLink board = FakeBoardLink.standard("board0");
    /** The second device; null with {@link #oneBoard}. */
    final FakeBoardLink board1;

    final ApiService api;
    private final List<FakeWebSocket> sockets = new CopyOnWriteArrayList<>();

    private ApiFixture(boolean twoBoards, Duration commandTimeout) {
        board1 = twoBoards ? FakeBoardLink.standard("board1") : null;
        List<BoardLink> boards = twoBoards ? List.of(board, board1) : List.of(board);
        api = new ApiService(boards, "9.9.9", commandTimeout);
    }

    /** {@code board0} and {@code board1}; a command the board does not answer times out after {@code timeout}. */
    static ApiFixture twoBoards(Duration commandTimeout) {
        return new ApiFixture(true, commandTimeout);
    }

    static ApiFixture oneBoard(Duration commandTimeout) {
        return new ApiFixture(false, commandTimeout);
    }

    /** A new client, opened (it has its hello); its messages are checked against the schema after the test. */
    FakeWebSocket connect() {
        FakeWebSocket ws = new FakeWebSocket();
        sockets.add(ws);
        api.onOpen(ws);
        return ws;
    }

    /** Sends {@code message} from {@code ws} and returns the last message {@code ws} was sent since. */
    JsonNode reply(FakeWebSocket ws, String message) {
        api.onText(ws, message);
        return last(ws);
    }

    static JsonNode json(String s) {
        try {
            return ApiJson.MAPPER.readTree(s);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }

    static JsonNode last(FakeWebSocket ws) {
        return json(ws.last());
    }

    /** The messages of this {@code type} that {@code ws} was sent, in order. */
    static List<JsonNode> ofType(FakeWebSocket ws, String type) {
        List<JsonNode> out = new ArrayList<>();
        for (String m : ws.sentSnapshot()) {
            JsonNode n = json(m);
            if (type.equals(n.path("type").asText())) out.add(n);
        }
        return out;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            for (FakeWebSocket ws : sockets) {
                for (String m : ws.sentSnapshot()) Schemas.assertValid("server-message.json", m);
            }
        } finally {
            api.close();
        }
    }
}
