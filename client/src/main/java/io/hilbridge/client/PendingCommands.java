package io.hilbridge.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The commands this client sent and still waits for, by id: each ends exactly once, with the bridge's answer, its
 * {@code error}, the client's own deadline, or the connection's end. At most {@code max} at once.
 *
 * <p>Thread-safe: the map is concurrent and every future is completed at most once (CompletableFuture's rule); an
 * entry is removed by whoever completes it.
 */
final class PendingCommands {
    private record Entry(CompletableFuture<JsonNode> answer, String what) {}

    private final Map<String, Entry> byId = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private final int max;

    PendingCommands(ScheduledExecutorService timer, int max) {
        this.timer = timer;
        this.max = max;
    }

    /**
     * Registers a command before it is sent, so that no answer can arrive unclaimed.
     *
     * @param what    the command in words, for failure messages ({@code set board0 light 2 {on=true}})
     * @param convert turns the bridge's answer into the caller's result
     */
    <T> CompletableFuture<T> register(String id, String what, Duration timeout, Function<JsonNode, T> convert) {
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        synchronized (this) { // size check and insert together, so the bound holds under concurrent callers
            if (byId.size() >= max) {
                return CompletableFuture.failedFuture(new HilbridgeException(
                        ErrorCode.CLIENT_LIMIT,
                        what + ": this client already has " + max + " commands waiting for an answer"
                                + " (ClientOptions.maxPending)"));
            }
            byId.put(id, new Entry(answer, what));
        }
        ScheduledFuture<?> deadline;
        try {
            deadline = timer.schedule(
                    () -> fail(
                            id,
                            new HilbridgeException(
                                    ErrorCode.CLIENT_TIMEOUT,
                                    what + ": no answer from the bridge within " + timeout.toMillis() + " ms")),
                    timeout.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            fail(id, new HilbridgeException(ErrorCode.DISCONNECTED, what + ": the client is closed"));
            return answer.thenApply(convert);
        }
        answer.whenComplete((v, e) -> deadline.cancel(false));
        return answer.thenApply(convert);
    }

    /** The bridge's answer (ack, snapshot, reset) or its {@code error} for {@code id}; false if nobody waits for it. */
    boolean answer(String id, JsonNode message) {
        Entry e = id == null ? null : byId.remove(id);
        if (e == null) return false;
        if ("error".equals(ServerMessages.type(message))) {
            JsonNode code = message.get("code");
            JsonNode text = message.get("message");
            e.answer.completeExceptionally(new HilbridgeException(
                    code == null ? null : code.asText(),
                    e.what + ": " + (text == null ? "(no message)" : text.asText())));
        } else {
            e.answer.complete(message);
        }
        return true;
    }

    void fail(String id, HilbridgeException why) {
        Entry e = byId.remove(id);
        if (e != null) e.answer.completeExceptionally(why);
    }

    /** Ends every waiting command with {@code code}; the message names the command and {@code reason}. */
    void failAll(ErrorCode code, String reason) {
        for (String id : byId.keySet()) {
            Entry e = byId.remove(id);
            if (e != null) e.answer.completeExceptionally(new HilbridgeException(code, e.what + ": " + reason));
        }
    }

    int size() {
        return byId.size();
    }
}
