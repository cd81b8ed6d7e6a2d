package io.hilbridge.command;

import io.hilbridge.lights.BoardInfo;
import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.Effect;
import io.hilbridge.lights.ErrorCode;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.LightInfo;
import io.hilbridge.lights.LightKind;
import io.hilbridge.lights.Rgb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Each rule of {@link CommandValidator} at its boundary: the last value allowed passes, the first one past fails. */
class CommandValidatorTest {
    /** An on/off LED, a dimmable LED, an RGB LED and an 8-pixel strip, as the default board has. */
    private static final BoardInfo BOARD = new BoardInfo(
            1,
            "0.1.0",
            42,
            List.of(
                    new LightInfo(0, "Onboard LED", LightKind.ONOFF, 1, Set.of(Effect.BLINK)),
                    new LightInfo(1, "Desk", LightKind.DIMMABLE, 1, Set.of(Effect.BLINK, Effect.BREATHE)),
                    new LightInfo(2, "RGB", LightKind.RGB, 1, Set.of(Effect.BLINK, Effect.BREATHE, Effect.RAINBOW)),
                    new LightInfo(3, "Strip", LightKind.STRIP, 8, Set.of(Effect.RAINBOW))));

    private static final LightChange ON = new LightChange(true, null, null, null, null);

    private static LightCommand lights(List<Integer> ids, LightChange change) {
        return CommandValidator.validate("board0", BOARD, DeviceStatus.ONLINE, false, ids, change);
    }

    private static LightCommand all(LightChange change) {
        return CommandValidator.validate("board0", BOARD, DeviceStatus.ONLINE, true, List.of(), change);
    }

    private static CommandException refusal(Runnable validation) {
        CommandException e = catchThrowableOfType(validation::run, CommandException.class);
        assertThat(e).as("the validator refuses").isNotNull();
        return e;
    }

    private static LightChange brightness(int b) {
        return new LightChange(null, b, null, null, null);
    }

    private static LightChange transition(int ms) {
        return new LightChange(null, 10, null, ms, null);
    }

    @Test
    void brightnessIs0To255() {
        assertThat(lights(List.of(1), brightness(255)).change().brightness()).isEqualTo(255);
        assertThat(lights(List.of(1), brightness(0)).change().brightness()).isZero();
        CommandException e = refusal(() -> lights(List.of(1), brightness(256)));
        assertThat(e.code()).isEqualTo(ErrorCode.OUT_OF_RANGE);
        assertThat(e.getMessage()).isEqualTo("brightness must be 0..255, got 256");
        assertThat(refusal(() -> lights(List.of(1), brightness(-1))).code()).isEqualTo(ErrorCode.OUT_OF_RANGE);
    }

    @Test
    void transitionIs0To65535() {
        assertThat(lights(List.of(1), transition(65535)).change().transitionMs())
                .isEqualTo(65535);
        CommandException e = refusal(() -> lights(List.of(1), transition(65536)));
        assertThat(e.code()).isEqualTo(ErrorCode.OUT_OF_RANGE);
        assertThat(e.getMessage()).isEqualTo("transitionMs must be 0..65535, got 65536");
        assertThat(refusal(() -> lights(List.of(1), transition(-1))).code()).isEqualTo(ErrorCode.OUT_OF_RANGE);
    }

    @Test
    void aNumberTooBigForAnIntIsOutOfRangeWithTheSameWording() {
        CommandException e = CommandValidator.outOfRange("brightness", "99999999999");
        assertThat(e.code()).isEqualTo(ErrorCode.OUT_OF_RANGE);
        assertThat(e.getMessage()).isEqualTo("brightness must be 0..255, got 99999999999");
    }

    @Test
    void theLastLightExistsAndTheOnePastItDoesNot() {
        assertThat(lights(List.of(3), ON).lights()).containsExactly(3);
        CommandException e = refusal(() -> lights(List.of(4), ON));
        assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_LIGHT);
        assertThat(e.getMessage()).isEqualTo("device board0 has no light 4 (it has 4: 0..3)");
        assertThat(refusal(() -> lights(List.of(0, 4), ON)).code())
                .as("one unknown light in a list")
                .isEqualTo(ErrorCode.UNKNOWN_LIGHT);
    }

    @Test
    void oneLightThatCannotTakeAFieldRefusesTheWholeCommand() {
        LightChange red = new LightChange(null, null, new Rgb(255, 0, 0), null, null);
        assertThat(lights(List.of(2, 3), red).lights()).containsExactly(2, 3);
        CommandException e = refusal(() -> lights(List.of(2, 3, 0), red));
        assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED);
        assertThat(e.getMessage()).isEqualTo("light 0 (Onboard LED, onoff) does not support color");
        assertThat(refusal(() -> all(red)).getMessage())
                .as("\"all\" includes the on/off LED")
                .isEqualTo("light 0 (Onboard LED, onoff) does not support color");
        LightChange rainbow = new LightChange(null, null, null, null, Effect.RAINBOW);
        assertThat(refusal(() -> lights(List.of(3, 1), rainbow)).getMessage())
                .isEqualTo("light 1 (Desk, dimmable) does not support the effect \"rainbow\"");
    }

    @Test
    void allExpandsToEveryLightOfTheHello() {
        LightCommand c = all(ON);
        assertThat(c.all()).isTrue();
        assertThat(c.lights()).containsExactly(0, 1, 2, 3);
        assertThat(c.board()).isSameAs(BOARD);
        assertThat(c.deviceId()).isEqualTo("board0");
    }

    @Test
    void aListKeepsItsOrderOncePerLight() {
        assertThat(lights(List.of(2, 0, 2), ON).lights()).containsExactly(2, 0);
    }

    @Test
    void anEmptyChangeIsABadRequest() {
        CommandException e = refusal(() -> lights(List.of(0), new LightChange(null, null, null, null, null)));
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(e.getMessage()).startsWith("nothing to change");
    }

    @Test
    void theFieldsAreCheckedBeforeTheDevice() {
        CommandException e = refusal(() ->
                CommandValidator.validate("board0", null, DeviceStatus.CONNECTING, false, List.of(9), brightness(300)));
        assertThat(e.code()).isEqualTo(ErrorCode.OUT_OF_RANGE);
    }

    @ParameterizedTest
    @EnumSource(
            value = DeviceStatus.class,
            names = {"CONNECTING", "OFFLINE"})
    void onlyAnOnlineOrResyncingDeviceTakesCommands(DeviceStatus status) {
        CommandException e = refusal(() -> CommandValidator.validate("board0", BOARD, status, false, List.of(0), ON));
        assertThat(e.code()).isEqualTo(ErrorCode.DEVICE_OFFLINE);
        assertThat(e.getMessage()).isEqualTo("device board0 is " + status.apiName() + "; try again when it is online");
        assertThat(CommandValidator.validate("board0", BOARD, DeviceStatus.RESYNCING, false, List.of(0), ON)
                        .lights())
                .containsExactly(0);
    }

    @Test
    void aDeviceWithoutHelloIsNotConnectedYet() {
        CommandException e =
                refusal(() -> CommandValidator.validate("board0", null, DeviceStatus.ONLINE, false, List.of(0), ON));
        assertThat(e.code()).isEqualTo(ErrorCode.DEVICE_OFFLINE);
        assertThat(e.getMessage()).contains("not connected yet");
    }

    @Test
    void revalidationKeepsTheCommandUntilTheBoardsLightsChange() {
        LightCommand c = lights(List.of(3), brightness(5));
        BoardInfo rebooted = new BoardInfo(1, "0.1.0", 43, BOARD.lights());
        assertThat(CommandValidator.revalidate(c, rebooted, DeviceStatus.ONLINE))
                .isSameAs(c);
        BoardInfo fewer = new BoardInfo(1, "0.2.0", 44, BOARD.lights().subList(0, 2));
        CommandException e = refusal(() -> CommandValidator.revalidate(c, fewer, DeviceStatus.ONLINE));
        assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_LIGHT);
        assertThat(e.getMessage()).isEqualTo("device board0 has no light 3 (it has 2: 0..1)");
    }

    /** A new firmware with other lights: the command is checked again and, when it still holds, made for that HELLO. */
    @Test
    void revalidationAgainstOtherLightsGivesACommandForTheNewHello() {
        LightCommand c = lights(List.of(3), brightness(5));
        List<LightInfo> more = new java.util.ArrayList<>(BOARD.lights());
        more.add(new LightInfo(4, "Fan", LightKind.ONOFF, 1, Set.of()));
        BoardInfo bigger = new BoardInfo(1, "0.3.0", 45, more);
        LightCommand again = CommandValidator.revalidate(c, bigger, DeviceStatus.ONLINE);
        assertThat(again.board()).isSameAs(bigger);
        assertThat(again.lights()).containsExactly(3);
        assertThat(again.change()).isEqualTo(c.change());
        assertThat(refusal(() -> CommandValidator.revalidate(c, null, DeviceStatus.CONNECTING))
                        .code())
                .as("a board that has not said HELLO again")
                .isEqualTo(ErrorCode.DEVICE_OFFLINE);
    }

    @Test
    void aSceneOfNoLightsHasNothingToChange() {
        CommandException e =
                refusal(() -> CommandValidator.validateEach("board0", BOARD, DeviceStatus.ONLINE, List.of()));
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(e.getMessage()).startsWith("nothing to change");
    }

    /** A command addresses "all" or a non-empty list (a front-end that passes no list has a bug, not a client). */
    @Test
    void noLightAddressedIsAFrontEndBug() {
        for (List<Integer> none : java.util.Arrays.<List<Integer>>asList(List.of(), null)) {
            assertThat(catchThrowableOfType(() -> lights(none, ON), IllegalArgumentException.class))
                    .as("ids " + none)
                    .hasMessageContaining("no light addressed");
        }
    }
}
