package io.hilbridge.conformance;

import io.hilbridge.ws.OutboundFrame;
import io.hilbridge.ws.WebSocket;
import io.hilbridge.ws.WebSocketConfig;
import io.hilbridge.ws.WebSocketListener;
import io.hilbridge.ws.WebSocketUpgradeHandler;
import io.undertow.Undertow;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The server under test: Undertow on 127.0.0.1:0 with hilbridge's WebSocket layer at /ws and an echo listener
 * (text and binary messages are sent back unchanged), the usual setup of the Autobahn test suite.
 */
final class ConformanceServer implements AutoCloseable {
    static final int MAX_MESSAGE = 256 * 1024;

    private final Undertow undertow;
    final WebSocketUpgradeHandler handler;
    final int port;

    ConformanceServer() {
        WebSocketConfig config = WebSocketConfig.builder()
                .maxMessageBytes(MAX_MESSAGE)
                .closeTimeout(Duration.ofSeconds(2))
                .build();
        handler = new WebSocketUpgradeHandler(config, new WebSocketListener() {
            @Override
            public void onOpen(WebSocket socket) {}

            @Override
            public void onText(WebSocket socket, String message) {
                socket.sendText(message);
            }

            @Override
            public void onBinary(WebSocket socket, byte[] message) {
                socket.send(OutboundFrame.binary(message));
            }

            @Override
            public void onClose(WebSocket socket, int code, String reason) {}
        });
        Undertow.Builder b = Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setIoThreads(2)
                .setWorkerThreads(2)
                .setHandler(ex -> {
                    if (ex.getRequestPath().equals("/ws")) {
                        handler.handleRequest(ex);
                    } else {
                        ex.setStatusCode(404);
                        ex.endExchange();
                    }
                });
        undertow = WebSocketUpgradeHandler.applyServerOptions(b, config).build();
        undertow.start();
        port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    @Override
    public void close() {
        undertow.stop();
    }
}
