package io.hilbridge.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.hilbridge.app.Bridge;
import io.hilbridge.app.BridgeConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.hilbridge.lights.DeviceStatus;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The walking skeleton, end to end: two WebSocket clients on a bridge whose board is the in-process simulated one.
 * A set from one client travels as JSON → UART frame → simulated board → ACK/STATE frames → JSON to both clients.
 */
class LoopbackEndToEndTest {
    private Bridge bridge;

    @BeforeEach
    void start() throws Exception {
        bridge = Bridge.start(BridgeConfig.loopback());
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
        try (WsTestClient c = WsTestClient.connect(bridge.url())) {
            JsonNode hello = c.awaitType("hello");
            assertThat(hello.path("bridgeVersion").asText()).isNotBlank();
            JsonNode device = hello.path("devices").get(0);
            assertThat(device.path("id").asText()).isEqualTo("board0");
            assertThat(device.path("lights")).hasSize(4);
            assertThat(device.path("status").asText()).isEqualTo("online");
            assertThat(device.path("lights").get(0).path("state").path("on").asBoolean()).isFalse();
        }
    }

    @Test
    void aSetIsAckedToTheSenderAndItsStateReachesEveryClient() throws Exception {
        try (WsTestClient a = WsTestClient.connect(bridge.url());
             WsTestClient b = WsTestClient.connect(bridge.url())) {
            a.awaitType("hello");
            b.awaitType("hello");

            a.send("{\"type\":\"set\",\"id\":\"c1\",\"device\":\"board0\",\"light\":1,\"on\":true,\"brightness\":77}");

            JsonNode ack = a.await(n -> "ack".equals(n.path("type").asText()));
            assertThat(ack.path("id").asText()).isEqualTo("c1");
            JsonNode state = b.await(n -> "state".equals(n.path("type").asText()) && n.path("light").asInt() == 1);
            assertThat(state.path("device").asText()).isEqualTo("board0");
            assertThat(state.path("on").asBoolean()).isTrue();
            assertThat(state.path("brightness").asInt()).isEqualTo(77);
            // The board itself holds the new state: the ack was not reported without effect.
            assertThat(bridge.simulatedBoard("board0").orElseThrow().lights().get(1).brightness()).isEqualTo(77);
        }
    }

    @Test
    void aBadCommandGetsAnErrorAndTheConnectionStaysUsable() throws Exception {
        try (WsTestClient a = WsTestClient.connect(bridge.url())) {
            a.awaitType("hello");
            a.send("{\"type\":\"set\",\"id\":\"x\",\"device\":\"board0\",\"light\":0,\"brightness\":300}");
            JsonNode err = a.awaitType("error");
            assertThat(err.path("id").asText()).isEqualTo("x");
            assertThat(err.path("code").asText()).isIn("out_of_range", "unsupported");

            a.send("{\"type\":\"set\",\"id\":\"y\",\"device\":\"board0\",\"light\":0,\"on\":true}");
            assertThat(a.awaitType("ack").path("id").asText()).isEqualTo("y");
        }
    }
}
