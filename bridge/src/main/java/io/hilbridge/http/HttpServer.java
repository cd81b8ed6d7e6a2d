package io.hilbridge.http;

import io.hilbridge.access.AccessPolicy;
import io.hilbridge.access.AccessVerdict;
import io.hilbridge.api.ApiService;
import io.hilbridge.ws.WebSocketUpgradeHandler;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.resource.ClassPathResourceManager;
import io.undertow.server.handlers.resource.ResourceHandler;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * The bridge's HTTP side on Undertow: the page (classpath {@code web/}), {@code /ws} (handed to the WebSocket
 * layer's upgrade handler), REST under {@code /api/} ({@link RestHandler}) and {@code /metrics}. Every request is
 * first put to the bridge's one {@link AccessPolicy} (Host, Origin, token), so every route gives the same verdict.
 *
 * <p>Thread-safety: {@link #start} and {@link #close} from one thread; requests are Undertow's business.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    /** The page may load only its own files and talk only to its own origin (its WebSocket included). */
    static final String PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final Undertow undertow;
    private final BridgeMetrics metrics;
    private final int port;
    private final String host;
    private boolean closed;

    /**
     * IO threads: one per core, at least two. Each writes its own connections' messages, so a state pushed to
     * thousands of viewers is written by all of them in parallel; almost all of that time is the kernel's write
     * call per connection (docs/benchmarks.md, "10,000 viewers"), so fewer threads than cores would leave cores idle.
     */
    static int ioThreads() {
        return Math.max(2, Runtime.getRuntime().availableProcessors());
    }

    /** IO threads of the running server. */
    int ioThreadCount() {
        return undertow.getWorker().getIoThreadCount();
    }

    /** How long a shutdown waits for WebSocket clients to finish the close handshake (1001) before it stops. */
    static final Duration CLOSE_DRAIN = Duration.ofSeconds(1);

    private final WebSocketUpgradeHandler webSockets; // null when /ws is served by another handler

    private HttpServer(
            Undertow undertow, BridgeMetrics metrics, int port, String host, WebSocketUpgradeHandler webSockets) {
        this.webSockets = webSockets;
        this.undertow = undertow;
        this.metrics = metrics;
        this.port = port;
        this.host = host;
    }

    /**
     * Starts listening on {@code cfg.bind():cfg.port()}.
     *
     * @param webSocketHandler the WebSocket layer's upgrade handler for {@code /ws}, e.g.
     *                         {@code new WebSocketUpgradeHandler(wsConfig, api)}; requests reach it only when the
     *                         access policy allowed them (its config should carry the same policy,
     *                         {@code new WebSocketAccess(cfg.accessPolicy())}, for the handshake's own check)
     * @throws RuntimeException if the address cannot be bound (port in use, unknown address)
     */
    public static HttpServer start(HttpServerConfig cfg, ApiService api, HttpHandler webSocketHandler) {
        AccessPolicy access = cfg.accessPolicy();
        BridgeMetrics metrics =
                new BridgeMetrics(api, webSocketHandler instanceof WebSocketUpgradeHandler ws ? ws : null);
        RestHandler rest = new RestHandler(api, cfg.maxBodyBytes());
        HttpHandler metricsHandler = metricsHandler(metrics);
        HttpHandler page = pageHandler();
        HttpHandler root = ex -> {
            String path = ex.getRequestPath();
            AccessVerdict verdict = access.decide(new ExchangeAccess(ex), scopeOf(path));
            if (!verdict.allowed()) {
                refuse(ex, verdict);
                return;
            }
            if (path.equals("/ws")) {
                webSocketHandler.handleRequest(ex);
            } else if (path.startsWith("/api/")) {
                rest.handleRequest(ex);
            } else if (path.equals("/metrics")) {
                metricsHandler.handleRequest(ex);
            } else {
                page.handleRequest(ex);
            }
        };
        Undertow.Builder builder = Undertow.builder()
                .addHttpListener(cfg.port(), cfg.bind())
                .setIoThreads(ioThreads())
                .setWorkerThreads(16)
                .setServerOption(UndertowOptions.MAX_HEADER_SIZE, 16 * 1024)
                .setServerOption(UndertowOptions.MAX_PARAMETERS, 32)
                .setServerOption(UndertowOptions.MAX_HEADERS, 64)
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, 10_000)
                .setHandler(root);
        if (webSocketHandler instanceof WebSocketUpgradeHandler ws) {
            // The handshake and idle-connection timeouts the WebSocket layer relies on (slowloris protection).
            WebSocketUpgradeHandler.applyServerOptions(builder, ws.config());
        }
        Undertow undertow = builder.build();
        try {
            undertow.start();
        } catch (RuntimeException e) {
            metrics.close();
            throw e;
        }
        InetSocketAddress addr =
                (InetSocketAddress) undertow.getListenerInfo().get(0).getAddress();
        log.debug("HTTP listening on {}", addr);
        return new HttpServer(
                undertow,
                metrics,
                addr.getPort(),
                cfg.bind(),
                webSocketHandler instanceof WebSocketUpgradeHandler ws ? ws : null);
    }

    /** The page's files and the health probe need no token (the page reads it from its URL); the rest does. */
    static AccessPolicy.Scope scopeOf(String path) {
        boolean isPublic = !path.equals("/ws")
                && !path.equals("/metrics")
                && (!path.startsWith("/api/") || path.equals("/api/health"));
        return isPublic ? AccessPolicy.Scope.PUBLIC : AccessPolicy.Scope.PROTECTED;
    }

    private static void refuse(HttpServerExchange ex, AccessVerdict verdict) {
        switch (verdict.refusedBy()) {
            case HOST -> {
                int port = ex.getDestinationAddress().getPort();
                Responses.error(
                        ex,
                        403,
                        "forbidden",
                        verdict.reason() + "; open the bridge as http://localhost:" + port + "/ or http://127.0.0.1:"
                                + port + "/");
            }
            case ORIGIN -> Responses.error(ex, 403, "forbidden", verdict.reason());
            case TOKEN -> {
                ex.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
                Responses.error(ex, 401, "unauthorized", verdict.reason());
            }
        }
    }

    private static HttpHandler pageHandler() {
        ResourceHandler files = new ResourceHandler(
                        new ClassPathResourceManager(HttpServer.class.getClassLoader(), "web/"))
                .setWelcomeFiles("index.html")
                .setDirectoryListingEnabled(false)
                .setCacheTime(0);
        return ex -> {
            var h = ex.getResponseHeaders();
            h.put(HttpString.tryFromString("Content-Security-Policy"), PAGE_CSP);
            h.put(HttpString.tryFromString("X-Content-Type-Options"), "nosniff");
            // The page URL may carry ?token=; never leak it in a Referer.
            h.put(HttpString.tryFromString("Referrer-Policy"), "no-referrer");
            h.put(Headers.CACHE_CONTROL, "no-cache");
            files.handleRequest(ex);
        };
    }

    private static HttpHandler metricsHandler(BridgeMetrics metrics) {
        return new HttpHandler() {
            @Override
            public void handleRequest(HttpServerExchange ex) {
                if (ex.isInIoThread()) {
                    ex.dispatch(this);
                    return;
                }
                if (!"GET".equals(ex.getRequestMethod().toString())) {
                    ex.getResponseHeaders().put(Headers.ALLOW, "GET");
                    Responses.error(ex, 405, "method_not_allowed", "use GET");
                    return;
                }
                ex.getResponseHeaders().put(Headers.CONTENT_TYPE, metrics.contentType());
                ex.getResponseSender().send(ByteBuffer.wrap(metrics.scrape()));
            }
        };
    }

    /** The port actually listened on (the chosen one when the config said 0). */
    public int port() {
        return port;
    }

    /** {@code http://<bind>:<port>/}, for the "Listening on" line. IPv6 addresses are bracketed. */
    public String url() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + h + ":" + port + "/";
    }

    public BridgeMetrics metrics() {
        return metrics;
    }

    /**
     * Stops listening and closes open connections. WebSocket connections already told to close (the API closes its
     * sessions with 1001 first) get {@link #CLOSE_DRAIN} to finish, so their close frames reach the clients.
     * Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (webSockets != null) {
            try {
                webSockets.awaitNoConnections(CLOSE_DRAIN);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        undertow.stop();
        metrics.close();
    }
}
