package io.hilbridge.link;

import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.LightState;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static io.hilbridge.concurrent.SerialExecutor.cancel;

/**
 * The SETs written and not yet resolved, oldest first (at most {@link LinkConfig#window()}), and the rules that tie
 * them together (uart-link.md section 6): a new SET for a light carries its unresolved older ones, which are then
 * superseded (never retransmitted) and share its result; every SET that may still be retransmitted is among the last
 * 8 written (the span rule), so the board's duplicate window still knows it. {@link SetWindow} writes, times and
 * answers them.
 *
 * <p>Thread-safety: confined to the tasks of its {@link LinkSession} (see there).
 */
final class SetsInFlight {
    /** The board's duplicate window (uart-link.md section 6). */
    static final int BOARD_WINDOW = 8;

    /** What a new SET for a light carries: its unresolved SETs' changes, oldest first, then its own. */
    record Carried(LightChange change, boolean fullState) {}

    private final List<InFlightSet> sets = new ArrayList<>();
    /** New SETs written since the link started (not retransmissions): numbers them for the span rule. */
    private long setsWritten;

    int size() {
        return sets.size();
    }

    boolean isEmpty() {
        return sets.isEmpty();
    }

    /** Counting the next SET, every in-flight SET that may still be retransmitted is among the last 8 written. */
    boolean spanAllowsNewSet() {
        for (InFlightSet f : sets) {
            if (!f.superseded && setsWritten - f.index >= BOARD_WINDOW) return false;
        }
        return true;
    }

    /**
     * Merges the light's unresolved SETs, oldest first, then {@code p}, and supersedes them: if an older one was lost
     * and the new one applied, nothing the older one carried is lost; the board may then ignore the older one as stale.
     */
    Carried supersede(PendingChange p) {
        LightChange carried = null;
        boolean full = p.fullState;
        for (InFlightSet f : sets) {
            if (f.light != p.light) continue;
            carried = carried == null ? f.own : LinkSession.coalesce(carried, f.own);
            full |= f.ownFull;
            f.superseded = true; // never retransmitted from now on: the new SET carries what it did
            cancel(f.timer);
            f.timer = null;
        }
        carried = carried == null ? p.change : LinkSession.coalesce(carried, p.change);
        return new Carried(carried, full);
    }

    /** Records a new SET written with seq {@code seq} for {@code p}, carrying {@code carried} on {@code wire}. */
    InFlightSet add(int seq, PendingChange p, Carried carried, byte[] wire, long sentNanos) {
        InFlightSet f = new InFlightSet(
                seq,
                p.light,
                p.change,
                p.fullState,
                carried.fullState(),
                carried.change().pixels(),
                wire,
                p.waiters,
                setsWritten++,
                sentNanos);
        sets.add(f);
        return f;
    }

    /** The unresolved SET with seq {@code seq}, null when none (a stale answer). */
    InFlightSet find(int seq) {
        for (InFlightSet f : sets) {
            if (f.seq == seq) return f;
        }
        return null;
    }

    boolean holds(int light) {
        for (InFlightSet f : sets) {
            if (f.light == light) return true;
        }
        return false;
    }

    /**
     * Takes {@code f} and every older unresolved SET for its light out of the window and returns all their waiters:
     * the older ones were superseded by {@code f}, which carried their changes, so they share its result.
     */
    List<CompletableFuture<Void>> resolve(InFlightSet f) {
        List<CompletableFuture<Void>> waiters = new ArrayList<>();
        int at = sets.indexOf(f);
        for (int i = 0; i <= at; i++) {
            InFlightSet g = sets.get(i);
            if (g.light != f.light) continue;
            cancel(g.timer);
            g.timer = null;
            waiters.addAll(g.waiters);
        }
        sets.subList(0, at + 1).removeIf(g -> g.light == f.light);
        return waiters;
    }

    /**
     * Takes the superseded {@code f} out; its waiters join the newest SET for its light, which carries its change
     * too. Returns that SET.
     */
    InFlightSet handOverToNewest(InFlightSet f) {
        InFlightSet newest = null;
        for (InFlightSet g : sets) {
            if (g.light == f.light) newest = g;
        }
        sets.remove(f);
        newest.waiters.addAll(f.waiters);
        return newest;
    }

    /** {@code base} with the changes of the light's unresolved SETs applied, oldest first. */
    LightState applyTo(int light, LightState base) {
        LightState s = base;
        for (InFlightSet f : sets) {
            if (f.light == light) s = s.apply(f.own);
        }
        return s;
    }

    /** Empties the window into {@code waiters}, cancelling the retransmit timers; marks each light in {@code dirty}. */
    void drainInto(List<CompletableFuture<Void>> waiters, BitSet dirty) {
        for (InFlightSet f : sets) {
            cancel(f.timer);
            dirty.set(f.light);
            waiters.addAll(f.waiters);
        }
        sets.clear();
    }

    void addLightsTo(Set<Integer> lights) {
        for (InFlightSet f : sets) lights.add(f.light);
    }
}
