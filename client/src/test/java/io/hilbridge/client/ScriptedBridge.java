package io.hilbridge.client;

import io.hilbridge.ws.WebSocket;
import io.hilbridge.ws.WebSocketConfig;
import io.hilbridge.ws.WebSocketListener;
import io.hilbridge.ws.WebSocketUpgradeHandler;
import io.undertow.Undertow;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A WebSocket server (our own RFC 6455 layer on Undertow, on a free port) that plays the bridge from a script: on
 * each connection it sends the given messages, and {@link #send} pushes more to every client. It lets a client test
 * produce a moment a real bridge shows only by chance, such as a hello taken between a board's HELLO and its first
 * STATE. It keeps what clients sent ({@link #received}), answers it as {@link #answer} says, and can close
 * connections with a code ({@link #closeEach}, {@link #closeOnOpen}). Thread-safe.
 */
final class ScriptedBridge implements AutoCloseable {
    private final Undertow server;
    private final List<WebSocket> sockets = new CopyOnWriteArrayList<>();
    /** Every text a client sent, in arrival order. */
    final List<String> received = new CopyOnWriteArrayList<>();
    /** Connections opened so far. */
    final AtomicInteger opened = new AtomicInteger();

    private volatile List<String> onOpen;
    private volatile Function<String, List<String>> answers = m -> List.of();
    private final AtomicInteger closeOnOpenCode = new AtomicInteger();
    private volatile String closeOnOpenReason = "";

    ScriptedBridge(String... onOpen) {
        this.onOpen = List.of(onOpen);
        WebSocketListener listener = new WebSocketListener() {
            @Override
            public void onOpen(WebSocket socket) {
                opened.incrementAndGet();
                sockets.add(socket);
                for (String m : ScriptedBridge.this.onOpen) socket.sendText(m);
                int code = closeOnOpenCode.getAndSet(0);
                if (code != 0) {
                    socket.close(code, closeOnOpenReason);
                }
            }

            @Override
            public void onText(WebSocket socket, String message) {
                received.add(message);
                for (String m : answers.apply(message)) socket.sendText(m);
            }

            @Override
            public void onClose(WebSocket socket, int code, String reason) {
                sockets.remove(socket);
            }
        };
        server = Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setHandler(new WebSocketUpgradeHandler(WebSocketConfig.defaults(), listener))
                .build();
        server.start();
    }

    URI ws() {
        int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        return URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    void send(String message) {
        for (WebSocket s : sockets) s.sendText(message);
    }

    /** From now on new connections get these messages instead of the ones given on creation. */
    void onOpen(String... messages) {
        this.onOpen = List.of(messages);
    }

    /** Connections open now. */
    int connections() {
        return sockets.size();
    }

    /** From now on each message a client sends is answered with the messages {@code answers} gives for it. */
    void answer(Function<String, List<String>> answers) {
        this.answers = answers;
    }

    /** Closes every open connection with {@code code} and {@code reason}. */
    void closeEach(int code, String reason) {
        for (WebSocket s : sockets) s.close(code, reason);
    }

    /** The next new connection is closed with {@code code} right after its opening messages. */
    void closeOnOpen(int code, String reason) {
        this.closeOnOpenReason = reason;
        this.closeOnOpenCode.set(code);
    }

    @Override
    public void close() {
        server.stop();
    }
}
