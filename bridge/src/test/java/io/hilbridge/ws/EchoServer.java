package io.hilbridge.ws;

import io.undertow.Undertow;
import io.undertow.server.handlers.PathHandler;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Test fixture: Undertow on 127.0.0.1:0 with our upgrade handler at /ws and an echo listener (text and binary are
 * sent back; the text "close" makes the server close with 1000, "throw" makes the listener throw). Records the events it hears.
 */
final class EchoServer implements AutoCloseable {
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    final BlockingQueue<WebSocket> opened = new LinkedBlockingQueue<>();
    final WebSocketUpgradeHandler handler;
    private final Undertow server;
    final int port;

    EchoServer(WebSocketConfig config) {
        this(config, b -> {});
    }

    EchoServer(WebSocketConfig config, java.util.function.Consumer<Undertow.Builder> customizer) {
        handler = new WebSocketUpgradeHandler(config, new WebSocketListener() {
            @Override
            public void onOpen(WebSocket socket) {
                events.add("open " + socket.subprotocol());
                opened.add(socket);
            }

            @Override
            public void onText(WebSocket socket, String message) {
                if (message.equals("close")) {
                    socket.close(1000, "bye");
                } else if (message.equals("throw")) {
                    throw new IllegalStateException("listener bug (test)");
                } else {
                    socket.sendText(message);
                }
            }

            @Override
            public void onBinary(WebSocket socket, byte[] message) {
                socket.send(OutboundFrame.binary(message));
            }

            @Override
            public void onClose(WebSocket socket, int code, String reason) {
                events.add("close " + code + " " + reason);
            }
        });
        Undertow.Builder b = Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setIoThreads(2)
                .setWorkerThreads(2)
                .setHandler(new PathHandler().addExactPath("/ws", handler));
        customizer.accept(b);
        server = WebSocketUpgradeHandler.applyServerOptions(b, config).build();
        server.start();
        port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    /**
     * Opens {@code n} raw clients, each added to {@code clients} before its handshake (so the caller closes it even if
     * the handshake fails), checks each is upgraded, and returns their server-side sockets in the same order.
     */
    List<WebSocket> openRawClients(int n, List<WireClient> clients) throws IOException, InterruptedException {
        List<WebSocket> sockets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            WireClient c = new WireClient(port);
            clients.add(c);
            assertThat(c.handshake(WireClient.request(""))).isEqualTo(101);
            sockets.add(opened.poll(10, TimeUnit.SECONDS));
        }
        return sockets;
    }

    URI uri() {
        return URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    @Override
    public void close() {
        server.stop();
    }
}
