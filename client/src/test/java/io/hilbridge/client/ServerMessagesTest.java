package io.hilbridge.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Collections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reading the bridge's messages field by field (websocket-api.md section 2 and "Per-pixel colours"): required fields
 * missing or null are named, optional ones default as the spec says, and a state's pixel runs are bounded by the
 * 65535 pixels a set may paint. SpecConformanceTest reads the spec's examples whole.
 */
class ServerMessagesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STATE = "{\"type\": \"state\", \"device\": \"board0\", \"light\": 3, \"on\": true,"
            + " \"brightness\": 255, \"color\": \"#ffffff\", \"effect\": \"none\", \"cause\": \"command\"";

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(text, e);
        }
    }

    private static JsonNode stateWithPixels(String pixels) {
        return json(STATE + ", \"pixels\": " + pixels + "}");
    }

    private static String run(String color, int count) {
        return "{\"color\": \"" + color + "\", \"count\": " + count + "}";
    }

    @Test
    void pixelRunsAndBareColoursExpandToOneLowerCaseColourPerPixel() {
        assertThat(ServerMessages.state(stateWithPixels("[\"#FF0000\", " + run("#00FF00", 2) + "]"))
                        .state()
                        .pixels())
                .containsExactly("#ff0000", "#00ff00", "#00ff00");
        assertThat(ServerMessages.state(stateWithPixels("null")).state().pixels())
                .as("null: every pixel shows color")
                .isEmpty();
    }

    @Test
    void aRunCountIsOneToTheSpecsLimitOf65535PixelsInAll() {
        assertThat(ServerMessages.state(stateWithPixels("[" + run("#000000", 1) + "]"))
                        .state()
                        .pixels())
                .hasSize(1);
        assertThat(ServerMessages.state(stateWithPixels("[" + run("#000000", 65_534) + ", \"#ffffff\"]"))
                        .state()
                        .pixels())
                .hasSize(65_535)
                .endsWith("#ffffff");
        for (String bad : new String[] {
            "[" + run("#000000", 0) + "]",
            "[" + run("#000000", -1) + "]",
            "[" + run("#000000", 65_535) + ", \"#ffffff\"]",
            "[" + run("#000000", 65_000) + ", " + run("#000000", 536) + "]"
        }) {
            assertThatThrownBy(() -> ServerMessages.state(stateWithPixels(bad)))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("message field \"pixels\": a run of ")
                    .hasMessageEndingWith(" pixels (1 to 65535 in all)");
        }
        assertThatThrownBy(() -> ServerMessages.state(stateWithPixels("7")))
                .hasMessage("message field \"pixels\" is neither runs nor \"unknown\"");
        assertThatThrownBy(() -> ServerMessages.state(stateWithPixels("\"all\"")))
                .hasMessage("message field \"pixels\" is neither runs nor \"unknown\"");
        assertThatThrownBy(() -> ServerMessages.state(stateWithPixels("[{\"count\": 2}]")))
                .hasMessage("message field \"color\" is missing");
    }

    @Test
    void aMissingOrNullRequiredFieldIsNamed() {
        for (String field : new String[] {"device", "light", "on", "brightness", "color", "effect"}) {
            JsonNode m = json(STATE + "}");
            ((com.fasterxml.jackson.databind.node.ObjectNode) m).remove(field);
            assertThatThrownBy(() -> ServerMessages.state(m))
                    .as(field)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("message field \"" + field + "\" is missing");
            ((com.fasterxml.jackson.databind.node.ObjectNode) m).putNull(field);
            assertThatThrownBy(() -> ServerMessages.state(m))
                    .as(field + " null")
                    .hasMessageContaining(field);
        }
        assertThatThrownBy(() -> ServerMessages.devices(json("{\"type\": \"hello\"}")))
                .hasMessage("message field \"devices\" is missing");
        assertThatThrownBy(() -> ServerMessages.devices(json("{\"devices\": [{\"id\": \"b\", \"status\": \"online\","
                        + " \"lights\": [{\"id\": 0, \"name\": \"L\", \"kind\": \"onoff\", \"effects\": [],"
                        + " \"desired\": null, \"pending\": false}]}]}")))
                .as("state is present in every light, null until reported")
                .hasMessage("message field \"state\" is missing");
    }

    @Test
    void optionalFieldsTakeTheSpecsDefaults() {
        Device d = ServerMessages.devices(json("{\"devices\": [{\"id\": \"b\", \"status\": \"connecting\","
                        + " \"firmware\": null, \"protocolVersion\": null, \"transport\": null, \"lights\": [{\"id\": 4,"
                        + " \"name\": \"L\", \"kind\": \"onoff\", \"effects\": [], \"state\": null, \"desired\": null,"
                        + " \"pending\": true, \"fault\": null}]}]}"))
                .get(0);
        assertThat(d.firmware()).isNull();
        assertThat(d.protocolVersion()).isNull();
        assertThat(d.transport()).isNull();
        Light l = d.light(4).orElseThrow();
        assertThat(l.pixels()).as("pixels: else 1").isEqualTo(1);
        assertThat(l.state()).isNull();
        assertThat(l.desired()).isNull();
        assertThat(l.pending()).isTrue();
        assertThat(l.effects()).isEqualTo(Collections.emptySet());

        assertThat(ServerMessages.state(json(STATE.replace(", \"cause\": \"command\"", "") + "}"))
                        .cause())
                .isEqualTo(StateCause.fromApi(null));
        assertThat(ServerMessages.id(json("{\"id\": null}"))).isNull();
        assertThat(ServerMessages.id(json("{}"))).isNull();
        assertThat(ServerMessages.id(json("{\"id\": 7}"))).isEqualTo("7");
        assertThat(ServerMessages.type(json("{}"))).isNull();
    }

    @Test
    void aDeviceMessageKeepsWhatTheViewKnewOfEachLightAndLeavesNewLightsUnreported() {
        LightState on = new LightState(true, 9, "#010203", Effect.NONE);
        Device before = new Device(
                "board0",
                DeviceStatus.ONLINE,
                "0.1.0",
                1,
                "t",
                java.util.List.of(
                        new Light(0, "LED", LightKind.ONOFF, 1, java.util.Set.of(), on, on, true, "output_stuck")));

        Device after = ServerMessages.deviceUpdate(
                json("{\"device\": \"board0\", \"status\": \"resyncing\", \"lights\": [{\"id\": 0, \"name\": \"LED\","
                        + " \"kind\": \"onoff\", \"effects\": []}, {\"id\": 1, \"name\": \"Strip\", \"kind\": \"strip\","
                        + " \"pixels\": 8, \"effects\": [\"rainbow\"]}]}"),
                before);

        assertThat(after.status()).isEqualTo(DeviceStatus.RESYNCING);
        assertThat(after.firmware()).isNull();
        Light kept = after.light(0).orElseThrow();
        assertThat(kept.state()).isEqualTo(on);
        assertThat(kept.desired()).isEqualTo(on);
        assertThat(kept.pending()).isTrue();
        assertThat(kept.fault()).isEqualTo("output_stuck");
        Light added = after.light(1).orElseThrow();
        assertThat(added.state()).isNull();
        assertThat(added.desired()).isNull();
        assertThat(added.pending()).isFalse();
        assertThat(added.fault()).isNull();
        assertThat(added.pixels()).isEqualTo(8);
        assertThat(ServerMessages.deviceUpdate(
                                json("{\"device\": \"board0\", \"status\": \"online\", \"lights\": [{\"id\": 0,"
                                        + " \"name\": \"LED\", \"kind\": \"onoff\", \"effects\": []}]}"),
                                null)
                        .light(0)
                        .orElseThrow()
                        .state())
                .as("no view before")
                .isNull();
    }

    @Test
    void aLogLineIsReadWithItsSourceAndDroppedCount() {
        String log = "{\"type\": \"log\", \"device\": \"board0\", \"seq\": 42, \"time\": \"2026-12-06T23:51:07.318Z\","
                + " \"level\": \"error\", \"text\": \"rst:0x1\"";
        LogLine boot = ServerMessages.log(json(log + ", \"source\": \"boot\", \"dropped\": 5}"));
        assertThat(boot)
                .isEqualTo(new LogLine(
                        "board0",
                        42,
                        Instant.parse("2026-12-06T23:51:07.318Z"),
                        LogLine.Level.ERROR,
                        true,
                        "rst:0x1",
                        5));
        LogLine plain = ServerMessages.log(json(log + ", \"source\": \"log\"}"));
        assertThat(plain.boot()).isFalse();
        assertThat(plain.dropped()).as("no dropped field: none dropped").isZero();
        assertThatThrownBy(() -> ServerMessages.log(json(log.replace("\"text\"", "\"other\"") + "}")))
                .hasMessage("message field \"text\" is missing");
    }
}
