package io.hilbridge.lights;

import io.hilbridge.api.Schemas;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The light model against the spec: the wire codes of uart-link.md section 3 (HELLO kinds and capability table, SET
 * effects, STATE causes, FAULT codes), the error table of websocket-api.md, and the value rules (a channel and a
 * brightness are 0..255), each at both sides of its boundary.
 */
class LightModelRulesTest {
    private static final Rgb RED = new Rgb(255, 0, 0);

    @Test
    void everyErrorCodeHasTheCodeAndRestStatusOfTheSpecTable() throws IOException {
        String spec = Files.readString(Schemas.dir().resolve("websocket-api.md"));
        Map<String, Integer> table = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^\\| `([a-z_]+)(:<reason>)?` \\|.*\\| (\\d{3}) \\|$")
                .matcher(spec);
        while (m.find()) table.put(m.group(1), Integer.parseInt(m.group(3)));
        Map<String, Integer> ours = new LinkedHashMap<>();
        for (ErrorCode c : ErrorCode.values()) ours.put(c.apiName(), c.httpStatus());
        assertThat(ours).isEqualTo(table);
    }

    /** uart-link.md HELLO: kind 0 ONOFF, 1 DIMMABLE, 2 RGB, 3 STRIP, and the capability table. */
    @Test
    void lightKindsHaveTheirWireCodesAndCapabilities() {
        List<LightKind> byCode = List.of(LightKind.ONOFF, LightKind.DIMMABLE, LightKind.RGB, LightKind.STRIP);
        for (int code = 0; code < byCode.size(); code++) {
            assertThat(byCode.get(code).code()).isEqualTo(code);
            assertThat(LightKind.fromCode(code)).isSameAs(byCode.get(code));
        }
        assertThatThrownBy(() -> LightKind.fromCode(4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LightKind.fromCode(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Arrays.stream(LightKind.values()).map(LightKind::dimmable)).containsExactly(false, true, true, true);
        assertThat(Arrays.stream(LightKind.values()).map(LightKind::colored)).containsExactly(false, false, true, true);
        assertThat(LightKind.ONOFF.possibleEffects()).containsExactly(Effect.BLINK);
        assertThat(LightKind.DIMMABLE.possibleEffects()).containsExactlyInAnyOrder(Effect.BLINK, Effect.BREATHE);
        for (LightKind k : List.of(LightKind.RGB, LightKind.STRIP)) {
            assertThat(k.possibleEffects()).containsExactlyInAnyOrder(Effect.BLINK, Effect.BREATHE, Effect.RAINBOW);
        }
        assertThat(LightKind.STRIP.apiName()).isEqualTo("strip");
    }

    /** uart-link.md SET offset 9: 0 none, 1 blink, 2 breathe, 3 rainbow. */
    @Test
    void effectsHaveTheirWireIdsAndNames() {
        List<Effect> byId = List.of(Effect.NONE, Effect.BLINK, Effect.BREATHE, Effect.RAINBOW);
        for (int id = 0; id < byId.size(); id++) {
            assertThat(byId.get(id).id()).isEqualTo(id);
            assertThat(Effect.fromId(id)).isSameAs(byId.get(id));
            assertThat(Effect.fromApiName(byId.get(id).apiName())).isSameAs(byId.get(id));
        }
        assertThatThrownBy(() -> Effect.fromId(4)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Effect.fromApiName("Rainbow")).as("names are lower case").isNull();
    }

    /** uart-link.md STATE: cause 0 command, 1 button, 2 boot, 3 effect, 4 failsafe, 5 sync. */
    @Test
    void stateCausesHaveTheirWireCodes() {
        List<StateCause> byCode = List.of(
                StateCause.COMMAND,
                StateCause.BUTTON,
                StateCause.BOOT,
                StateCause.EFFECT,
                StateCause.FAILSAFE,
                StateCause.SYNC);
        for (int code = 0; code < byCode.size(); code++) {
            assertThat(byCode.get(code).code()).isEqualTo(code);
            assertThat(StateCause.fromCode(code)).isSameAs(byCode.get(code));
        }
        assertThatThrownBy(() -> StateCause.fromCode(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StateCause.fromCode(6)).isInstanceOf(IllegalArgumentException.class);
        assertThat(StateCause.FAILSAFE.apiName()).isEqualTo("failsafe");
    }

    /** uart-link.md FAULT: 0 none (no fault), 1 OUTPUT_STUCK; a code from a newer board is shown as unknown. */
    @Test
    void faultCodesAreOneOutputStuckAndAnyOtherNonZeroUnknown() {
        assertThat(LightFault.OUTPUT_STUCK.code()).isEqualTo(1);
        assertThat(LightFault.fromCode(1)).isSameAs(LightFault.OUTPUT_STUCK);
        assertThat(LightFault.fromCode(2)).isSameAs(LightFault.UNKNOWN);
        assertThat(LightFault.fromCode(255)).isSameAs(LightFault.UNKNOWN);
        assertThatThrownBy(() -> LightFault.fromCode(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a fault");
        assertThatThrownBy(() -> LightFault.fromCode(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachColourChannelIs0To255() {
        assertThat(new Rgb(255, 255, 255)).isEqualTo(Rgb.WHITE);
        assertThat(new Rgb(0, 0, 0)).isEqualTo(Rgb.BLACK);
        int[][] bad = {{-1, 0, 0}, {0, -1, 0}, {0, 0, -1}, {256, 0, 0}, {0, 256, 0}, {0, 0, 256}, {-1, 255, 255}};
        for (int[] c : bad) {
            assertThatThrownBy(() -> new Rgb(c[0], c[1], c[2]))
                    .as(Arrays.toString(c))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("out of 0..255");
        }
    }

    @Test
    void aColourIsWrittenAndReadAsHashRrggbb() {
        assertThat(Rgb.parseHex("#12a4F6")).isEqualTo(new Rgb(0x12, 0xA4, 0xF6));
        assertThat(new Rgb(0x12, 0xA4, 0xF6).hex()).isEqualTo("#12a4f6");
        assertThat(new Rgb(1, 2, 3).hex()).isEqualTo("#010203");
        for (String bad :
                Arrays.asList(null, "", "#12345", "#1234567", "123456#", "#12345g", "#-12345", "#+12345", " #123456")) {
            assertThatThrownBy(() -> Rgb.parseHex(bad))
                    .as(String.valueOf(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("colour must be #rrggbb");
        }
    }

    @Test
    void aStatesBrightnessIs0To255AndItHasAColourAndAnEffect() {
        assertThat(new LightState(true, 0, RED, Effect.NONE).brightness()).isZero();
        assertThat(new LightState(true, 255, RED, Effect.NONE).brightness()).isEqualTo(255);
        for (int b : new int[] {-1, 256}) {
            assertThatThrownBy(() -> new LightState(true, b, RED, Effect.NONE))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new LightState(true, 1, null, Effect.NONE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LightState(true, 1, RED, null)).isInstanceOf(IllegalArgumentException.class);
        PixelRuns runs = PixelRuns.ofColors(List.of(RED, Rgb.BLACK));
        assertThatThrownBy(() -> new LightState(true, 1, RED, Effect.NONE, runs, true))
                .as("pixels both known and unknown")
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** websocket-api.md "Per-pixel colours": a state has per-pixel colours when it knows them or knows of them. */
    @Test
    void perPixelColoursAreKnownUnknownOrNone() {
        PixelRuns runs = PixelRuns.ofColors(List.of(RED, Rgb.BLACK));
        LightState unknown = new LightState(true, 9, RED, Effect.NONE, null, true);
        assertThat(LightState.BOOT.hasPixels()).isFalse();
        assertThat(unknown.hasPixels()).isTrue();
        LightState known = unknown.withPixels(runs);
        assertThat(known.hasPixels()).isTrue();
        assertThat(known.pixels()).isEqualTo(runs);
        assertThat(known.pixelsUnknown()).isFalse();
        assertThat(known.withPixels(null)).isEqualTo(new LightState(true, 9, RED, Effect.NONE));
    }

    /** set: "fields left out stay as they are"; "on: false also stops a running effect". */
    @Test
    void applyingAChangeSetsTheGivenFieldsOnly() {
        LightState s = new LightState(true, 100, RED, Effect.BREATHE);
        assertThat(s.apply(new LightChange(null, null, null, null, null))).isEqualTo(s);
        assertThat(s.apply(new LightChange(null, 7, null, 500, null)))
                .isEqualTo(new LightState(true, 7, RED, Effect.BREATHE));
        assertThat(s.apply(new LightChange(null, null, Rgb.WHITE, null, Effect.RAINBOW)))
                .isEqualTo(new LightState(true, 100, Rgb.WHITE, Effect.RAINBOW));
        assertThat(s.apply(new LightChange(false, null, null, null, null)))
                .as("off stops the effect")
                .isEqualTo(new LightState(false, 100, RED, Effect.NONE));
        assertThat(s.apply(new LightChange(false, null, null, null, Effect.BLINK)))
                .as("unless the same change names one")
                .isEqualTo(new LightState(false, 100, RED, Effect.BLINK));
        assertThat(s.apply(new LightChange(true, null, null, null, null))).isEqualTo(s);
    }

    /** "on, brightness and effects keep them ... a color ends them"; "unknown" lasts until the next pixels or color. */
    @Test
    void aColourEndsPerPixelColoursAndOtherFieldsKeepThem() {
        PixelRuns runs = PixelRuns.ofColors(List.of(RED, Rgb.BLACK));
        PixelRuns other = PixelRuns.ofColors(List.of(Rgb.BLACK, RED));
        LightState shown = LightState.BOOT.withPixels(runs);
        assertThat(shown.apply(new LightChange(true, 3, null, null, Effect.RAINBOW))
                        .pixels())
                .isEqualTo(runs);
        assertThat(shown.apply(new LightChange(null, null, RED, null, null)).pixels())
                .isNull();
        assertThat(shown.apply(LightChange.pixels(other)).pixels()).isEqualTo(other);
        LightState unknown = new LightState(true, 9, RED, Effect.NONE, null, true);
        assertThat(unknown.apply(new LightChange(false, null, null, null, null)).pixelsUnknown())
                .isTrue();
        assertThat(unknown.apply(new LightChange(null, null, RED, null, null)).hasPixels())
                .isFalse();
        LightState replaced = unknown.apply(LightChange.pixels(runs));
        assertThat(replaced.pixelsUnknown()).isFalse();
        assertThat(replaced.pixels()).isEqualTo(runs);
    }

    /** Coalescing pending commands: the later change's fields win; a later colour ends earlier per-pixel colours. */
    @Test
    void aLaterChangeWinsFieldByField() {
        PixelRuns runs = PixelRuns.ofColors(List.of(RED, Rgb.BLACK));
        PixelRuns other = PixelRuns.ofColors(List.of(Rgb.BLACK, RED));
        LightChange first = new LightChange(true, 10, RED, 100, Effect.BLINK, runs);
        LightChange none = new LightChange(null, null, null, null, null);
        assertThat(first.then(none)).isEqualTo(first);
        assertThat(none.then(first)).isEqualTo(first);
        LightChange later = new LightChange(false, 20, null, 200, Effect.NONE, other);
        assertThat(first.then(later)).isEqualTo(new LightChange(false, 20, RED, 200, Effect.NONE, other));
        assertThat(first.then(new LightChange(null, null, Rgb.WHITE, null, null)))
                .isEqualTo(new LightChange(true, 10, Rgb.WHITE, 100, Effect.BLINK, null));
    }

    /** uart-link.md's capability table, field by field; an effect must also be one the board offers for the light. */
    @Test
    void eachFieldIsCheckedAgainstTheLightsKindAndEffects() {
        LightInfo onoff = new LightInfo(0, "LED", LightKind.ONOFF, 1, Set.of(Effect.BLINK));
        LightInfo rgb = new LightInfo(1, "RGB", LightKind.RGB, 1, EnumSet.of(Effect.BLINK));
        LightInfo strip = new LightInfo(2, "Strip", LightKind.STRIP, 8, Set.of());
        PixelRuns runs = PixelRuns.ofColors(List.of(RED, Rgb.BLACK));
        assertThat(new LightChange(true, null, null, null, Effect.BLINK).unsupportedField(onoff))
                .isNull();
        assertThat(new LightChange(null, 1, null, null, null).unsupportedField(onoff))
                .isEqualTo("brightness");
        assertThat(new LightChange(null, null, null, 1, null).unsupportedField(onoff))
                .isEqualTo("transitionMs");
        assertThat(new LightChange(null, null, RED, null, null).unsupportedField(onoff))
                .isEqualTo("color");
        assertThat(new LightChange(null, 1, RED, 1, null).unsupportedField(rgb)).isNull();
        assertThat(new LightChange(null, null, null, null, Effect.BREATHE).unsupportedField(rgb))
                .as("the kind allows breathe, this board does not offer it")
                .isEqualTo("effect");
        assertThat(new LightChange(null, null, null, null, Effect.NONE).unsupportedField(strip))
                .as("none is always allowed")
                .isNull();
        assertThat(LightChange.pixels(runs).unsupportedField(rgb)).isEqualTo("pixels");
        assertThat(LightChange.pixels(runs).unsupportedField(strip)).isNull();
    }

    @Test
    void aRunHasAtLeastOnePixelAndAColourAndRunsSplitAtExactly255() {
        assertThatThrownBy(() -> new PixelRuns.Run(1, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PixelRuns(Arrays.asList(new PixelRuns.Run(1, RED), null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("null run");
        assertThat(new PixelRuns(List.of(new PixelRuns.Run(255, RED))).runs())
                .containsExactly(new PixelRuns.Run(255, RED));
        assertThat(new PixelRuns(List.of(new PixelRuns.Run(510, RED))).runs())
                .extracting(PixelRuns.Run::count)
                .containsExactly(255, 255);
        assertThat(new PixelRuns(List.of(new PixelRuns.Run(256, RED))).runs())
                .extracting(PixelRuns.Run::count)
                .containsExactly(255, 1);
    }
}
