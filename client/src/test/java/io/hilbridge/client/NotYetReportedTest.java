package io.hilbridge.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * websocket-api.md: a light's {@code state} is null until the board reported it, {@code desired} null until someone
 * asked. A client that connects between a board's HELLO and its first STATE gets such a hello (CI saw it once with
 * the QEMU board), and must take it as a hello, not wait for another one.
 */
class NotYetReportedTest {
    private static final String HELLO_NOT_REPORTED = "{\"type\":\"hello\",\"apiVersion\":1,\"bridgeVersion\":\"t\","
            + "\"devices\":[{\"id\":\"board0\",\"status\":\"online\",\"firmware\":\"0.1.0\",\"protocolVersion\":1,"
            + "\"transport\":\"qemu\",\"lights\":[{\"id\":0,\"name\":\"Status LED\",\"kind\":\"onoff\",\"pixels\":1,"
            + "\"effects\":[\"blink\"],\"state\":null,\"desired\":null,\"pending\":false,\"fault\":null}]}]}";
    private static final String STATE_OFF = "{\"type\":\"state\",\"device\":\"board0\",\"light\":0,"
            + "\"cause\":\"sync\",\"on\":false,\"brightness\":255,\"color\":\"#ffffff\",\"effect\":\"none\"}";

    @Test
    void theHelloIsValidByTheSpecAndTheClientConnectsWithTheLightNotYetReported() {
        io.hilbridge.api.Schemas.assertValid("hello.json", HELLO_NOT_REPORTED);
        io.hilbridge.api.Schemas.assertValid("state.json", STATE_OFF);
        ClientOptions once = ClientOptions.defaults().withReconnect(false);
        try (ScriptedBridge bridge = new ScriptedBridge(HELLO_NOT_REPORTED);
                HilbridgeClient client = HilbridgeClient.connect(bridge.ws(), null, once)) {
            Light light = client.device("board0").orElseThrow().light(0).orElseThrow();
            assertThat(light.state()).as("not reported yet").isNull();
            assertThat(light.desired()).isNull();

            // No wait takes "not reported" for a state, not even "off" (the old placeholder was an off light).
            assertThatThrownBy(() -> client.awaitState("board0", 0, s -> !s.on(), Duration.ZERO))
                    .isInstanceOfSatisfying(
                            HilbridgeException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CLIENT_TIMEOUT))
                    .hasMessageContaining("no state confirmed yet");

            bridge.send(STATE_OFF);
            LightState off = client.awaitState("board0", 0, s -> !s.on(), Duration.ofSeconds(10));
            assertThat(off).isEqualTo(new LightState(false, 255, "#ffffff", Effect.NONE));
        }
    }

    @Test
    void aFirstMessageTheClientCannotReadFailsTheConnectAtOnceWithTheReason() {
        String helloWithoutLightsField = "{\"type\":\"hello\",\"apiVersion\":1,\"bridgeVersion\":\"t\","
                + "\"devices\":[{\"id\":\"board0\",\"status\":\"online\",\"transport\":\"x\"}]}";
        ClientOptions patient =
                ClientOptions.defaults().withReconnect(false).withConnectTimeout(Duration.ofSeconds(60));
        try (ScriptedBridge bridge = new ScriptedBridge(helloWithoutLightsField)) {
            assertThatThrownBy(() -> HilbridgeClient.connect(bridge.ws(), null, patient))
                    .isInstanceOfSatisfying(
                            HilbridgeException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CONNECT_FAILED))
                    .hasMessageContaining("first message could not be read")
                    .hasMessageContaining("\"lights\"") // the reason, not the 60 s deadline's "no hello"
                    .hasMessageNotContaining("no hello");
        }
    }
}
