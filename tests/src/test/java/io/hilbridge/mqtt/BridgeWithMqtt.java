package io.hilbridge.mqtt;

import io.hilbridge.app.Bridge;
import io.hilbridge.app.BridgeConfig;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.sim.SimulatedBoard;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;

import static org.awaitility.Awaitility.await;

/**
 * The real bridge with simulated boards (as {@code --serial loopback}) and its MQTT side, as the CLI wires them
 * ({@link Bridge}, then {@link MqttBridge} on its API). The MQTT side can be stopped and started again on the same
 * bridge. Thread-safe enough for tests: start and close from the test thread.
 */
final class BridgeWithMqtt implements AutoCloseable {
    final Bridge bridge;
    private volatile MqttBridge mqtt;
    private final MqttConfig config;

    private BridgeWithMqtt(int boards, MqttConfig config) {
        this.config = config;
        bridge = Bridge.start(BridgeConfig.loopback().withSerial(Collections.nCopies(boards, "loopback")), line -> {});
        await("every simulated board online")
                .atMost(Duration.ofSeconds(15))
                .until(() -> bridge.boards().stream().allMatch(b -> b.status() == DeviceStatus.ONLINE));
        mqtt = MqttBridge.start(config, bridge.api());
    }

    static BridgeWithMqtt start(MqttConfig config) {
        return new BridgeWithMqtt(1, config);
    }

    static BridgeWithMqtt start(int boards, MqttConfig config) {
        return new BridgeWithMqtt(boards, config);
    }

    MqttBridge mqtt() {
        return mqtt;
    }

    MqttTopics topics() {
        return mqtt.topics();
    }

    SimulatedBoard board(String device) {
        return bridge.simulatedBoard(device).orElseThrow();
    }

    URI wsUri() {
        return URI.create("ws://127.0.0.1:" + bridge.httpPort() + "/ws");
    }

    void awaitMqttConnected() {
        await("the bridge connected to the broker")
                .atMost(Duration.ofSeconds(15))
                .until(() -> mqtt.connected());
    }

    void stopMqtt() {
        mqtt.close();
    }

    void startMqtt() {
        mqtt = MqttBridge.start(config, bridge.api());
    }

    @Override
    public void close() {
        mqtt.close();
        bridge.close();
    }
}
