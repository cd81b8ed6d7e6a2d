package io.hilbridge.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A WebSocket client for tests, on the JDK's own java.net.http.WebSocket (an independent implementation of the
 * protocol). Every received JSON message is queued; {@link #await} takes messages until one matches.
 */
public final class WsTestClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    private final WebSocket socket;

    private WsTestClient(URI uri) {
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, new Listener())
                .join();
    }

    /** Connects to {@code ws://host:port/ws} of a bridge whose base URL is {@code base} (http://...). */
    public static WsTestClient connect(URI base) {
        return new WsTestClient(URI.create(base.toString().replaceFirst("^http", "ws") + "ws"));
    }

    public void send(String json) {
        socket.sendText(json, true).join();
    }

    /** Waits (at most 10 s) for a message matching {@code p}, discarding the others before it. */
    public JsonNode await(Predicate<JsonNode> p) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode n = left > 0 ? received.poll(left, TimeUnit.NANOSECONDS) : null;
            if (n == null) throw new AssertionError("no matching message within 10 s");
            if (p.test(n)) return n;
        }
    }

    public JsonNode awaitType(String type) throws InterruptedException {
        return await(n -> type.equals(n.path("type").asText()));
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    received.add(JSON.readTree(partial.toString()));
                } catch (Exception e) {
                    throw new AssertionError("server sent invalid JSON: " + partial, e);
                } finally {
                    partial.setLength(0);
                }
            }
            ws.request(1);
            return null;
        }
    }
}
