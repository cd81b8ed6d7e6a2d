package io.hilbridge.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hilbridge.api.WsClient;
import io.hilbridge.app.Bridge;
import io.hilbridge.app.BridgeConfig;
import io.hilbridge.emulator.Esp32c3Board;
import io.hilbridge.lights.DeviceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole bridge started as {@code hilbridge --serial qemu-esp32c3}: it boots the ESP-IDF image on the emulated
 * ESP32-C3 itself; a WebSocket client sets a light, QEMU is restarted (a power cycle: a new process, a new pty behind
 * the same link) and the bridge reconnects and replays it.
 */
class Esp32c3BridgeTest {

    private static final Duration HANDSHAKE = Duration.ofSeconds(30);

    private Bridge bridge;
    private WsClient client;

    @BeforeEach
    void start() {
        Esp32c3Tools.requireEsp32c3();
        bridge = Bridge.start(BridgeConfig.loopback().withSerial(List.of(Bridge.QEMU_ESP32C3)));
        await("the emulated ESP32-C3 comes online")
                .atMost(HANDSHAKE)
                .until(() -> bridge.boards().get(0).status() == DeviceStatus.ONLINE);
        client = WsClient.connect("esp32c3", URI.create("ws://127.0.0.1:" + bridge.httpPort() + "/ws"));
    }

    @AfterEach
    void stop() {
        if (client != null) client.abort();
        if (bridge != null) bridge.close();
    }

    @Test
    void aClientSetsALightAndAQemuRestartReplaysIt() throws Exception {
        Esp32c3Board board = bridge.emulatedEsp32c3("board0").orElseThrow();
        JsonNode hello = client.hello.get(5, TimeUnit.SECONDS);
        assertThat(hello.path("devices")
                        .get(0)
                        .path("lights")
                        .get(2)
                        .path("name")
                        .asText())
                .isEqualTo("RGB LED");

        ObjectNode set = new ObjectMapper()
                .createObjectNode()
                .put("type", "set")
                .put("device", "board0")
                .put("light", 2)
                .put("on", true)
                .put("brightness", 77)
                .put("color", "#123456");
        JsonNode reply = client.request(set).get(5, TimeUnit.SECONDS);
        assertThat(reply.path("type").asText()).as(reply.toString()).isEqualTo("ack");
        long qemuBefore = board.pid();
        long bootId = bridge.boards().get(0).info().orElseThrow().bootId();

        board.restart();

        assertThat(board.pid())
                .as("a new QEMU process")
                .isNotEqualTo(qemuBefore)
                .isPositive();
        await("online again with a new boot id and light 2 replayed")
                .atMost(HANDSHAKE)
                .untilAsserted(() -> {
                    assertThat(bridge.boards().get(0).status()).isEqualTo(DeviceStatus.ONLINE);
                    assertThat(bridge.boards().get(0).info().orElseThrow().bootId())
                            .isNotEqualTo(bootId);
                    assertThat(bridge.boards().get(0).reportedStates().get(2).brightness())
                            .isEqualTo(77);
                });
        await("the client sees the replayed state")
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(
                                client.view().get("board0:2").path("color").asText())
                        .isEqualTo("#123456"));
        assertThat(client.ofType("device"))
                .anySatisfy(m -> assertThat(m.path("status").asText()).isEqualTo("offline"));
    }

    @Test
    void theResetCommandResetsTheEmulatedChipAndReplaysItsLights() throws Exception {
        ObjectMapper json = new ObjectMapper();
        client.hello.get(5, TimeUnit.SECONDS);
        JsonNode set = client.request(json.createObjectNode()
                        .put("type", "set")
                        .put("device", "board0")
                        .put("light", 0)
                        .put("on", true))
                .get(5, TimeUnit.SECONDS);
        assertThat(set.path("type").asText()).as(set.toString()).isEqualTo("ack");
        long bootId = bridge.boards().get(0).info().orElseThrow().bootId();
        long qemuBefore = bridge.emulatedEsp32c3("board0").orElseThrow().pid();

        // The WebSocket reset reaches the chip through the emulator's system reset (the UART has no lines).
        JsonNode reply = client.request(
                        json.createObjectNode().put("type", "reset").put("device", "board0"))
                .get(HANDSHAKE.toSeconds(), TimeUnit.SECONDS);

        assertThat(reply.path("type").asText()).as(reply.toString()).isEqualTo("reset");
        assertThat(reply.path("bootId").asText())
                .isEqualTo(String.format(
                        "%08x", bridge.boards().get(0).info().orElseThrow().bootId()))
                .isNotEqualTo(String.format("%08x", bootId));
        assertThat(bridge.emulatedEsp32c3("board0").orElseThrow().pid())
                .as("the same QEMU process")
                .isEqualTo(qemuBefore);
        assertThat(bridge.boards().get(0).reportedStates().get(0).on())
                .as("light 0 replayed after the reset")
                .isTrue();
    }
}
