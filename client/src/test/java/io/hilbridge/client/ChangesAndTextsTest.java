package io.hilbridge.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A change against the confirmed per-pixel colours (websocket-api.md "Per-pixel colours": one colour per pixel,
 * covering the strip exactly), the {@code set} message for one light, a list and all, and the texts failure messages
 * and logs show.
 */
class ChangesAndTextsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LightState strip(List<String> pixels) {
        return new LightState(true, 255, "#ffffff", Effect.NONE, pixels);
    }

    @Test
    void wantedPixelsAreShownOnlyByTheSameColoursPixelForPixelIgnoringCase() {
        LightChange wanted = LightChange.change().pixels(List.of("#ff0000", "#00FF00"));
        assertThat(wanted.isShownBy(strip(List.of("#FF0000", "#00ff00")))).isTrue();
        assertThat(wanted.isShownBy(strip(List.of("#ff0000", "#0000ff"))))
                .as("second pixel")
                .isFalse();
        assertThat(wanted.isShownBy(strip(List.of("#00ff00", "#00ff00"))))
                .as("first pixel")
                .isFalse();
        assertThat(wanted.isShownBy(strip(List.of("#ff0000"))))
                .as("fewer pixels")
                .isFalse();
        assertThat(wanted.isShownBy(strip(List.of("#ff0000", "#00ff00", "#00ff00"))))
                .as("more pixels")
                .isFalse();
        assertThat(wanted.isShownBy(strip(null)))
                .as("colours this bridge did not set")
                .isFalse();
        assertThat(wanted.isShownBy(strip(List.of())))
                .as("one colour on every pixel")
                .isFalse();
        assertThat(LightChange.turnOn().isShownBy(strip(null)))
                .as("pixels not asked for")
                .isTrue();
        assertThat(LightChange.change().effect(Effect.BLINK).isShownBy(strip(List.of())))
                .isFalse();
        assertThat(LightChange.change().effect(Effect.NONE).isShownBy(strip(List.of())))
                .isTrue();
    }

    private static JsonNode set(Lights lights, LightChange change) throws Exception {
        return JSON.readTree(ClientMessages.set("c1", "board0", lights, change));
    }

    @Test
    void aSetNamesOneLightAsANumberAListAsAnArrayAndAllAsAll() throws Exception {
        assertThat(set(Lights.one(2), LightChange.turnOn()).get("light").isInt())
                .isTrue();
        assertThat(set(Lights.of(2), LightChange.turnOn()).get("light").asInt()).isEqualTo(2);
        assertThat(set(Lights.of(1, 3), LightChange.turnOn()).get("light").toString())
                .isEqualTo("[1,3]");
        assertThat(set(Lights.all(), LightChange.turnOn()).get("light").asText())
                .isEqualTo("all");
        assertThat(Lights.all().ids()).isEmpty();
        assertThat(Lights.of(1, 3).ids()).containsExactly(1, 3);
        assertThat(Lights.of(1, 3).isAll()).isFalse();
        assertThatThrownBy(() -> Lights.of()).isInstanceOf(IllegalArgumentException.class);
        assertThat(Lights.all()).hasToString("all");
        assertThat(Lights.one(2)).hasToString("2");
        assertThat(Lights.of(1, 3)).hasToString("[1, 3]");
    }

    @Test
    void aSetCarriesExactlyTheFieldsTheChangeNames() throws Exception {
        JsonNode all =
                set(Lights.one(3), new LightChange(true, 7, "#010203", 500, Effect.BREATHE).pixels(List.of("#ff0000")));
        assertThat(all.toString())
                .isEqualTo("{\"type\":\"set\",\"id\":\"c1\",\"device\":\"board0\",\"light\":3,\"on\":true,"
                        + "\"brightness\":7,\"color\":\"#010203\",\"transitionMs\":500,\"effect\":\"breathe\","
                        + "\"pixels\":[\"#ff0000\"]}");
        assertThat(set(Lights.one(3), LightChange.change().brightness(9)).toString())
                .isEqualTo("{\"type\":\"set\",\"id\":\"c1\",\"device\":\"board0\",\"light\":3,\"brightness\":9}");
        assertThat(ClientMessages.get("g1")).isEqualTo("{\"type\":\"get\",\"id\":\"g1\"}");
        assertThat(ClientMessages.reset("r1", "board0"))
                .isEqualTo("{\"type\":\"reset\",\"id\":\"r1\",\"device\":\"board0\"}");
        assertThat(ClientMessages.mapper()).isNotNull();
    }

    @Test
    void statesChangesAndLogLinesReadAsAPersonWritesThem() {
        assertThat(new LightState(true, 9, "#010203", Effect.NONE))
                .hasToString("{on=true, brightness=9, color=#010203, effect=none}");
        assertThat(strip(null)).hasToString("{on=true, brightness=255, color=#ffffff, effect=none, pixels=unknown}");
        assertThat(strip(List.of("#ff0000")))
                .hasToString("{on=true, brightness=255, color=#ffffff, effect=none, pixels=[#ff0000]}");
        assertThat(new LightChange(true, 7, "#010203", 500, Effect.BREATHE).pixels(List.of("#ff0000")))
                .hasToString(
                        "{on=true, brightness=7, color=#010203, effect=breathe, transitionMs=500, pixels=[#ff0000]}");
        assertThat(LightChange.change()).hasToString("{}");

        Instant t = Instant.parse("2026-12-06T23:51:07.318Z");
        assertThat(new LogLine("board0", 1, t, LogLine.Level.WARN, false, "host silent", 0))
                .hasToString("23:51:07.318Z WARN  host silent");
        assertThat(new LogLine("board0", 2, t, LogLine.Level.INFO, true, "rst:0x1", 0))
                .hasToString("23:51:07.318Z INFO  [boot] rst:0x1");
    }

    @Test
    void aDeviceIsOnlineOnlyWithStatusOnline() {
        for (DeviceStatus s : DeviceStatus.values()) {
            assertThat(new Device("b", s, null, null, null, List.of()).online())
                    .as("%s", s)
                    .isEqualTo(s == DeviceStatus.ONLINE);
        }
    }
}
