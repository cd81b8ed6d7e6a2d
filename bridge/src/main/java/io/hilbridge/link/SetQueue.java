package io.hilbridge.link;

import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.ErrorCode;
import io.hilbridge.lights.LightChange;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The desired changes not yet sent (uart-link.md section 6): per light the newest one, in the order lights were first
 * queued. A client's change is coalesced into the one already waiting for its light, so a flood sends only its newest
 * value; a replay after a reset or a repair after a timeout queues the light's complete desired state. The
 * {@link SetWindow} takes the first light's change when it may write a SET.
 *
 * <p>Thread-safety: confined to the tasks of its {@link LinkSession} (see there).
 */
final class SetQueue {
    private final LinkSession link;
    private final LinkConfig config;
    private final BoardModel model;

    /** Per light, the newest desired change not yet sent, in the order lights were first queued. */
    private final LinkedHashMap<Integer, PendingChange> pending = new LinkedHashMap<>();

    SetQueue(LinkSession link, LinkConfig config, BoardModel model) {
        this.link = link;
        this.config = config;
        this.model = model;
    }

    /** A client's change for {@code light}; {@code f} completes when the SET that carries it is resolved. */
    void enqueue(int light, LightChange change, CompletableFuture<Void> f) {
        PendingChange p = pending.get(light);
        if (p == null) {
            p = new PendingChange(light, change);
            pending.put(light, p);
        } else {
            if (p.waiters.size() >= config.maxWaitersPerLight()) {
                f.completeExceptionally(new CommandException(
                        ErrorCode.BUSY, "light " + light + " already has " + p.waiters.size() + " commands waiting"));
                return;
            }
            p.change = LinkSession.coalesce(p.change, change);
        }
        p.waiters.add(f);
        model.commandQueued(light, change);
        link.publish();
    }

    /** True when a change for {@code light} would be refused with busy (too many commands already wait for it). */
    boolean full(int light) {
        PendingChange p = pending.get(light);
        return p != null && p.waiters.size() >= config.maxWaitersPerLight();
    }

    /** Queues the light's complete desired state (replay after reset, or repair after a timeout). */
    void enqueueFullState(int light) {
        LightChange full = model.fullState(light);
        PendingChange p = pending.get(light);
        if (p == null) {
            p = new PendingChange(light, full);
            pending.put(light, p);
        } else {
            // The desired state already contains the pending change; keep its transition.
            p.change = LinkSession.coalesce(p.change, full);
        }
        p.fullState = true;
        link.publish();
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    boolean has(int light) {
        return pending.containsKey(light);
    }

    /** The change queued for {@code light}, null when none is. */
    LightChange changeFor(int light) {
        PendingChange p = pending.get(light);
        return p == null ? null : p.change;
    }

    /** Takes the change of the light queued first (the queue must not be empty). */
    PendingChange takeFirst() {
        Iterator<PendingChange> it = pending.values().iterator();
        PendingChange p = it.next();
        it.remove();
        return p;
    }

    /** The board now has {@code n} lights: commands pending for the others fail with unknown_light. */
    void dropLightsFrom(int n) {
        for (Iterator<PendingChange> it = pending.values().iterator(); it.hasNext(); ) {
            PendingChange p = it.next();
            if (p.light >= n) {
                it.remove();
                SetWindow.fail(
                        p.waiters, new CommandException(ErrorCode.UNKNOWN_LIGHT, "the board now has " + n + " lights"));
            }
        }
    }

    /** Empties the queue into {@code waiters}; its lights are left dirty (to replay). */
    void drainInto(List<CompletableFuture<Void>> waiters) {
        for (PendingChange p : pending.values()) {
            model.dirty.set(p.light);
            waiters.addAll(p.waiters);
        }
        pending.clear();
    }

    void addLightsTo(Set<Integer> lights) {
        lights.addAll(pending.keySet());
    }
}
