package io.hilbridge.client;

import io.hilbridge.app.Bridge;
import io.hilbridge.app.BridgeConfig;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.sim.SimulatedBoard;

import java.net.URI;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * The real bridge (as the CLI starts it with {@code --serial loopback}) in this JVM on a free port, with a handle on
 * its simulated board, and a restart on the same port. The client under test talks to it over a real socket.
 */
final class InProcessBridge implements AutoCloseable {
    private final BridgeConfig config;
    private volatile Bridge bridge;
    private volatile int port;

    private InProcessBridge(BridgeConfig config) {
        this.config = config;
        this.bridge = Bridge.start(config, line -> {});
        this.port = bridge.httpPort();
        awaitOnline();
    }

    static InProcessBridge start() {
        return new InProcessBridge(BridgeConfig.loopback());
    }

    static InProcessBridge withToken(String token) {
        return new InProcessBridge(BridgeConfig.loopback().withToken(token));
    }

    SimulatedBoard board() {
        return bridge.simulatedBoard("board0").orElseThrow();
    }

    URI ws() {
        return URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    URI http(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Stops the bridge: every client is cut off and the port closed. */
    void stop() {
        bridge.close();
    }

    /** Starts it again on the same port, with a freshly booted simulated board. */
    void startAgain() {
        BridgeConfig c = config;
        bridge = Bridge.start(
                new BridgeConfig(
                        c.serial(),
                        c.baud(),
                        c.bind(),
                        port,
                        c.allowedOrigins(),
                        c.token(),
                        c.simBaud(),
                        c.simFaults(),
                        c.resetOnOpen()),
                line -> {});
        awaitOnline();
    }

    private void awaitOnline() {
        await("the bridge's simulated board online")
                .atMost(Duration.ofSeconds(15))
                .until(() -> bridge.boards().stream().allMatch(b -> b.status() == DeviceStatus.ONLINE));
    }

    @Override
    public void close() {
        bridge.close();
    }
}
