package io.hilbridge.link;

import io.hilbridge.concurrent.SerialExecutor.Timer;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.PixelRuns;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A SET written and not yet resolved, with what it carries and who waits for it. Confined to the link's tasks, like
 * the {@link SetsInFlight} that holds it.
 */
final class InFlightSet {
    final int seq;
    final int light;
    /** The pending change this SET took off the queue (what its own clients asked for). */
    final LightChange own;
    /** {@link #own} is the light's complete desired state (a replay or a repair). */
    final boolean ownFull;
    /** What the wire carries: {@link #own} merged onto the light's unresolved older SETs. */
    final boolean fullState;
    /** The per-pixel colours the wire carries (a SET_PIXELS), else null: the light's once its ACK_STATE says so. */
    final PixelRuns pixels;

    final byte[] wire;
    final List<CompletableFuture<Void>> waiters;
    /** Position among the new SETs written since the link started (not retransmissions), for the span rule. */
    final long index;

    final long firstSentNanos;
    int transmissions;
    boolean lastAnswerMalformed;
    /** A newer SET for this light was written: never retransmitted, resolved by its own answer or the newer's. */
    boolean superseded;

    Timer timer;

    InFlightSet(
            int seq,
            int light,
            LightChange own,
            boolean ownFull,
            boolean fullState,
            PixelRuns pixels,
            byte[] wire,
            List<CompletableFuture<Void>> waiters,
            long index,
            long firstSentNanos) {
        this.seq = seq;
        this.light = light;
        this.own = own;
        this.ownFull = ownFull;
        this.fullState = fullState;
        this.pixels = pixels;
        this.wire = wire;
        this.waiters = waiters;
        this.index = index;
        this.firstSentNanos = firstSentNanos;
    }
}
