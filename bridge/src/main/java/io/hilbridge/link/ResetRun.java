package io.hilbridge.link;

import io.hilbridge.concurrent.SerialExecutor.Timer;

import java.util.concurrent.CompletableFuture;

/**
 * One reset on request in progress (uart-link.md section 5, "Reset on request"): what the link remembers until the
 * board is back with a new boot id, or the reset fails. Confined to the link's tasks, like the rest of
 * {@link LinkSession}'s protocol state.
 */
final class ResetRun {
    /** Completes with the new boot id; every caller during this reset shares it. */
    final CompletableFuture<Long> done = new CompletableFuture<>();
    /** The boot id before the reset; null when the board had not introduced itself yet (reset on first open). */
    final Long oldBootId;
    /** True when the firmware is asked (REBOOT_REQ); false when the transport resets the board itself. */
    final boolean byFrame;
    /** REBOOT_REQ's seq and wire bytes (retransmitted as they are), when {@link #byFrame}. */
    int rebootSeq = -1;

    byte[] rebootWire;
    int transmissions;
    /** The board acknowledged REBOOT_REQ (or was reset by the transport): from now on it is restarting. */
    boolean restarting;
    /** A HELLO with a new boot id arrived: the replay runs, and the reset ends once the board is online. */
    boolean newBoot;
    /** A HELLO with the old boot id that arrived after the reset: the evidence that it had no effect. */
    Messages.Hello staleHello;

    Timer retransmitTimer;
    Timer deadline;

    ResetRun(Long oldBootId, boolean byFrame) {
        this.oldBootId = oldBootId;
        this.byFrame = byFrame;
    }

    /** Whether a HELLO with this boot id is the board's new boot rather than an answer from before the reset. */
    boolean isNewBoot(long bootId) {
        if (oldBootId != null) return bootId != oldBootId;
        return restarting; // first contact: only a HELLO after the reset itself can be told apart from one before
    }
}
