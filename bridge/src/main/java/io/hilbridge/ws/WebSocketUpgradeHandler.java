package io.hilbridge.ws;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioIoThread;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The HTTP handler the web layer mounts at /ws: validates the upgrade request ({@link HandshakeValidator}), enforces
 * the connection limit ({@link ClientRefusals} answers, counts and logs a refused client), and on success lets Undertow switch protocols, after which our {@link WebSocketConnection}
 * drives the raw connection. A rejected request gets its status and a one-line plain-text reason, and the HTTP
 * connection is closed (it is not upgraded).
 *
 * <p>Slowloris protection needs the server's request parse timeout: call {@link #applyServerOptions} on the
 * {@link Undertow.Builder}. Do not set {@code Options.READ_TIMEOUT} on the server for upgraded connections'
 * sake: it would also cut idle WebSockets (each connection tries to clear it; pings handle liveness instead).
 *
 * <p>Thread-safety: safe for concurrent requests (the only shared state is the connection counter).
 */
public final class WebSocketUpgradeHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketUpgradeHandler.class);
    private static final HttpString SEC_WEBSOCKET_ACCEPT = new HttpString("Sec-WebSocket-Accept");
    private static final HttpString SEC_WEBSOCKET_PROTOCOL = new HttpString("Sec-WebSocket-Protocol");
    private static final HttpString SEC_WEBSOCKET_VERSION = new HttpString("Sec-WebSocket-Version");

    private final WebSocketConfig config;
    private final WebSocketListener listener;
    private final HandshakeValidator validator;
    private final AtomicInteger open = new AtomicInteger();
    private final ClientRefusals refusals;
    /** Shared by every connection: direct writes while few connections are open. */
    private final BooleanSupplier directWritesAllowed;
    /** One flush batcher per IO thread (a handful of entries, created on first use). */
    private final Map<XnioIoThread, FlushBatcher> flushers = new ConcurrentHashMap<>();
    /** Tests only: runs between the limit check and the protocol switch, to force the race the 1013 path handles. */
    volatile Runnable afterLimitCheck;

    public WebSocketUpgradeHandler(WebSocketConfig config, WebSocketListener listener) {
        this.config = config;
        this.listener = listener;
        this.validator = new HandshakeValidator(config);
        this.refusals = new ClientRefusals(config.maxConnections(), System::nanoTime);
        int directMax = config.directWriteMaxConnections();
        this.directWritesAllowed = () -> open.get() <= directMax;
    }

    /**
     * Applies the server-wide options this layer relies on: the handshake (request parse) timeout and the timeout
     * for connections that never send a request, both from {@link WebSocketConfig#handshakeTimeout()}.
     */
    public static Undertow.Builder applyServerOptions(Undertow.Builder builder, WebSocketConfig config) {
        int millis = (int) Math.min(Integer.MAX_VALUE, config.handshakeTimeout().toMillis());
        return builder.setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, millis)
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, millis);
    }

    /** WebSocket connections open right now. */
    public int openConnections() {
        return open.get();
    }

    /**
     * Waits until every WebSocket connection has closed, at most {@code max}; true if none is left. A server that
     * shuts down calls this after closing its sessions with 1001 and before stopping the HTTP server, which would
     * otherwise drop the connections before their close frames were written.
     */
    public boolean awaitNoConnections(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (open) {
            while (open.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                TimeUnit.NANOSECONDS.timedWait(open, left);
            }
        }
        return true;
    }

    private void connectionClosed() {
        synchronized (open) {
            open.decrementAndGet();
            open.notifyAll();
        }
    }

    /** Clients refused since start because {@link WebSocketConfig#maxConnections()} were open (503 or 1013). */
    public long refusedConnections() {
        return refusals.total();
    }

    public WebSocketConfig config() {
        return config;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        Deque<String> tokenParam = exchange.getQueryParameters().getOrDefault("token", new ArrayDeque<>());
        HandshakeDecision decision = validator.validate(
                exchange.getRequestMethod().toString(),
                exchange.getProtocol().toString(),
                name -> {
                    HeaderValues v = exchange.getRequestHeaders().get(name);
                    return v == null ? List.of() : v;
                },
                tokenParam.peekFirst());
        if (!decision.accepted()) {
            reject(exchange, decision.status(), decision.reason());
            return;
        }
        int openNow = open.get();
        if (openNow >= config.maxConnections()) {
            refusals.refused(openNow);
            reject(exchange, 503, refusals.httpReason());
            return;
        }
        Runnable hook = afterLimitCheck;
        if (hook != null) {
            hook.run();
        }
        exchange.getResponseHeaders().put(SEC_WEBSOCKET_ACCEPT, decision.acceptKey());
        if (decision.subprotocol() != null) {
            exchange.getResponseHeaders().put(SEC_WEBSOCKET_PROTOCOL, decision.subprotocol());
        }
        String subprotocol = decision.subprotocol();
        exchange.upgradeChannel("websocket", (StreamConnection connection, HttpServerExchange ex) -> {
            int nowOpen = open.incrementAndGet();
            if (nowOpen > config.maxConnections()) {
                // Lost a race with other handshakes: refuse politely, the client may retry later.
                open.decrementAndGet();
                refusals.refused(nowOpen - 1);
                WebSocketConnection c = new WebSocketConnection(
                        connection,
                        config,
                        new RefusingListener(refusals.closeReason()),
                        null,
                        flusherFor(connection.getIoThread()),
                        () -> {},
                        () -> false);
                c.start();
                return;
            }
            WebSocketConnection c = new WebSocketConnection(
                    connection,
                    config,
                    listener,
                    subprotocol,
                    flusherFor(connection.getIoThread()),
                    this::connectionClosed,
                    directWritesAllowed);
            try {
                c.start();
            } catch (RuntimeException e) {
                LOG.warn("could not start WebSocket connection", e);
                IoUtils.safeClose(connection);
            }
        });
        exchange.endExchange();
    }

    private FlushBatcher flusherFor(XnioIoThread thread) {
        return flushers.computeIfAbsent(thread, FlushBatcher::new);
    }

    private static void reject(HttpServerExchange exchange, int status, String reason) {
        LOG.debug("WebSocket upgrade from {} rejected: {} {}", exchange.getSourceAddress(), status, reason);
        exchange.setStatusCode(status);
        if (status == 426) {
            exchange.getResponseHeaders().put(SEC_WEBSOCKET_VERSION, "13");
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseHeaders().put(Headers.CONNECTION, "close");
        exchange.setPersistent(false);
        exchange.getResponseSender().send(reason + "\n");
    }

    /** Closes a connection that exceeded the limit with 1013 (try again later). */
    private static final class RefusingListener implements WebSocketListener {
        private final String reason;

        RefusingListener(String reason) {
            this.reason = reason;
        }

        @Override
        public void onOpen(WebSocket socket) {
            socket.close(WebSocketProtocol.CLOSE_TRY_AGAIN_LATER, reason);
        }

        @Override
        public void onText(WebSocket socket, String message) {}

        @Override
        public void onClose(WebSocket socket, int code, String reason) {}
    }
}
