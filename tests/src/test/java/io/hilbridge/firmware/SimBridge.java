package io.hilbridge.firmware;

import io.hilbridge.api.WsClient;
import io.hilbridge.app.Bridge;
import io.hilbridge.app.BridgeConfig;
import io.hilbridge.lights.DeviceStatus;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The end-to-end rig of the {@code hilbridge-sim} tests: the firmware's C core behind a pty (with ROM boot text), a
 * whole bridge on that pty, online, and the WebSocket clients a test opens; {@link #close} ends them in that order's
 * reverse.
 *
 * <p>Thread-safety: {@link #client} from any thread; {@link #close} once, at the end of the test.
 */
final class SimBridge implements AutoCloseable {
    private final SimProcess sim;
    private final Bridge bridge;
    private final List<WsClient> clients = new CopyOnWriteArrayList<>();

    private SimBridge(SimProcess sim, Bridge bridge) {
        this.sim = sim;
        this.bridge = bridge;
    }

    /** Starts {@code hilbridge-sim} on {@code dir/board} and a bridge on it; returns once the board is online. */
    static SimBridge start(Path dir) throws Exception {
        SimProcess sim = SimProcess.start(dir.resolve("board"), "--boot-text");
        Bridge bridge;
        try {
            bridge = Bridge.start(
                    BridgeConfig.loopback().withSerial(List.of(sim.link().toString())), line -> {});
        } catch (RuntimeException e) {
            sim.close();
            throw e;
        }
        SimBridge rig = new SimBridge(sim, bridge);
        try {
            await("hilbridge-sim online")
                    .atMost(SimProcess.WAIT)
                    .until(() -> bridge.boards().get(0).status() == DeviceStatus.ONLINE);
        } catch (RuntimeException e) {
            rig.close();
            throw e;
        }
        return rig;
    }

    SimProcess sim() {
        return sim;
    }

    Bridge bridge() {
        return bridge;
    }

    /** A WebSocket client that has had its hello; closed with the rig. */
    WsClient client(String name) throws Exception {
        WsClient c = WsClient.connect(name, URI.create("ws://127.0.0.1:" + bridge.httpPort() + "/ws"));
        clients.add(c);
        c.hello.get(10, TimeUnit.SECONDS);
        return c;
    }

    @Override
    public void close() throws Exception {
        clients.forEach(WsClient::abort);
        bridge.close();
        sim.close();
    }
}
