package io.hilbridge.firmware;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hilbridge.api.WsClient;
import io.hilbridge.app.Bridge;
import io.hilbridge.app.BridgeConfig;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.qemu.EmulatorTools;
import io.hilbridge.qemu.Esp32c3Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The live view against the firmware's own C core, through the whole bridge: {@code hilbridge-sim} behind a pty and
 * the QEMU {@code virt} board, and the ESP-IDF firmware (main/) on the emulated ESP32-C3. A WebSocket client subscribes, sets the strip to rainbow, and sees {@code pixels}
 * messages whose colours change between two frames (the core renders the effect), and a set colour on the RGB light.
 */
class LivePixelsFirmwareTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void hilbridgeSimStreamsWhatItShows() throws Exception {
        try (SimBridge rig = SimBridge.start(dir)) {
            check(rig.bridge());
        }
    }

    @Test
    void qemuVirtBoardStreamsWhatItShows() throws Exception {
        EmulatorTools.requireEmulator();
        Bridge bridge = Bridge.start(BridgeConfig.loopback().withSerial(List.of("qemu")));
        try {
            await("the emulated board online")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> bridge.boards().get(0).status() == DeviceStatus.ONLINE);
            check(bridge);
        } finally {
            bridge.close();
        }
    }

    @Test
    void esp32c3FirmwareStreamsWhatItShows() throws Exception {
        Esp32c3Tools.requireEsp32c3();
        Bridge bridge = Bridge.start(BridgeConfig.loopback().withSerial(List.of(Bridge.QEMU_ESP32C3)));
        try {
            await("the emulated ESP32-C3 online")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> bridge.boards().get(0).status() == DeviceStatus.ONLINE);
            check(bridge);
        } finally {
            bridge.close();
        }
    }

    /** Lights 2 (RGB) and 3 (a strip, 8 pixels here, 1 on the ESP32-C3 image), as every board here declares them. */
    private static void check(Bridge bridge) throws Exception {
        WsClient client = WsClient.connect("pixels", URI.create("ws://127.0.0.1:" + bridge.httpPort() + "/ws"));
        try {
            JsonNode lights = client.hello
                    .get(10, TimeUnit.SECONDS)
                    .path("devices")
                    .get(0)
                    .path("lights");
            assertThat(lights.get(2).path("kind").asText()).isEqualTo("rgb");
            assertThat(lights.get(3).path("kind").asText()).isEqualTo("strip");
            int stripPixels = lights.get(3).path("pixels").asInt();
            ObjectNode rainbow = JSON.createObjectNode()
                    .put("type", "set")
                    .put("device", "board0")
                    .put("light", 3)
                    .put("on", true)
                    .put("brightness", 255)
                    .put("effect", "rainbow");
            assertThat(client.request(rainbow)
                            .get(10, TimeUnit.SECONDS)
                            .path("type")
                            .asText())
                    .isEqualTo("ack");
            ObjectNode green = JSON.createObjectNode()
                    .put("type", "set")
                    .put("device", "board0")
                    .put("light", 2)
                    .put("on", true)
                    .put("brightness", 255)
                    .put("color", "#00ff00");
            assertThat(client.request(green)
                            .get(10, TimeUnit.SECONDS)
                            .path("type")
                            .asText())
                    .isEqualTo("ack");
            client.sendRaw("{\"type\": \"pixels.subscribe\", \"device\": \"board0\"}");
            await("pixels of the strip").atMost(Duration.ofSeconds(10)).until(() -> latest(client, 3) != null);
            JsonNode first = latest(client, 3);
            assertThat(first.path("colors")).hasSize(stripPixels);
            await("the strip's colours to change between two frames (the rainbow moves)")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> !latest(client, 3).path("colors").equals(first.path("colors")));
            await("the RGB light's pixel to show #00ff00")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> latest(client, 2) != null
                            && "#00ff00"
                                    .equals(latest(client, 2)
                                            .path("colors")
                                            .get(0)
                                            .asText()));
        } finally {
            client.abort();
        }
    }

    private static JsonNode latest(WsClient client, int light) {
        List<JsonNode> px = client.ofType("pixels");
        for (int i = px.size() - 1; i >= 0; i--) {
            if (px.get(i).path("light").asInt() == light) return px.get(i);
        }
        return null;
    }
}
