package io.hilbridge.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.Effect;
import io.hilbridge.lights.ErrorCode;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.LightState;
import io.hilbridge.lights.Rgb;
import io.hilbridge.lights.StateCause;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static io.hilbridge.api.ApiFixture.json;
import static io.hilbridge.api.ApiFixture.ofType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * websocket-api.md, a client's life: the hello comes first whatever the boards do meanwhile, each request gets exactly
 * one answer while the client is connected and none after it left, a reset counts towards the client's commands
 * waiting, and REST enters through the same service and rules.
 */
class ClientLifecycleRulesTest {
    @RegisterExtension
    final ApiFixture fx = ApiFixture.twoBoards(Duration.ofMinutes(1));

    private final FakeBoardLink board = fx.board;
    private final ApiService api = fx.api;

    /** "hello ... always the first message": broadcasts that overflow while it is taken mean a fresh snapshot. */
    @Test
    void theHelloIsFirstAndFreshEvenWhenBroadcastsOverflowWhileItIsTaken() {
        LightState last = new LightState(true, 42, Rgb.WHITE, Effect.NONE);
        board.duringNextSnapshot(() -> {
            for (int i = 0; i < ClientSession.MAX_HELD_BACK; i++) {
                board.boardChanges(1, new LightState(true, i, Rgb.WHITE, Effect.NONE), StateCause.BUTTON);
            }
            board.boardChanges(1, last, StateCause.BUTTON);
        });
        FakeWebSocket ws = fx.connect();

        assertThat(ws.sent).as("the hello, sent once").hasSize(1);
        JsonNode hello = json(ws.sent.get(0));
        assertThat(hello.path("type").asText()).isEqualTo("hello");
        assertThat(hello.at("/devices/0/lights/1/state/brightness").asInt())
                .as("the snapshot taken again holds the last change")
                .isEqualTo(42);
    }

    @Test
    void aClientThatClosedBeforeItsHelloGetsNothing() {
        FakeWebSocket ws = new FakeWebSocket();
        ClientSession s = new ClientSession(ws);
        s.markClosed();
        assertThat(s.finishHello("{\"hello\":1}")).as("done: no snapshot again").isTrue();
        s.reply("{\"late\":1}");
        assertThat(ws.sent).isEmpty();
    }

    @Test
    void aClientThatLeftGetsNoAnswerToItsCommandStillWaiting() {
        board.mode(FakeBoardLink.Mode.MANUAL);
        FakeWebSocket ws = fx.connect();
        api.onText(ws, "{\"type\":\"set\",\"id\":\"w\",\"light\":0,\"on\":true}");
        api.onClose(ws, 1001, "gone");
        int sent = ws.sent.size();
        board.calls.get(0).future().complete(null);
        assertThat(ws.sent).as("nothing after onClose").hasSize(sent);
    }

    /** An id of null is no id: echoed as null (a bad id would be refused). */
    @Test
    void anIdOfNullIsEchoedAsNull() {
        FakeWebSocket ws = fx.connect();
        JsonNode snap = fx.reply(ws, "{\"type\":\"get\",\"id\":null}");
        assertThat(snap.path("type").asText()).isEqualTo("snapshot");
        assertThat(snap.get("id").isNull()).isTrue();
    }

    /** "A reset counts towards the client's commands waiting", and its answer frees its slot. */
    @Test
    void aResetTakesOneOfTheClientsSlotsUntilItIsAnswered() {
        FakeWebSocket ws = fx.connect();
        for (int i = 0; i <= ApiService.MAX_OUTSTANDING_PER_CLIENT; i++) {
            JsonNode done = fx.reply(ws, "{\"type\":\"reset\",\"id\":" + i + "}");
            assertThat(done.path("type").asText()).as("reset %d: %s", i, done).isEqualTo("reset");
        }
        board.mode(FakeBoardLink.Mode.MANUAL);
        for (int i = 0; i < ApiService.MAX_OUTSTANDING_PER_CLIENT; i++) {
            api.onText(ws, "{\"type\":\"set\",\"id\":" + i + ",\"light\":0,\"on\":true}");
        }
        int resets = board.resets.get();
        JsonNode busy = fx.reply(ws, "{\"type\":\"reset\",\"id\":\"more\"}");
        assertThat(busy.path("code").asText()).isEqualTo("busy");
        assertThat(busy.path("message").asText())
                .isEqualTo("this client already has 32 commands waiting for the board; wait for their answers");
        assertThat(board.resets.get()).as("the busy reset reached no board").isEqualTo(resets);
        assertThat(ofType(ws, "reset")).hasSize(ApiService.MAX_OUTSTANDING_PER_CLIENT + 1);
    }

    /** REST (RestHandler, SceneRoutes) uses the same service: the same engine, the same scenes, the same version. */
    @Test
    void restEntersThroughTheSameRulesAndScenes() {
        CompletableFuture<Void> done = api.execute(
                new SetRequest(null, LightTarget.of(List.of(1)), new LightChange(true, 9, null, null, null)));
        assertThat(done).isCompleted();
        assertThat(board.calls).extracting(FakeBoardLink.Call::light).containsExactly(1);

        Throwable refused = catchThrowable(() -> api.execute(new SetRequest(
                        "board1", LightTarget.of(List.of(9)), new LightChange(true, null, null, null, null)))
                .join());
        assertThat(refused).isInstanceOf(CompletionException.class);
        assertThat(((CommandException) refused.getCause()).code()).isEqualTo(ErrorCode.UNKNOWN_LIGHT);
        assertThat(fx.board1.calls).isEmpty();

        fx.reply(fx.connect(), "{\"type\":\"scene.save\",\"name\":\"Evening\"}");
        assertThat(api.scenes().list("board0").scenes().find("evening")).isPresent();
        assertThat(api.bridgeVersion()).isEqualTo("9.9.9");
    }
}
