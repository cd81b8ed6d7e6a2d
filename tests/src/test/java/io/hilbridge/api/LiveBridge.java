package io.hilbridge.api;

import io.hilbridge.app.Bridge;
import io.hilbridge.app.BridgeConfig;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.link.BoardLink;
import io.hilbridge.sim.SimulatedBoard;

import java.net.URI;
import java.time.Duration;
import java.util.Set;

import static org.awaitility.Awaitility.await;

/**
 * The real bridge ({@link Bridge}, as the CLI starts it with {@code --serial loopback}) on a free port, with a handle
 * on its simulated board so tests can press the board's button or pull its cable, and a restart on the same port.
 */
public final class LiveBridge implements AutoCloseable {
    private final BridgeConfig config;
    private volatile Bridge bridge;
    private volatile int stoppedPort;

    private LiveBridge(BridgeConfig config) {
        this.config = config;
        this.bridge = Bridge.start(config, line -> {});
        awaitStatus(DeviceStatus.ONLINE);
    }

    public static LiveBridge start() {
        return start(null, Set.of());
    }

    /** A bridge requiring {@code token} (null for none) and allowing extra browser origins. */
    public static LiveBridge start(String token, Set<String> allowedOrigins) {
        return new LiveBridge(BridgeConfig.loopback().withToken(token).withAllowedOrigins(allowedOrigins));
    }

    /** A bridge keeping its scenes in {@code dataDir} (as {@code --data-dir}). */
    public static LiveBridge startWithDataDir(java.nio.file.Path dataDir) {
        return new LiveBridge(BridgeConfig.loopback().withDataDir(dataDir));
    }

    /** A bridge with {@code n} simulated boards, board0 .. board{n-1}. */
    public static LiveBridge startBoards(int n) {
        return new LiveBridge(BridgeConfig.loopback().withSerial(java.util.Collections.nCopies(n, "loopback")));
    }

    public SimulatedBoard board() {
        return board("board0");
    }

    public SimulatedBoard board(String deviceId) {
        return bridge.simulatedBoard(deviceId).orElseThrow();
    }

    public BoardLink link() {
        return bridge.boards().get(0);
    }

    public ApiService api() {
        return bridge.api();
    }

    public int port() {
        return bridge.httpPort();
    }

    /** Stops the whole bridge: every client is cut off, the port is closed. {@link #startAgain} brings it back. */
    public void stop() {
        stoppedPort = port();
        bridge.close();
    }

    /** Starts the bridge again on the port it had before {@link #stop} (a new simulated board, booted afresh). */
    public void startAgain() {
        BridgeConfig c = config;
        bridge = Bridge.start(
                new BridgeConfig(
                        c.serial(),
                        c.baud(),
                        c.bind(),
                        stoppedPort,
                        c.allowedOrigins(),
                        c.token(),
                        c.simBaud(),
                        c.simFaults(),
                        c.resetOnOpen(),
                        c.maxClients(),
                        c.dataDir()),
                line -> {});
        awaitStatus(DeviceStatus.ONLINE);
    }

    /** Waits until every board has status {@code s}. */
    public void awaitStatus(DeviceStatus s) {
        await().atMost(Duration.ofSeconds(15))
                .until(() -> bridge.boards().stream().allMatch(b -> b.status() == s));
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    public URI wsUri(String query) {
        return URI.create("ws://127.0.0.1:" + port() + "/ws" + (query == null ? "" : "?" + query));
    }

    @Override
    public void close() {
        bridge.close();
    }
}
