package io.hilbridge.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hilbridge.api.WsClient;
import io.hilbridge.app.Bridge;
import io.hilbridge.app.BridgeConfig;
import io.hilbridge.lights.DeviceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The walking skeleton, end to end through {@link Bridge} (what the CLI starts): two WebSocket clients on a bridge
 * whose board is the in-process simulated one. A set from one client travels as JSON → UART frame → simulated board
 * → ACK/STATE frames → JSON to both clients.
 */
class LoopbackEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private Bridge bridge;
    private URI ws;

    @BeforeEach
    void start() {
        bridge = Bridge.start(BridgeConfig.loopback());
        ws = URI.create(bridge.url().toString().replaceFirst("^http", "ws") + "ws");
        // The bridge answers HTTP at once; the board's handshake completes shortly after.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> bridge.boards().get(0).status() == DeviceStatus.ONLINE);
    }

    @AfterEach
    void stop() {
        bridge.close();
    }

    @Test
    void helloListsTheBoardAndItsLights() throws Exception {
        try (WsClient c = WsClient.connect("a", ws)) {
            JsonNode hello = c.hello.get(10, TimeUnit.SECONDS);
            assertThat(hello.path("bridgeVersion").asText()).isNotBlank();
            JsonNode device = hello.path("devices").get(0);
            assertThat(device.path("id").asText()).isEqualTo("board0");
            assertThat(device.path("status").asText()).isEqualTo("online");
            assertThat(device.path("lights")).hasSize(4);
            assertThat(device.path("lights").get(0).path("state").path("on").asBoolean())
                    .isFalse();
        }
    }

    @Test
    void aSetIsAckedToTheSenderAndItsStateReachesEveryClient() throws Exception {
        try (WsClient a = WsClient.connect("a", ws);
                WsClient b = WsClient.connect("b", ws)) {
            a.hello.get(10, TimeUnit.SECONDS);
            b.hello.get(10, TimeUnit.SECONDS);

            JsonNode reply =
                    a.request(set(1).put("on", true).put("brightness", 77)).get(10, TimeUnit.SECONDS);

            assertThat(reply.path("type").asText()).isEqualTo("ack");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> b.ofType("state").stream()
                            .anyMatch(s -> s.path("light").asInt() == 1
                                    && s.path("brightness").asInt() == 77));
            JsonNode state = b.ofType("state").stream()
                    .filter(s -> s.path("light").asInt() == 1)
                    .findFirst()
                    .orElseThrow();
            assertThat(state.path("device").asText()).isEqualTo("board0");
            assertThat(state.path("on").asBoolean()).isTrue();
            // The board itself holds the new state: the ack was not reported without effect.
            assertThat(bridge.simulatedBoard("board0")
                            .orElseThrow()
                            .lights()
                            .get(1)
                            .brightness())
                    .isEqualTo(77);
        }
    }

    @Test
    void aBadCommandGetsAnErrorAndTheConnectionStaysUsable() throws Exception {
        try (WsClient a = WsClient.connect("a", ws)) {
            a.hello.get(10, TimeUnit.SECONDS);

            JsonNode err = a.request(set(0).put("brightness", 300)).get(10, TimeUnit.SECONDS);
            assertThat(err.path("type").asText()).isEqualTo("error");
            assertThat(err.path("code").asText()).isIn("out_of_range", "unsupported");

            JsonNode ok = a.request(set(0).put("on", true)).get(10, TimeUnit.SECONDS);
            assertThat(ok.path("type").asText()).isEqualTo("ack");
            assertThat(bridge.simulatedBoard("board0")
                            .orElseThrow()
                            .lights()
                            .get(0)
                            .on())
                    .isTrue();
        }
    }

    private static ObjectNode set(int light) {
        return JSON.createObjectNode()
                .put("type", "set")
                .put("device", "board0")
                .put("light", light);
    }
}
