package io.hilbridge.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The commands a client waits for (client/README.md): each ends once, with its answer, the bridge's error (exact code
 * and message), the client's own deadline, or the connection's end; at most {@code maxPending} wait at once, and a
 * deadline leaves the timer once the answer came. ErrorCodeTest covers the codes and the deadline itself.
 */
class PendingCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LONG = Duration.ofMinutes(5);

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);

    {
        timer.setRemoveOnCancelPolicy(true); // as HilbridgeClient's timer
    }

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(text, e);
        }
    }

    private static HilbridgeException failure(CompletableFuture<?> f) {
        return HilbridgeException.of(f.handle((v, e) -> e).join());
    }

    @Test
    void exactlyMaxPendingCommandsMayWaitAndAnAnswerFreesASlot() {
        PendingCommands pending = new PendingCommands(timer, 2);
        CompletableFuture<JsonNode> first = pending.register("c1", "set a", LONG, m -> m);
        CompletableFuture<JsonNode> second = pending.register("c2", "set b", LONG, m -> m);
        CompletableFuture<JsonNode> third = pending.register("c3", "set c", LONG, m -> m);

        assertThat(second).isNotDone();
        HilbridgeException refused = failure(third);
        assertThat(refused.errorCode()).isEqualTo(ErrorCode.CLIENT_LIMIT);
        assertThat(refused)
                .hasMessage(
                        "client:limit: set c: this client already has 2 commands waiting for an answer (ClientOptions.maxPending)");
        assertThat(pending.size()).isEqualTo(2);

        assertThat(pending.answer("c1", json("{\"type\": \"ack\", \"id\": \"c1\"}")))
                .isTrue();
        assertThat(first.join().path("id").asText()).isEqualTo("c1");
        assertThat(pending.register("c4", "set d", LONG, m -> m)).isNotDone();
    }

    @Test
    void anAnswerEndsItsCommandOnceAndItsDeadlineLeavesTheTimer() {
        PendingCommands pending = new PendingCommands(timer, 4);
        CompletableFuture<String> c1 =
                pending.register("c1", "set a", LONG, m -> m.path("type").asText());
        assertThat(timer.getQueue()).hasSize(1);

        assertThat(pending.answer("c1", json("{\"type\": \"ack\"}"))).isTrue();
        assertThat(pending.answer("c1", json("{\"type\": \"ack\"}")))
                .as("a second answer for the same id finds nobody")
                .isFalse();
        assertThat(pending.answer("c9", json("{\"type\": \"ack\"}"))).isFalse();
        assertThat(pending.answer(null, json("{\"type\": \"error\", \"id\": null}")))
                .as("an error with id null answers nothing")
                .isFalse();
        assertThat(c1.join()).isEqualTo("ack");
        assertThat(timer.getQueue()).as("the deadline was cancelled").isEmpty();
        assertThat(pending.size()).isZero();
    }

    @Test
    void anErrorWithoutCodeOrMessageStillNamesTheCommand() {
        PendingCommands pending = new PendingCommands(timer, 4);
        CompletableFuture<JsonNode> bare = pending.register("c1", "get", LONG, m -> m);

        pending.answer("c1", json("{\"type\": \"error\", \"id\": \"c1\"}"));

        HilbridgeException e = failure(bare);
        assertThat(e.getMessage()).endsWith(": get: (no message)");
        assertThat(e.code()).isNull();
    }

    @Test
    void theConnectionsEndFailsEveryWaitingCommandNamingEach() {
        PendingCommands pending = new PendingCommands(timer, 4);
        CompletableFuture<JsonNode> a = pending.register("c1", "set a", LONG, m -> m);
        CompletableFuture<JsonNode> b = pending.register("c2", "reset board0", LONG, m -> m);

        pending.failAll(ErrorCode.DISCONNECTED, "the connection ended");

        assertThat(failure(a)).hasMessage("client:disconnected: set a: the connection ended");
        assertThat(failure(b).errorCode()).isEqualTo(ErrorCode.DISCONNECTED);
        assertThat(failure(b)).hasMessage("client:disconnected: reset board0: the connection ended");
        assertThat(pending.size()).isZero();
        assertThat(timer.getQueue()).isEmpty();
    }

    @Test
    void aCommandRegisteredWhileTheClientClosesFailsAsDisconnected() {
        PendingCommands pending = new PendingCommands(timer, 4);
        timer.shutdownNow();

        CompletableFuture<JsonNode> late = pending.register("c1", "set a", LONG, m -> m);

        assertThat(failure(late).errorCode()).isEqualTo(ErrorCode.DISCONNECTED);
        assertThat(failure(late)).hasMessage("client:disconnected: set a: the client is closed");
        assertThat(pending.size()).isZero();
    }
}
