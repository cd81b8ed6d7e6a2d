package io.hilbridge.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hilbridge.api.WsClient;
import io.hilbridge.app.Bridge;
import io.hilbridge.app.BridgeConfig;
import io.hilbridge.emulator.QemuBoard;
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
 * The whole bridge started as {@code hilbridge --serial qemu}: it builds and starts the emulated board itself; a
 * WebSocket client sets a light, and after the emulated board is power-cycled the bridge replays it.
 */
class EmulatedBoardBridgeTest {

    private static final Duration HANDSHAKE = Duration.ofSeconds(20);

    private Bridge bridge;
    private WsClient client;

    @BeforeEach
    void start() {
        EmulatorTools.requireEmulator();
        bridge = Bridge.start(BridgeConfig.loopback().withSerial(List.of("qemu")));
        await().atMost(HANDSHAKE).until(() -> bridge.boards().get(0).status() == DeviceStatus.ONLINE);
        client = WsClient.connect("qemu", URI.create("ws://127.0.0.1:" + bridge.httpPort() + "/ws"));
    }

    @AfterEach
    void stop() {
        if (client != null) client.abort();
        if (bridge != null) bridge.close();
    }

    @Test
    void aClientSetsALightOnTheEmulatedBoardAndARebootReplaysIt() throws Exception {
        QemuBoard board = bridge.emulatedBoard("board0").orElseThrow();
        assertThat(client.hello.get(5, TimeUnit.SECONDS).path("devices").get(0).path("lights"))
                .hasSize(4);

        ObjectNode set = new ObjectMapper()
                .createObjectNode()
                .put("type", "set")
                .put("device", "board0")
                .put("light", 2)
                .put("on", true)
                .put("brightness", 77)
                .put("color", "#123456")
                .put("effect", "breathe");
        JsonNode reply = client.request(set).get(5, TimeUnit.SECONDS);
        assertThat(reply.path("type").asText()).as(reply.toString()).isEqualTo("ack");
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(board.console())
                        .anySatisfy(l -> assertThat(l)
                                .contains("light 2 (RGB LED): on brightness 77 color #123456 effect breathe")));

        board.restart(); // a new emulator: lights off, new boot id, new pty behind the same link

        await().atMost(HANDSHAKE).untilAsserted(() -> {
            assertThat(board.console())
                    .anySatisfy(l ->
                            assertThat(l).contains("light 2 (RGB LED): on brightness 77 color #123456 effect breathe"));
            assertThat(bridge.boards().get(0).status()).isEqualTo(DeviceStatus.ONLINE);
        });
        // The client's view follows the bridge: the state after the replay reaches it in a message of its own,
        // which may still be on its way when the link reports ONLINE.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode light2 = client.view().get("board0:2");
            assertThat(light2.path("color").asText()).isEqualTo("#123456");
            assertThat(light2.path("effect").asText()).isEqualTo("breathe");
        });
        assertThat(client.ofType("device"))
                .anySatisfy(m -> assertThat(m.path("status").asText()).isEqualTo("offline"));
    }
}
