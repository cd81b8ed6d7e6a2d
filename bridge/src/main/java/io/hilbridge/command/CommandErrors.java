package io.hilbridge.command;

import io.hilbridge.lights.BoardInfo;
import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.Effect;
import io.hilbridge.lights.ErrorCode;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.LightInfo;

import java.util.Collection;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every error a command gets from the bridge's own rules (not the board's NACKs): one factory per fault, so a
 * front-end, the engine and the link word the same fault the same way. The codes are the stable ones of
 * protocol-spec/websocket-api.md; the messages say what was wrong and what is allowed. Stateless and thread-safe.
 */
public final class CommandErrors {
    private CommandErrors() {}

    public static CommandException nothingToChange() {
        return new CommandException(
                ErrorCode.BAD_REQUEST,
                "nothing to change: give at least one of on, brightness, color, transitionMs, effect, pixels");
    }

    /** {@code got} as the client wrote it (it may not even fit an int). */
    public static CommandException outOfRange(String field, int min, int max, String got) {
        return new CommandException(ErrorCode.OUT_OF_RANGE, field + " must be " + min + ".." + max + ", got " + got);
    }

    public static CommandException unknownEffect(String name) {
        String known = Stream.of(Effect.values()).map(Effect::apiName).collect(Collectors.joining(", "));
        return new CommandException(ErrorCode.OUT_OF_RANGE, "unknown effect \"" + name + "\"; known: " + known);
    }

    public static CommandException unknownDevice(String id, Collection<String> known) {
        return new CommandException(
                ErrorCode.UNKNOWN_DEVICE,
                "no device \"" + abbreviate(id, 40) + "\"; devices: " + String.join(", ", known));
    }

    /** The device does not take commands now: {@code info} null means it has not said HELLO yet. */
    public static CommandException deviceOffline(String deviceId, BoardInfo info, DeviceStatus status) {
        return new CommandException(
                ErrorCode.DEVICE_OFFLINE,
                "device " + deviceId + " is " + (info == null ? "not connected yet" : status.apiName())
                        + "; try again when it is online");
    }

    public static CommandException beingReset(String deviceId) {
        return new CommandException(
                ErrorCode.DEVICE_OFFLINE, "device " + deviceId + " is being reset; try again when it is online");
    }

    /** The link lost contact with the device ({@code reason}: how) before the board confirmed. */
    public static CommandException wentOffline(String deviceId, String reason) {
        return new CommandException(ErrorCode.DEVICE_OFFLINE, "device " + deviceId + " went offline: " + reason);
    }

    public static CommandException linkClosed(String deviceId) {
        return new CommandException(ErrorCode.DEVICE_OFFLINE, "the link to " + deviceId + " is closed");
    }

    /** A link refused a command by throwing instead of failing its future (a bug there; the caller still gets an answer). */
    public static CommandException linkFailed(Throwable e) {
        return new CommandException(ErrorCode.DEVICE_OFFLINE, "the link to the device failed: " + e);
    }

    public static CommandException unknownLight(String deviceId, int light, int lightCount) {
        return new CommandException(
                ErrorCode.UNKNOWN_LIGHT,
                "device " + deviceId + " has no light " + light + " (it has " + lightCount + ": 0.." + (lightCount - 1)
                        + ")");
    }

    /** {@code field}: what {@link LightChange#unsupportedField} named. */
    public static CommandException unsupported(LightInfo light, String field, LightChange change) {
        String what = "effect".equals(field)
                ? "the effect \"" + change.effect().apiName() + "\""
                : "pixels".equals(field) ? "per-pixel colours (only a strip has them)" : field;
        return new CommandException(
                ErrorCode.UNSUPPORTED,
                "light " + light.id() + " (" + light.name() + ", "
                        + light.kind().apiName() + ") does not support " + what);
    }

    /** Per-pixel colours and one colour for the whole light contradict each other. */
    public static CommandException colorAndPixels() {
        return new CommandException(
                ErrorCode.BAD_REQUEST,
                "give either color (one colour for the light) or pixels (one per pixel), not both");
    }

    /** More runs of one colour than one SET_PIXELS frame holds. */
    public static CommandException tooManyPixelRuns(int runs, int max) {
        return new CommandException(
                ErrorCode.TOO_LARGE,
                "pixels has " + runs + " runs of one colour; one command holds at most " + max
                        + " (send a gradient as at most " + max + " steps)");
    }

    /** Per-pixel colours that do not cover the strip exactly. */
    public static CommandException pixelCount(LightInfo light, int got) {
        return new CommandException(
                ErrorCode.OUT_OF_RANGE,
                "pixels must cover exactly the " + light.pixels() + " pixels of light " + light.id() + " ("
                        + light.name() + "), got " + got);
    }

    /** The engine's deadline passed before the board confirmed. */
    public static CommandException deadlinePassed(long millis) {
        return new CommandException(ErrorCode.TIMEOUT, "the board did not confirm within " + millis + " ms");
    }

    /** {@code s} cut to {@code max} characters, so an error never echoes a huge input back. */
    public static String abbreviate(String s, int max) {
        if (s == null) return "";
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }
}
