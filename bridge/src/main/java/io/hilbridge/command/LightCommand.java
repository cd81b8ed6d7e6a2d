package io.hilbridge.command;

import io.hilbridge.lights.BoardInfo;
import io.hilbridge.lights.LightChange;

import java.util.List;

/**
 * A command that passed {@link CommandValidator}: one change for a list of lights of one device, every light known
 * to {@link #board()} and able to take every field of the change. Only the validator makes one, so a link that is
 * given one knows the rules held against {@link #board()}; if its board has said a different HELLO since, it asks
 * {@link CommandValidator#revalidate} again. Immutable and thread-safe.
 */
public final class LightCommand {
    private final String deviceId;
    private final BoardInfo board;
    private final boolean all;
    private final List<Integer> lights;
    private final LightChange change;

    LightCommand(String deviceId, BoardInfo board, boolean all, List<Integer> lights, LightChange change) {
        this.deviceId = deviceId;
        this.board = board;
        this.all = all;
        this.lights = List.copyOf(lights);
        this.change = change;
    }

    public String deviceId() {
        return deviceId;
    }

    /** The HELLO the command was checked against. */
    public BoardInfo board() {
        return board;
    }

    /** True when the client asked for {@code "all"} (then {@link #lights()} is every light of {@link #board()}). */
    public boolean all() {
        return all;
    }

    /** The addressed light ids, distinct, in the order asked (for "all": 0..n-1); never empty. */
    public List<Integer> lights() {
        return lights;
    }

    public LightChange change() {
        return change;
    }

    @Override
    public String toString() {
        return "LightCommand[" + deviceId + " " + (all ? "all" : lights) + " " + change + "]";
    }
}
