package io.hilbridge.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hilbridge.api.Schemas;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client against the contract itself: what it sends is valid against the spec's schemas, and it reads every
 * server example of websocket-api.md, also with fields a later version may add.
 */
class SpecConformanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern EXAMPLE =
            Pattern.compile("<!-- example: ([\\w.-]+) -->\\s*\\n```json\\n(.*?)```", Pattern.DOTALL);

    /** The first example of each schema file in websocket-api.md, with an unknown field added at every level. */
    private static Map<String, JsonNode> examplesWithExtraFields() throws IOException {
        String spec = Files.readString(Schemas.dir().resolve("websocket-api.md"));
        Map<String, JsonNode> out = new HashMap<>();
        Matcher m = EXAMPLE.matcher(spec);
        while (m.find()) {
            JsonNode example = JSON.readTree(m.group(2));
            addUnknownFields(example);
            out.putIfAbsent(m.group(1), example);
        }
        return out;
    }

    private static void addUnknownFields(JsonNode n) {
        if (n instanceof ObjectNode o) {
            o.elements().forEachRemaining(SpecConformanceTest::addUnknownFields);
            o.put("addedInALaterVersion", 1);
        } else if (n.isArray()) {
            n.forEach(SpecConformanceTest::addUnknownFields);
        }
    }

    @Test
    void everyMessageTheClientSendsIsValid() throws IOException {
        List<String> sets = List.of(
                ClientMessages.set(
                        "c1",
                        "board0",
                        Lights.one(2),
                        LightChange.turnOn()
                                .brightness(200)
                                .color("#00ff00")
                                .transitionMs(500)
                                .effect(Effect.BREATHE)),
                ClientMessages.set("c2", "board0", Lights.of(1, 2), LightChange.turnOff()),
                ClientMessages.set(
                        "c3", "board1", Lights.all(), LightChange.change().effect(Effect.NONE)),
                ClientMessages.set(
                        "c4", "board0", Lights.one(3), LightChange.turnOn().pixels(List.of("#ff0000", "#00ff00"))));
        for (String s : sets) {
            Schemas.assertValid("set.json", s);
        }
        assertThat(JSON.readTree(sets.get(1)).get("light").toString()).isEqualTo("[1,2]");
        assertThat(JSON.readTree(sets.get(2)).get("light").asText()).isEqualTo("all");
        assertThat(JSON.readTree(sets.get(1)).has("brightness"))
                .as("only the fields given are sent")
                .isFalse();
        assertThat(JSON.readTree(sets.get(3)).get("pixels").toString()).isEqualTo("[\"#ff0000\",\"#00ff00\"]");
        Schemas.assertValid("get.json", ClientMessages.get("g1"));
        Schemas.assertValid("reset-request.json", ClientMessages.reset("r1", "board0"));
    }

    @Test
    void everyServerExampleIsReadAlsoWithFieldsItDoesNotKnow() throws IOException {
        Map<String, JsonNode> ex = examplesWithExtraFields();

        List<Device> hello = ServerMessages.devices(ex.get("hello.json"));
        assertThat(hello).hasSize(1);
        Device board0 = hello.get(0);
        assertThat(board0.status()).isEqualTo(DeviceStatus.ONLINE);
        assertThat(board0.protocolVersion()).isEqualTo(1);
        Light rgb = board0.light(2).orElseThrow();
        assertThat(rgb.kind()).isEqualTo(LightKind.RGB);
        assertThat(rgb.state()).isEqualTo(new LightState(true, 128, "#ff8800", Effect.NONE));
        assertThat(rgb.supports(Effect.RAINBOW)).isTrue();
        assertThat(board0.light(0).orElseThrow().supports(Effect.BREATHE)).isFalse();

        StateEvent state = ServerMessages.state(ex.get("state.json"));
        assertThat(state)
                .isEqualTo(new StateEvent(
                        "board0", 2, new LightState(true, 200, "#00ff00", Effect.NONE), StateCause.COMMAND));

        Device offline = ServerMessages.deviceUpdate(ex.get("device.json"), board0);
        assertThat(offline.status()).isEqualTo(DeviceStatus.OFFLINE);
        assertThat(offline.lights()).extracting(Light::id).containsExactly(0);
        assertThat(offline.light(0).orElseThrow().state())
                .as("a device message keeps the known state")
                .isEqualTo(board0.light(0).orElseThrow().state());

        assertThat(ServerMessages.fault(ex.get("fault.json"))).isEqualTo("output_stuck");
        List<Device> snapshot = ServerMessages.devices(ex.get("snapshot.json"));
        assertThat(snapshot.get(0).status()).isEqualTo(DeviceStatus.CONNECTING);
        assertThat(snapshot.get(0).firmware()).isNull();
        assertThat(snapshot.get(0).lights()).isEmpty();
        assertThat(ServerMessages.id(ex.get("ack.json"))).isEqualTo("c17");
        assertThat(ex.get("reset.json").path("bootId").asText()).isEqualTo("5e1f09a2");
        assertThat(ErrorCode.fromApi(ex.get("error.json").path("code").asText()))
                .isEqualTo(ErrorCode.UNSUPPORTED);
    }

    @Test
    void aStatesPixelRunsAreReadAsOneColourPerPixel() throws IOException {
        // The per-pixel state example of websocket-api.md, "Per-pixel colours".
        ObjectNode m =
                (ObjectNode) JSON.readTree("{\"type\": \"state\", \"device\": \"board0\", \"light\": 3, \"on\": true,"
                        + " \"brightness\": 255, \"color\": \"#ffffff\", \"effect\": \"none\", \"pixels\": [{\"color\": \"#ff8000\","
                        + " \"count\": 6}, {\"color\": \"#000000\", \"count\": 2}], \"cause\": \"command\"}");
        Schemas.assertValid("server-message.json", m);
        assertThat(ServerMessages.state(m).state().pixels())
                .containsExactly(
                        "#ff8000", "#ff8000", "#ff8000", "#ff8000", "#ff8000", "#ff8000", "#000000", "#000000");
        m.put("pixels", "unknown");
        assertThat(ServerMessages.state(m).state().pixels())
                .as("colours this bridge did not set")
                .isNull();
        m.remove("pixels");
        assertThat(ServerMessages.state(m).state().pixels())
                .as("one colour on every pixel")
                .isEmpty();
    }

    @Test
    void aStatusOrCauseFromALaterVersionIsKeptAsUnknown() {
        assertThat(DeviceStatus.fromApi("sleeping")).isEqualTo(DeviceStatus.UNKNOWN);
        assertThat(StateCause.fromApi("schedule")).isEqualTo(StateCause.UNKNOWN);
        assertThat(StateCause.fromApi("button")).isEqualTo(StateCause.BUTTON);
    }
}
