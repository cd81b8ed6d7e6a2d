package io.hilbridge.command;

import io.hilbridge.lights.BoardInfo;
import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.Effect;
import io.hilbridge.lights.ErrorCode;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.LightInfo;
import io.hilbridge.lights.LightKind;
import io.hilbridge.lights.PixelRuns;
import io.hilbridge.lights.Rgb;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The validator's per-pixel rules (websocket-api.md, "Per-pixel colours"), each at its boundary. */
class PixelCommandRulesTest {
    /** An RGB LED, an 8-pixel strip and a 300-pixel strip. */
    private static final BoardInfo BOARD = new BoardInfo(
            1,
            "0.1.0",
            42,
            List.of(
                    new LightInfo(0, "RGB", LightKind.RGB, 1, Set.of(Effect.RAINBOW)),
                    new LightInfo(1, "Strip", LightKind.STRIP, 8, Set.of(Effect.RAINBOW)),
                    new LightInfo(2, "Long", LightKind.STRIP, 300, Set.of(Effect.RAINBOW))));

    private static LightCommand validate(boolean all, List<Integer> ids, LightChange change) {
        return CommandValidator.validate("board0", BOARD, DeviceStatus.ONLINE, all, ids, change);
    }

    private static CommandException refusal(Runnable validation) {
        CommandException e = catchThrowableOfType(validation::run, CommandException.class);
        assertThat(e).as("the validator refuses").isNotNull();
        return e;
    }

    /** {@code n} runs of alternating black and white, one pixel each but the last, which takes the rest. */
    private static PixelRuns stripes(int n, int pixels) {
        List<PixelRuns.Run> runs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            runs.add(new PixelRuns.Run(i < n - 1 ? 1 : pixels - (n - 1), i % 2 == 0 ? Rgb.BLACK : Rgb.WHITE));
        }
        return new PixelRuns(runs);
    }

    @Test
    void pixelsMustCoverTheStripExactly() {
        validate(false, List.of(1), LightChange.pixels(stripes(2, 8)));
        for (int pixels : new int[] {7, 9}) {
            CommandException e = refusal(() -> validate(false, List.of(1), LightChange.pixels(stripes(2, pixels))));
            assertThat(e.code()).isEqualTo(ErrorCode.OUT_OF_RANGE);
            assertThat(e.getMessage())
                    .contains("exactly the 8 pixels of light 1")
                    .contains("got " + pixels);
        }
        // Two strips of different lengths cannot take the same list: nothing is sent.
        assertThat(refusal(() -> validate(false, List.of(1, 2), LightChange.pixels(stripes(2, 8))))
                        .code())
                .isEqualTo(ErrorCode.OUT_OF_RANGE);
    }

    @Test
    void atMost47RunsFitOneCommandWhateverTheStripsLength() {
        validate(false, List.of(2), LightChange.pixels(stripes(47, 300)));
        CommandException e = refusal(() -> validate(false, List.of(2), LightChange.pixels(stripes(48, 300))));
        assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE);
        assertThat(e.getMessage()).contains("48 runs").contains("at most 47");
        // Adjacent equal colours are one run, and a run longer than 255 pixels is two on the wire (300 = 255 + 45).
        PixelRuns one = PixelRuns.ofColors(java.util.Collections.nCopies(300, Rgb.WHITE));
        assertThat(one.runs()).extracting(PixelRuns.Run::count).containsExactly(255, 45);
        validate(false, List.of(2), LightChange.pixels(one));
    }

    @Test
    void onlyAStripHasPixelsAndAllIsRefusedAsAWhole() {
        PixelRuns one = stripes(1, 1);
        CommandException e = refusal(() -> validate(false, List.of(0), LightChange.pixels(one)));
        assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED);
        assertThat(e.getMessage()).contains("per-pixel colours");
        assertThat(refusal(() -> validate(true, List.of(), LightChange.pixels(stripes(2, 8))))
                        .code())
                .isEqualTo(ErrorCode.UNSUPPORTED);
    }

    @Test
    void pixelsAndAColourForTheWholeLightContradictEachOther() {
        LightChange both = new LightChange(true, null, Rgb.WHITE, null, null, stripes(2, 8));
        assertThat(refusal(() -> validate(false, List.of(1), both)).code()).isEqualTo(ErrorCode.BAD_REQUEST);
        // with on/brightness/effect they go together in one command
        validate(false, List.of(1), new LightChange(true, 9, null, null, Effect.RAINBOW, stripes(2, 8)));
    }
}
