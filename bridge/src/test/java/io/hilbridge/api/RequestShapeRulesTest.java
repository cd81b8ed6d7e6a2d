package io.hilbridge.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.Effect;
import io.hilbridge.lights.ErrorCode;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.PixelRuns;
import io.hilbridge.lights.Rgb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The shape rules of a {@code set}, a REST body and a REST path (websocket-api.md sections 3 and 4, "set" and "Per-pixel
 * colours"), each at both sides of its boundary, with the stable code and the message that names the rule.
 */
class RequestShapeRulesTest {
    private static ObjectNode json(String s) {
        return (ObjectNode) ApiFixture.json(s);
    }

    private static CommandException refusal(Runnable r) {
        CommandException e = catchThrowableOfType(r::run, CommandException.class);
        assertThat(e).as("refused").isNotNull();
        return e;
    }

    private static void refused(Runnable r, ErrorCode code, String message) {
        CommandException e = refusal(r);
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.getMessage()).isEqualTo(message);
    }

    private static SetRequest set(String fields) {
        return RequestParser.parseSetMessage(json("{\"type\":\"set\"," + fields + "}"));
    }

    private static LightChange body(String json) {
        return RestRequests.body(json(json));
    }

    /** "light: a light id, a list of ids (at most 64), or "all"". */
    @Test
    void aLightListHoldsAtMost64DistinctIdsInTheirOrder() {
        StringBuilder ids = new StringBuilder("63");
        for (int i = 62; i >= 0; i--) ids.append(',').append(i);
        assertThat(set("\"light\":[" + ids + "],\"on\":true").target().ids())
                .hasSize(64)
                .startsWith(63, 62);
        refused(
                () -> set("\"light\":[" + ids + ",64],\"on\":true"),
                ErrorCode.TOO_LARGE,
                "light list has 65 entries, at most 64 allowed");
        assertThat(set("\"light\":[2,0,2],\"on\":true").target()).isEqualTo(LightTarget.of(List.of(2, 0)));
        assertThat(set("\"light\":\"all\",\"on\":true").target()).isEqualTo(LightTarget.ALL);
        assertThat(set("\"light\":0,\"on\":true").target()).isEqualTo(LightTarget.of(List.of(0)));
        refused(() -> set("\"light\":[],\"on\":true"), ErrorCode.BAD_REQUEST, "light list is empty");
        refused(
                () -> set("\"on\":true"),
                ErrorCode.BAD_REQUEST,
                "light is required: a light id, a list of ids, or \"all\"");
        refused(
                () -> set("\"light\":\"All\",\"on\":true"),
                ErrorCode.BAD_REQUEST,
                "light must be a light id, a list of ids, or \"all\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "2147483648", "1.0", "\"1\"", "true", "null", "[0,-1]"})
    void aLightIdIsANonNegativeInt(String id) {
        CommandException e = refusal(() -> set("\"light\":" + id + ",\"on\":true"));
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(e.getMessage()).startsWith("light ");
    }

    @Test
    void theDeviceIsOptionalAndANonEmptyString() {
        assertThat(set("\"light\":0,\"on\":true").device()).isNull();
        assertThat(set("\"device\":null,\"light\":0,\"on\":true").device()).isNull();
        assertThat(set("\"device\":\"board1\",\"light\":0,\"on\":true").device())
                .isEqualTo("board1");
        for (String bad : List.of("\"\"", "5", "[\"board0\"]")) {
            refused(
                    () -> set("\"device\":" + bad + ",\"light\":0,\"on\":true"),
                    ErrorCode.BAD_REQUEST,
                    "device must be a non-empty string");
            refused(
                    () -> RequestParser.parseDeviceOnlyMessage(json("{\"type\":\"reset\",\"device\":" + bad + "}")),
                    ErrorCode.BAD_REQUEST,
                    "device must be a non-empty string");
        }
        assertThat(RequestParser.parseDeviceOnlyMessage(json("{\"type\":\"reset\",\"id\":1}")))
                .isNull();
        assertThat(RequestParser.parseDeviceOnlyMessage(json("{\"type\":\"reset\",\"device\":null}")))
                .isNull();
        assertThat(RequestParser.parseResetMessage(json("{\"type\":\"reset\",\"device\":\"board1\"}")))
                .isEqualTo("board1");
    }

    @Test
    void everyChangeFieldIsParsedAsGiven() {
        LightChange c = set("\"light\":3,\"on\":false,\"brightness\":0,\"color\":\"#A0b1C2\",\"transitionMs\":65535,"
                        + "\"effect\":\"none\"")
                .change();
        assertThat(c).isEqualTo(new LightChange(false, 0, new Rgb(0xA0, 0xB1, 0xC2), 65535, Effect.NONE));
        assertThat(body("{\"effect\":\"rainbow\"}").effect()).isEqualTo(Effect.RAINBOW);
    }

    /** Ranges are the validator's; a number that does not even fit an int is out_of_range with its own text. */
    @Test
    void numbersAreIntegersAndOnesTooBigForAnIntAreOutOfRange() {
        assertThat(body("{\"brightness\":-7}").brightness())
                .as("the range is the validator's")
                .isEqualTo(-7);
        refused(() -> body("{\"brightness\":2.0}"), ErrorCode.BAD_REQUEST, "brightness must be an integer");
        refused(() -> body("{\"transitionMs\":\"5\"}"), ErrorCode.BAD_REQUEST, "transitionMs must be an integer");
        refused(
                () -> body("{\"transitionMs\":2147483648}"),
                ErrorCode.OUT_OF_RANGE,
                "transitionMs must be 0..65535, got 2147483648");
        assertThat(body("{\"transitionMs\":2147483647}").transitionMs()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void onIsABooleanColourIsHashRrggbbAndEffectANameTheBridgeKnows() {
        refused(() -> body("{\"on\":\"true\"}"), ErrorCode.BAD_REQUEST, "on must be true or false");
        for (String bad : List.of("\"#12345\"", "\"#1234567\"", "\"123456\"", "\"#12345g\"", "255")) {
            refused(() -> body("{\"color\":" + bad + "}"), ErrorCode.BAD_REQUEST, "color must be a string \"#rrggbb\"");
        }
        refused(() -> body("{\"effect\":3}"), ErrorCode.BAD_REQUEST, "effect must be a string such as \"blink\"");
        refused(
                () -> body("{\"effect\":\"disco\"}"),
                ErrorCode.OUT_OF_RANGE,
                "unknown effect \"disco\"; known: none, blink, breathe, rainbow");
    }

    @Test
    void aRestBodyIsAnObjectOfChangeFieldsOnly() {
        refused(
                () -> RestRequests.body(ApiJson.MAPPER.createArrayNode()),
                ErrorCode.BAD_REQUEST,
                "the body must be a JSON object");
        refused(() -> body("{\"light\":0,\"on\":true}"), ErrorCode.BAD_REQUEST, "unknown field \"light\"");
        String longName = "f".repeat(41);
        refused(
                () -> body("{\"" + longName + "\":1}"),
                ErrorCode.BAD_REQUEST,
                "unknown field \"" + "f".repeat(40) + "...\"");
        assertThat(body("{}").isEmpty())
                .as("an empty change is the validator's to refuse")
                .isTrue();
    }

    /** The {light} path segment: up to 9 digits or "all". */
    @Test
    void aPathLightIsDigitsOrAll() {
        assertThat(RestRequests.pathLight("all")).isEqualTo(LightTarget.ALL);
        assertThat(RestRequests.pathLight("0").ids()).containsExactly(0);
        assertThat(RestRequests.pathLight("9").ids()).containsExactly(9);
        assertThat(RestRequests.pathLight("999999999").ids()).containsExactly(999999999);
        for (String bad : List.of("", "1234567890", "-1", "/", ":", "1a", "ALL")) {
            refused(
                    () -> RestRequests.pathLight(bad),
                    ErrorCode.BAD_REQUEST,
                    "light must be a non-negative integer or \"all\", got \"" + bad + "\"");
        }
    }

    // ---------------------------------------------------------------- per-pixel colours

    private static PixelRuns pixels(String array) {
        return body("{\"pixels\":" + array + "}").pixels();
    }

    private static String items(int n, String item) {
        return "[" + String.join(",", java.util.Collections.nCopies(n, item)) + "]";
    }

    @Test
    void pixelsArePaintedFromPixel0OnFromColoursAndRanges() {
        PixelRuns p = pixels("[{\"color\":\"#ff8000\",\"count\":6},\"#000000\",{\"color\":\"#000000\",\"count\":1}]");
        assertThat(p.runs())
                .containsExactly(new PixelRuns.Run(6, new Rgb(255, 128, 0)), new PixelRuns.Run(2, Rgb.BLACK));
    }

    /** "a range count outside 1-65535, or more than 65535 pixels in all": out_of_range. */
    @Test
    void aRangeCountIs1To65535AndAllOfThemAtMost65535() {
        assertThat(pixels("[{\"color\":\"#ffffff\",\"count\":1}]").pixelCount()).isEqualTo(1);
        assertThat(pixels("[{\"color\":\"#ffffff\",\"count\":65535}]").pixelCount())
                .isEqualTo(65535);
        assertThat(pixels("[{\"color\":\"#ffffff\",\"count\":65534},\"#000000\"]")
                        .pixelCount())
                .isEqualTo(65535);
        for (String count : List.of("0", "-1", "65536", "2147483648")) {
            refused(
                    () -> pixels("[\"#000000\",{\"color\":\"#ffffff\",\"count\":" + count + "}]"),
                    ErrorCode.OUT_OF_RANGE,
                    "pixels[1].count must be 1..65535, got " + count);
        }
        refused(
                () -> pixels("[{\"color\":\"#ffffff\",\"count\":65535},\"#000000\"]"),
                ErrorCode.OUT_OF_RANGE,
                "pixels covers more than 65535 pixels");
    }

    /** "more than 4096 items": too_large, before any item is looked at. */
    @Test
    void atMost4096Items() {
        assertThat(pixels(items(4096, "\"#010203\"")).pixelCount()).isEqualTo(4096);
        refused(
                () -> pixels(items(4097, "\"#010203\"")),
                ErrorCode.TOO_LARGE,
                "pixels has 4097 items, at most 4096 allowed");
        refused(() -> pixels(items(4097, "0")), ErrorCode.TOO_LARGE, "pixels has 4097 items, at most 4096 allowed");
    }

    @Test
    void everyMalformedPixelsIsABadRequestNamingTheItem() {
        refused(
                () -> pixels("\"#ffffff\""),
                ErrorCode.BAD_REQUEST,
                "pixels must be an array of colours \"#rrggbb\" or {\"color\", \"count\"} ranges");
        refused(() -> pixels("[]"), ErrorCode.BAD_REQUEST, "pixels is empty: give a colour per pixel, or ranges");
        refused(
                () -> pixels("[\"#000000\",7]"),
                ErrorCode.BAD_REQUEST,
                "pixels[1] must be a colour \"#rrggbb\" or {\"color\", \"count\"}");
        refused(() -> pixels("[\"#00000\"]"), ErrorCode.BAD_REQUEST, "pixels[0] must be a string \"#rrggbb\"");
        refused(
                () -> pixels("[{\"color\":\"red\",\"count\":1}]"),
                ErrorCode.BAD_REQUEST,
                "pixels[0].color must be a string \"#rrggbb\"");
        refused(
                () -> pixels("[{\"color\":\"#000000\",\"count\":1,\"alpha\":0}]"),
                ErrorCode.BAD_REQUEST,
                "pixels[0]: unknown field \"alpha\"");
        refused(
                () -> pixels("[{\"color\":\"#000000\"}]"),
                ErrorCode.BAD_REQUEST,
                "pixels[0] needs both color and count");
        refused(() -> pixels("[{\"count\":1}]"), ErrorCode.BAD_REQUEST, "pixels[0] needs both color and count");
        for (String count : List.of("1.5", "\"2\"", "true")) {
            refused(
                    () -> pixels("[{\"color\":\"#000000\",\"count\":" + count + "}]"),
                    ErrorCode.BAD_REQUEST,
                    "pixels[0].count must be an integer");
        }
    }

    // ---------------------------------------------------------------- REST scene bodies

    @Test
    void aSceneSaveBodyHasANameAndMayAskToReplace() {
        assertThat(RestSceneRequests.save(json("{\"name\":\"Evening\"}")))
                .isEqualTo(new RestSceneRequests.Save("Evening", false));
        assertThat(RestSceneRequests.save(json("{\"name\":\"Evening\",\"replace\":true}")))
                .isEqualTo(new RestSceneRequests.Save("Evening", true));
        refused(() -> RestSceneRequests.save(json("{}")), ErrorCode.BAD_REQUEST, "name is required: a scene name");
        refused(() -> RestSceneRequests.save(json("{\"name\":1}")), ErrorCode.BAD_REQUEST, "name must be a string");
        refused(
                () -> RestSceneRequests.save(json("{\"name\":\"A\",\"replace\":1}")),
                ErrorCode.BAD_REQUEST,
                "replace must be true or false");
        refused(
                () -> RestSceneRequests.save(json("{\"name\":\"A\",\"powerOn\":true}")),
                ErrorCode.BAD_REQUEST,
                "unknown field \"powerOn\"");
        refused(
                () -> RestSceneRequests.save(ApiJson.MAPPER.getNodeFactory().textNode("A")),
                ErrorCode.BAD_REQUEST,
                "the body must be a JSON object");
    }

    /** PATCH: a new name and/or the power-on mark, at least one of them. */
    @Test
    void aScenePatchBodyChangesTheNameOrTheMarkOrBoth() {
        assertThat(RestSceneRequests.patch(json("{\"name\":\"Night\"}")))
                .isEqualTo(new RestSceneRequests.Patch("Night", null));
        assertThat(RestSceneRequests.patch(json("{\"powerOn\":false}")))
                .isEqualTo(new RestSceneRequests.Patch(null, false));
        assertThat(RestSceneRequests.patch(json("{\"name\":\"Night\",\"powerOn\":true}")))
                .isEqualTo(new RestSceneRequests.Patch("Night", true));
        refused(
                () -> RestSceneRequests.patch(json("{}")),
                ErrorCode.BAD_REQUEST,
                "nothing to change: give name (a new name) and/or powerOn");
        refused(
                () -> RestSceneRequests.patch(json("{\"replace\":true}")),
                ErrorCode.BAD_REQUEST,
                "unknown field \"replace\"");
        refused(
                () -> RestSceneRequests.patch(json("{\"powerOn\":\"yes\"}")),
                ErrorCode.BAD_REQUEST,
                "powerOn must be true or false");
        refused(
                () -> RestSceneRequests.patch(ApiJson.MAPPER.createArrayNode()),
                ErrorCode.BAD_REQUEST,
                "the body must be a JSON object");
    }

    /** A light's state carries its pixels as ranges, "unknown" for ones the bridge did not set, or nothing. */
    @Test
    void aStateShowsItsPixelsAsRangesOrUnknownOrNotAtAll() {
        io.hilbridge.lights.LightState plain = io.hilbridge.lights.LightState.BOOT;
        assertThat(ApiJson.state(plain).has("pixels")).isFalse();
        PixelRuns runs = new PixelRuns(List.of(new PixelRuns.Run(300, Rgb.WHITE), new PixelRuns.Run(2, Rgb.BLACK)));
        JsonNode shown = ApiJson.state(plain.withPixels(runs)).path("pixels");
        assertThat(ApiJson.write(shown))
                .isEqualTo("[{\"color\":\"#ffffff\",\"count\":255},{\"color\":\"#ffffff\",\"count\":45},"
                        + "{\"color\":\"#000000\",\"count\":2}]");
        io.hilbridge.lights.LightState unknown =
                new io.hilbridge.lights.LightState(true, 255, Rgb.WHITE, Effect.NONE, null, true);
        assertThat(ApiJson.state(unknown).path("pixels").asText()).isEqualTo("unknown");
    }
}
