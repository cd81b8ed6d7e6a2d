package io.hilbridge.link;

import io.hilbridge.command.CommandValidator;
import io.hilbridge.command.LightCommand;
import io.hilbridge.lights.BoardInfo;
import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.ErrorCode;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.LightFault;
import io.hilbridge.lights.LightState;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One board as the rest of the bridge sees it: its identity, its confirmed state, and a way to change it.
 * Everything behind it (framing, retransmits, handshake, replay after a reset, reconnect after an unplug) is the
 * link's business.
 *
 * <p>Thread-safety: every method may be called from any thread and never blocks on I/O. Listener callbacks run one
 * at a time, in the order the board's frames arrived, on whichever thread runs the link's work at that moment (for
 * {@link LinkSession}: see its class comment); they must not block.
 */
public interface BoardLink extends AutoCloseable {

    /** {@code light} value meaning "every light of the board" (0xFF on the wire). */
    int ALL_LIGHTS = 0xFF;

    /** Stable id used in the API, e.g. {@code "board0"}. */
    String deviceId();

    /** How the board is reached, for people: a serial port path, "simulated (loopback)", ... */
    String transport();

    DeviceStatus status();

    /** The board's last HELLO; empty until the first handshake. */
    Optional<BoardInfo> info();

    /** Per light, the state the board last confirmed (index = light id); empty before the first HELLO. */
    List<LightState> reportedStates();

    /** Per light, the state clients last asked for (what is replayed after a board reset). */
    List<LightState> desiredStates();

    /** The lights whose hardware the board reports faulted (light id to fault); empty when every light works. */
    Map<Integer, LightFault> faults();

    /** True while a change of this light has been accepted but not yet acknowledged by the board. */
    boolean pending(int light);

    /**
     * Sends a command checked by {@link CommandValidator}: every light of it is queued in one link task, so the
     * command is never half queued. The future completes normally once the board has acknowledged a SET carrying
     * the change (or a newer one that superseded it) for every light, and exceptionally with
     * {@link io.hilbridge.lights.CommandException} otherwise: device_offline (closed, offline, being reset, or went
     * offline before acknowledging), the validator's codes when the board has said a HELLO with other lights since
     * the command was checked, timeout (no answer to the link's retransmissions), busy, or the board's NACK. It
     * always completes: no command vanishes. Waiting for it to complete is the caller's business (the link has no
     * deadline of its own; see {@code io.hilbridge.engine}).
     */
    CompletableFuture<Void> submit(LightCommand command);

    /**
     * Sends several commands checked by {@link CommandValidator} for one device, all or none: a link queues them in
     * one step, so none is queued unless every one is accepted. Completes once the board has acknowledged every
     * one, or with the first failure (the errors of {@link #submit}); it always completes. This default submits
     * them one by one (for links without a queue of their own, such as test doubles).
     */
    default CompletableFuture<Void> submitAll(List<LightCommand> commands) {
        List<CompletableFuture<Void>> parts = new java.util.ArrayList<>(commands.size());
        for (LightCommand c : commands) parts.add(submit(c));
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new));
    }

    /**
     * Asks the board to change one light, or every light with {@link #ALL_LIGHTS}: {@link #submit} of the command
     * {@link CommandValidator} makes of it against the board's last HELLO, or a future failed with the rule's error.
     * For callers without a {@code CommandEngine} (tools, tests).
     */
    default CompletableFuture<Void> set(int light, LightChange change) {
        try {
            boolean all = light == ALL_LIGHTS;
            return submit(CommandValidator.validate(
                    deviceId(), info().orElse(null), status(), all, all ? List.of() : List.of(light), change));
        } catch (CommandException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Resets the board (uart-link.md section 5, "Reset on request"): by its reset line, its own reset (simulated and
     * emulated boards) or REBOOT_REQ, then waits for its HELLO with a new boot id and replays the desired state. The
     * future completes normally with the new boot id once the board is back and online, and exceptionally with a
     * {@link io.hilbridge.lights.CommandException}: device_offline (not connected), unsupported (the firmware cannot
     * restart), reset_failed (the board answered with its old boot id: the reset had no effect), timeout (it did not
     * come back in time). Requests while a reset runs share its result. It always completes.
     */
    default CompletableFuture<Long> reset() {
        return CompletableFuture.failedFuture(
                new CommandException(ErrorCode.UNSUPPORTED, deviceId() + " cannot be reset"));
    }

    /**
     * Whether someone wants the live view: while true the link keeps the board subscribed to PIXELS (renewing its
     * lease) and reports them through {@link BoardListener#onPixels}; false ends the subscription. Boards without
     * a live view ignore it.
     */
    default void watchPixels(boolean wanted) {}

    void addListener(BoardListener listener);

    void removeListener(BoardListener listener);

    LinkStats stats();

    /** Stops the link and fails every pending command with device_offline. Idempotent. */
    @Override
    void close();
}
