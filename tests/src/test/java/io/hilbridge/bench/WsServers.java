package io.hilbridge.bench;

import io.hilbridge.ws.OutboundFrame;
import io.hilbridge.ws.WebSocket;
import io.hilbridge.ws.WebSocketConfig;
import io.hilbridge.ws.WebSocketListener;
import io.hilbridge.ws.WebSocketUpgradeHandler;
import io.undertow.Undertow;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;

import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The two servers the benchmark compares, with the same behaviour and the same Undertow settings: a text message
 * starting with 'B' is broadcast to every other connection, any other text is echoed.
 */
final class WsServers {
    private WsServers() {}

    /** A running server under test. */
    interface Server extends AutoCloseable {
        String name();

        int port();

        int openConnections();

        @Override
        void close();
    }

    private static Undertow start(io.undertow.server.HttpHandler handler) {
        Undertow u = Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setIoThreads(2)
                .setWorkerThreads(2)
                .setHandler(handler)
                .build();
        u.start();
        return u;
    }

    private static int portOf(Undertow u) {
        return ((InetSocketAddress) u.getListenerInfo().get(0).getAddress()).getPort();
    }

    /** hilbridge's own layer. */
    static Server hilbridge() {
        Set<WebSocket> sockets = ConcurrentHashMap.newKeySet();
        WebSocketConfig config = WebSocketConfig.builder()
                .maxConnections(20_000)
                .maxMessageBytes(1024 * 1024)
                .maxQueuedBytes(16L * 1024 * 1024)
                .build();
        WebSocketUpgradeHandler handler = new WebSocketUpgradeHandler(config, new WebSocketListener() {
            @Override
            public void onOpen(WebSocket socket) {
                sockets.add(socket);
            }

            @Override
            public void onText(WebSocket socket, String message) {
                if (message.startsWith("B")) {
                    OutboundFrame frame = OutboundFrame.text(message); // encoded once for every receiver
                    for (WebSocket s : sockets) {
                        if (s != socket) {
                            s.send(frame);
                        }
                    }
                } else {
                    socket.sendText(message);
                }
            }

            @Override
            public void onClose(WebSocket socket, int code, String reason) {
                sockets.remove(socket);
            }
        });
        Undertow u = start(handler);
        return new Server() {
            public String name() {
                return "hilbridge";
            }

            public int port() {
                return portOf(u);
            }

            public int openConnections() {
                return handler.openConnections();
            }

            public void close() {
                u.stop();
            }
        };
    }

    /** Undertow's built-in io.undertow.websockets, used the way its documentation shows. */
    static Server undertow() {
        Set<WebSocketChannel> channels = ConcurrentHashMap.newKeySet();
        WebSocketProtocolHandshakeHandler handler =
                new WebSocketProtocolHandshakeHandler((WebSocketConnectionCallback) (exchange, channel) -> {
                    channels.add(channel);
                    channel.addCloseTask(channels::remove);
                    channel.getReceiveSetter().set(new AbstractReceiveListener() {
                        @Override
                        protected void onFullTextMessage(WebSocketChannel ch, BufferedTextMessage message) {
                            String data = message.getData();
                            if (data.startsWith("B")) {
                                for (WebSocketChannel peer : channels) {
                                    if (peer != ch) {
                                        WebSockets.sendText(data, peer, null);
                                    }
                                }
                            } else {
                                WebSockets.sendText(data, ch, null);
                            }
                        }
                    });
                    channel.resumeReceives();
                });
        Undertow u = start(handler);
        return new Server() {
            public String name() {
                return "undertow";
            }

            public int port() {
                return portOf(u);
            }

            public int openConnections() {
                return channels.size();
            }

            public void close() {
                u.stop();
            }
        };
    }
}
