package io.hilbridge.link;

import io.hilbridge.lights.BoardInfo;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.LightFault;
import io.hilbridge.lights.LightState;
import io.hilbridge.lights.StateCause;

import java.util.Optional;

/**
 * What a {@link BoardLink} reports. Called one at a time, in the order of the board's frames, on whichever thread
 * runs the link's work (a caller's, the port reader's or the link's own: see {@link BoardLink}); implementations
 * must return quickly and must not block.
 */
public interface BoardListener {

    /** A HELLO arrived (first contact, reconnect, or a reset when the boot id is new). */
    default void onHello(BoardLink board, BoardInfo info) {}

    /** The board reported a light's state (after a command, a button press, an effect, a boot or a sync). */
    default void onState(BoardLink board, int light, LightState state, StateCause cause) {}

    /**
     * A light's hardware fault appeared ({@code fault} present) or cleared (empty): from the board's FAULT, or a sync
     * STATE with no FAULT after it (uart-link.md section 3).
     */
    default void onFault(BoardLink board, int light, Optional<LightFault> fault) {}

    /** The link's status changed. */
    default void onStatus(BoardLink board, DeviceStatus status) {}

    /** A LOG frame from the board. Levels: 1 error, 2 warn, 3 info, 4 debug. */
    default void onLog(BoardLink board, int level, String text) {}

    /**
     * A line of text the board printed outside frames (the ESP32 ROM's boot banner, console output before the
     * firmware's link started); see {@link ConsoleText}. Raw: control characters may remain.
     */
    default void onConsoleText(BoardLink board, String line) {}

    /**
     * A chunk of what a light shows (the live view, uart-link.md section 3, PIXELS), checked against the board's
     * HELLO. Arrives only while someone asked for pixels ({@link BoardLink#watchPixels}).
     */
    default void onPixels(BoardLink board, Messages.Pixels pixels) {}

    /** A SET was acknowledged {@code nanos} after it was first sent (for the round-trip histogram). */
    default void onRoundTrip(BoardLink board, long nanos) {}
}
