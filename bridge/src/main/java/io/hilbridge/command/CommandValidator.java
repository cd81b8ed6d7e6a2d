package io.hilbridge.command;

import io.hilbridge.lights.BoardInfo;
import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.LightInfo;
import io.hilbridge.lights.PixelRuns;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The one place that decides whether a change may be sent to a board (the rules and their order are in the
 * package comment). Each rule is an early check that throws {@link io.hilbridge.lights.CommandException} built by
 * {@link CommandErrors}. Stateless and thread-safe.
 */
public final class CommandValidator {
    public static final int MAX_BRIGHTNESS = 255;
    public static final int MAX_TRANSITION_MS = 65535;

    private CommandValidator() {}

    /**
     * Checks {@code change} for {@code all} lights or the light {@code ids} of a device whose last HELLO is
     * {@code info} (null before the first) and whose status is {@code status}, and returns the command to send.
     */
    public static LightCommand validate(
            String deviceId, BoardInfo info, DeviceStatus status, boolean all, List<Integer> ids, LightChange change) {
        checkChange(change);
        checkAcceptsCommands(deviceId, info, status);
        List<LightInfo> addressed = addressed(deviceId, info, all, ids);
        checkSupported(addressed, change);
        List<Integer> lights = new ArrayList<>(addressed.size());
        for (LightInfo li : addressed) lights.add(li.id());
        return new LightCommand(deviceId, info, all, lights, change);
    }

    /**
     * One change per light, {@code changes.get(i)} for light i (a scene): every command checked before any is
     * returned, so a caller that sends them sends all or none. Each is checked exactly as {@link #validate} checks a
     * single light; the first broken rule throws.
     */
    public static List<LightCommand> validateEach(
            String deviceId, BoardInfo info, DeviceStatus status, List<LightChange> changes) {
        if (changes.isEmpty()) throw CommandErrors.nothingToChange();
        List<LightCommand> commands = new ArrayList<>(changes.size());
        for (int light = 0; light < changes.size(); light++) {
            commands.add(validate(deviceId, info, status, false, List.of(light), changes.get(light)));
        }
        return commands;
    }

    /**
     * The field rules alone, which need no board: a change sets at least one field, each within its range. A colour
     * ({@link io.hilbridge.lights.Rgb}) and an effect are in range by their types.
     */
    public static void checkChange(LightChange change) {
        if (change == null || change.isEmpty()) throw CommandErrors.nothingToChange();
        checkRange("brightness", change.brightness(), MAX_BRIGHTNESS);
        checkRange("transitionMs", change.transitionMs(), MAX_TRANSITION_MS);
        if (change.pixels() != null) {
            if (change.color() != null) throw CommandErrors.colorAndPixels();
            int runs = change.pixels().runs().size();
            if (runs > PixelRuns.MAX_RUNS) throw CommandErrors.tooManyPixelRuns(runs, PixelRuns.MAX_RUNS);
        }
    }

    /** Commands go to a device that has said HELLO and is online (or replaying its state after a reset). */
    public static void checkAcceptsCommands(String deviceId, BoardInfo info, DeviceStatus status) {
        if (info == null || (status != DeviceStatus.ONLINE && status != DeviceStatus.RESYNCING)) {
            throw CommandErrors.deviceOffline(deviceId, info, status);
        }
    }

    /**
     * {@code command} again, if the board has said a HELLO with other lights since it was checked (a new firmware):
     * the same command when its lights are unchanged, else the checks of {@link #validate} against {@code now}.
     */
    public static LightCommand revalidate(LightCommand command, BoardInfo now, DeviceStatus status) {
        if (now != null && now.lights().equals(command.board().lights())) return command;
        return validate(command.deviceId(), now, status, command.all(), command.lights(), command.change());
    }

    /**
     * The error for a value of a numeric field outside its range, {@code got} as the client wrote it: also for
     * front-ends whose number does not even fit an int, so the range is stated in one place.
     */
    public static CommandException outOfRange(String field, String got) {
        int max = switch (field) {
            case "brightness" -> MAX_BRIGHTNESS;
            case "transitionMs" -> MAX_TRANSITION_MS;
            default -> throw new IllegalArgumentException("not a numeric field: " + field);
        };
        return CommandErrors.outOfRange(field, 0, max, got);
    }

    private static void checkRange(String field, Integer value, int max) {
        if (value != null && (value < 0 || value > max)) throw outOfRange(field, String.valueOf(value));
    }

    /** The one expansion of a target: "all" is every light of the HELLO; a list keeps its order, once per light. */
    private static List<LightInfo> addressed(String deviceId, BoardInfo info, boolean all, List<Integer> ids) {
        List<LightInfo> lights = info.lights();
        if (all) return lights;
        if (ids == null || ids.isEmpty()) throw new IllegalArgumentException("no light addressed (a front-end bug)");
        List<LightInfo> addressed = new ArrayList<>(ids.size());
        for (int id : new LinkedHashSet<>(ids)) {
            if (id < 0 || id >= lights.size()) throw CommandErrors.unknownLight(deviceId, id, lights.size());
            addressed.add(lights.get(id));
        }
        return addressed;
    }

    /** All-or-nothing, like the board's SET: nothing is sent unless every addressed light takes every field. */
    private static void checkSupported(List<LightInfo> addressed, LightChange change) {
        for (LightInfo li : addressed) {
            String field = change.unsupportedField(li);
            if (field != null) throw CommandErrors.unsupported(li, field, change);
            if (change.pixels() != null && change.pixels().pixelCount() != li.pixels()) {
                throw CommandErrors.pixelCount(li, change.pixels().pixelCount());
            }
        }
    }
}
