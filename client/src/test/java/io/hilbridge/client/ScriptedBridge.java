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

/**
 * A WebSocket server (our own RFC 6455 layer on Undertow, on a free port) that plays the bridge from a script: on
 * each connection it sends the given messages, and {@link #send} pushes more to every client. It lets a client test
 * produce a moment a real bridge shows only by chance, such as a hello taken between a board's HELLO and its first
 * STATE. Thread-safe.
 */
final class ScriptedBridge implements AutoCloseable {
    private final Undertow server;
    private final List<WebSocket> sockets = new CopyOnWriteArrayList<>();

    ScriptedBridge(String... onOpen) {
        WebSocketListener listener = new WebSocketListener() {
            @Override
            public void onOpen(WebSocket socket) {
                sockets.add(socket);
                for (String m : onOpen) socket.sendText(m);
            }

            @Override
            public void onText(WebSocket socket, String message) {}

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

    @Override
    public void close() {
        server.stop();
    }
}
