package io.hilbridge.link;

import java.util.ArrayDeque;
import java.util.function.IntSupplier;

/**
 * The seq a new SET gets (uart-link.md section 6): the link's next one, skipping any of the last 8 SETs' since the
 * last HELLO_REQ. After the 16-bit counter wraps (about 18 h of heartbeats without a command) the board would
 * otherwise answer a new SET from its duplicate window without applying it. HELLO_REQ clears that window, so the
 * record starts over with it.
 *
 * <p>Thread-safety: confined to the tasks of its {@link LinkSession} (see there).
 */
final class SetSeqs {
    private final IntSupplier linkSeqs;
    /** Seqs of the SETs sent since the last HELLO_REQ, newest last, at most the board's window (8). */
    private final ArrayDeque<Integer> recent = new ArrayDeque<>();

    /** {@code linkSeqs}: the link's counter, shared with every other frame. */
    SetSeqs(IntSupplier linkSeqs) {
        this.linkSeqs = linkSeqs;
    }

    int next() {
        int seq = linkSeqs.getAsInt();
        while (recent.contains(seq)) seq = linkSeqs.getAsInt();
        recent.addLast(seq);
        if (recent.size() > SetsInFlight.BOARD_WINDOW) recent.removeFirst();
        return seq;
    }

    /** A HELLO_REQ went out: the board's duplicate window is empty. */
    void helloRequested() {
        recent.clear();
    }
}
