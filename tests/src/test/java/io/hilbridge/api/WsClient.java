package io.hilbridge.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A WebSocket client of the lights API (java.net.http), keeping the view a client has: the hello snapshot with
 * every state message applied. {@link #set} returns the reply (ack or error) for its id. Thread-safe.
 */
public final class WsClient implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final Map<String, JsonNode> view = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();
    public final List<JsonNode> received = new CopyOnWriteArrayList<>();
    public final CompletableFuture<JsonNode> hello = new CompletableFuture<>();
    public final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final WebSocket ws;
    private CompletableFuture<WebSocket> sending;

    private WsClient(String name, URI uri, HttpClient http) {
        this.name = name;
        this.ws = http.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, new Listener())
                .join();
        this.sending = CompletableFuture.completedFuture(ws);
    }

    public static WsClient connect(String name, URI uri) {
        return new WsClient(name, uri, HttpClient.newHttpClient());
    }

    public static WsClient connect(String name, URI uri, HttpClient http) {
        return new WsClient(name, uri, http);
    }

    /** Sends {@code msg} with a fresh id; completes with the ack or error for it. */
    public CompletableFuture<JsonNode> request(ObjectNode msg) {
        String id = name + "-" + ids.incrementAndGet();
        msg.put("id", id);
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        replies.put(id, reply);
        sendRaw(msg.toString());
        return reply;
    }

    /** Sends text as it is (the JDK client allows one send at a time, so sends are chained). */
    public synchronized void sendRaw(String text) {
        sending = sending.thenCompose(w -> w.sendText(text, true));
    }

    /** Light states as this client knows them: key "device:light", value {on, brightness, color, effect}. */
    public Map<String, JsonNode> view() {
        return Map.copyOf(view);
    }

    public List<JsonNode> ofType(String type) {
        return received.stream()
                .filter(n -> type.equals(n.path("type").asText()))
                .toList();
    }

    @Override
    public void close() {
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }

    public void abort() {
        ws.abort();
    }

    private void onMessage(JsonNode msg) {
        received.add(msg);
        switch (msg.path("type").asText()) {
            case "hello", "snapshot" -> {
                for (JsonNode d : msg.path("devices")) {
                    for (JsonNode l : d.path("lights")) {
                        if (!l.path("state").isNull())
                            view.put(d.path("id").asText() + ":" + l.path("id").asInt(), l.path("state"));
                    }
                }
                if (msg.path("type").asText().equals("hello")) hello.complete(msg);
            }
            case "state" -> {
                ObjectNode s = JSON.createObjectNode();
                s.set("on", msg.get("on"));
                s.set("brightness", msg.get("brightness"));
                s.set("color", msg.get("color"));
                s.set("effect", msg.get("effect"));
                view.put(msg.path("device").asText() + ":" + msg.path("light").asInt(), s);
            }
            case "ack", "error", "stats", "reset", "health", "scene.list", "scene.applied", "pixels.watching" -> {
                CompletableFuture<JsonNode> f = replies.remove(msg.path("id").asText());
                if (f != null) f.complete(msg);
            }
            default -> {}
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    onMessage(JSON.readTree(text));
                } catch (Exception e) {
                    throw new AssertionError(name + ": not JSON: " + text, e);
                }
            }
            w.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
            closed.complete(code);
            return null;
        }

        @Override
        public void onError(WebSocket w, Throwable error) {
            closed.complete(1006);
        }
    }
}
