package io.hilbridge.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import io.hilbridge.api.ApiJson;
import io.hilbridge.api.Schemas;
import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.Effect;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.LightInfo;
import io.hilbridge.lights.LightState;
import io.hilbridge.lights.Rgb;
import io.hilbridge.sim.SimulatedBoard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Home Assistant's light JSON both ways: the shape per kind (checked against the spec's schemas) and units. */
class HaLightJsonTest {
    private static final LightState GREEN_HALF = new LightState(true, 128, new Rgb(0, 255, 0), Effect.BREATHE);

    private static JsonNode json(byte[] b) throws Exception {
        return ApiJson.MAPPER.readTree(b);
    }

    @Test
    void stateCarriesTheFieldsOfTheLightsKind() throws Exception {
        var lights = SimulatedBoard.DEFAULT_LIGHTS;
        for (LightInfo li : lights) Schemas.assertValid("mqtt-state.json", json(HaLightJson.state(li, GREEN_HALF)));
        assertThat(json(HaLightJson.state(lights.get(0), GREEN_HALF)).toString())
                .isEqualTo("{\"state\":\"ON\",\"color_mode\":\"onoff\",\"effect\":\"breathe\"}");
        assertThat(json(HaLightJson.state(lights.get(1), GREEN_HALF)).toString())
                .isEqualTo(
                        "{\"state\":\"ON\",\"color_mode\":\"brightness\",\"brightness\":128,\"effect\":\"breathe\"}");
        assertThat(json(HaLightJson.state(lights.get(2), LightState.BOOT)).toString())
                .isEqualTo("{\"state\":\"OFF\",\"color_mode\":\"rgb\",\"brightness\":255,"
                        + "\"color\":{\"r\":255,\"g\":255,\"b\":255},\"effect\":\"none\"}");
    }

    @Test
    void theIssuesExampleCommandBecomesTheSameChangeAsAWebSocketSet() {
        LightChange c = HaLightJson.command(
                "{\"state\":\"ON\",\"brightness\":128,\"color\":{\"r\":0,\"g\":255,\"b\":0},\"transition\":1}"
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(c).isEqualTo(new LightChange(true, 128, new Rgb(0, 255, 0), 1000, null));
        assertThat(HaLightJson.command("{\"transition\":0.25,\"state\":\"OFF\",\"color_mode\":\"rgb\"}".getBytes()))
                .isEqualTo(new LightChange(false, null, null, 250, null));
        assertThat(HaLightJson.command("{\"effect\":\"rainbow\"}".getBytes()).effect())
                .isEqualTo(Effect.RAINBOW);
    }

    @Test
    void rangesAreLeftToTheEngine() {
        // brightness 300 and a 99 s transition are the engine's to refuse (one home for ranges).
        assertThat(HaLightJson.command("{\"brightness\":300,\"transition\":99}".getBytes()))
                .isEqualTo(new LightChange(null, 300, null, 99000, null));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "nope                                  | bad_request",
                "[]                                    | bad_request",
                "{}                                    | bad_request",
                "{\"state\":true}                      | bad_request",
                "{\"state\":\"on\"}                    | bad_request",
                "{\"brightness\":1.5}                  | bad_request",
                "{\"brightness\":99999999999}          | out_of_range",
                "{\"color\":{\"r\":1,\"g\":2}}         | bad_request",
                "{\"color\":{\"r\":1,\"g\":2,\"b\":256}} | out_of_range",
                "{\"color\":{\"r\":1,\"g\":2,\"b\":\"3\"}} | bad_request",
                "{\"transition\":\"1\"}                | bad_request",
                "{\"effect\":\"disco\"}                | out_of_range",
                "{\"on\":true}                         | bad_request",
                "{\"state\":\"ON\",\"state\":\"OFF\"}  | bad_request",
            })
    void badCommandsNameTheirRule(String payload, String code) {
        assertThatThrownBy(() -> HaLightJson.command(payload.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(
                        CommandException.class, e -> assertThat(e.apiCode()).isEqualTo(code));
    }

    @Test
    void aCommandOverTheLimitIsTooLargeBeforeItIsParsed() {
        byte[] big = new byte[HaLightJson.MAX_COMMAND_BYTES + 1];
        assertThatThrownBy(() -> HaLightJson.command(big))
                .isInstanceOfSatisfying(
                        CommandException.class, e -> assertThat(e.apiCode()).isEqualTo("too_large"));
    }

    @Test
    void repliesMatchTheirSchema() throws Exception {
        Schemas.assertValid("mqtt-reply.json", json(HaLightJson.reply("board0", "2", null)));
        JsonNode err = json(HaLightJson.reply(
                "board0", "x", new CommandException(io.hilbridge.lights.ErrorCode.UNKNOWN_LIGHT, "no light x")));
        Schemas.assertValid("mqtt-reply.json", err);
        assertThat(err.path("code").asText()).isEqualTo("unknown_light");
    }
}
