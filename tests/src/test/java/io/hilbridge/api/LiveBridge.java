package io.hilbridge.api;

import io.hilbridge.http.HttpServer;
import io.hilbridge.http.HttpServerConfig;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.link.LinkConfig;
import io.hilbridge.link.LinkSession;
import io.hilbridge.sim.LoopbackTransport;
import io.hilbridge.sim.SimulatedBoard;
import io.hilbridge.ws.WebSocketConfig;
import io.hilbridge.ws.WebSocketUpgradeHandler;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.awaitility.Awaitility.await;

/**
 * A whole bridge in this JVM on a free port, wired from the real parts: the simulated board speaking UART bytes
 * through the loopback transport, the link, the API, the WebSocket layer and the HTTP server. The test keeps a
 * handle on the simulated board to press its button or pull its cable.
 */
public final class LiveBridge implements AutoCloseable {
    public final SimulatedBoard board;
    public final LinkSession link;
    public final ApiService api;
    private final HttpServerConfig httpConfig;
    private final WebSocketConfig wsConfig;
    public volatile HttpServer http;

    private LiveBridge(SimulatedBoard board, LinkSession link, ApiService api, HttpServerConfig httpConfig,
                       WebSocketConfig wsConfig) {
        this.board = board;
        this.link = link;
        this.api = api;
        this.httpConfig = httpConfig;
        this.wsConfig = wsConfig;
        this.http = HttpServer.start(httpConfig, api, new WebSocketUpgradeHandler(wsConfig, api));
    }

    public static LiveBridge start() {
        return start(null, Set.of());
    }

    /** A bridge requiring {@code token} (null for none) and allowing extra browser origins. */
    public static LiveBridge start(String token, Set<String> allowedOrigins) {
        SimulatedBoard board = SimulatedBoard.builder().name("board0").build();
        LinkSession link = LinkSession.start("board0", new LoopbackTransport(board), LinkConfig.defaults());
        ApiService api = new ApiService(List.of(link), "test");
        WebSocketConfig ws = WebSocketConfig.builder().token(token).allowedOrigins(allowedOrigins).build();
        LiveBridge b = new LiveBridge(board, link, api,
                HttpServerConfig.defaults().withPort(0).withToken(token).withAllowedOrigins(allowedOrigins), ws);
        b.awaitStatus(DeviceStatus.ONLINE);
        return b;
    }

    /** Stops the HTTP side (every client is cut off) and starts it again on the same port. */
    public void restartHttp() {
        int port = http.port();
        http.close();
        http = HttpServer.start(httpConfig.withPort(port), api, new WebSocketUpgradeHandler(wsConfig, api));
    }

    public void awaitStatus(DeviceStatus s) {
        await().atMost(Duration.ofSeconds(15)).until(() -> link.status() == s);
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + http.port() + path);
    }

    public URI wsUri(String query) {
        return URI.create("ws://127.0.0.1:" + http.port() + "/ws" + (query == null ? "" : "?" + query));
    }

    @Override
    public void close() {
        http.close();
        api.close();
        link.close();
        board.close();
    }
}
