package io.hilbridge.sim;

import java.util.Arrays;

/**
 * The board's per-light ordering of SETs (uart-link.md section 4): per light the seq of the last SET applied to it,
 * so that an older SET arriving late (a retransmission overtaken by a newer SET) does not put back its values.
 *
 * <p>Thread-safety: none; confined to the board's tasks like the rest of {@link BoardFirmware}.
 */
final class LightOrder {
    /** Per light, the seq of the last SET applied to it, or -1. */
    private final int[] lastApplied;

    LightOrder(int lights) {
        lastApplied = new int[lights];
        forget();
    }

    /** Forgets every light's last seq (a boot, or a new host session). */
    void forget() {
        Arrays.fill(lastApplied, -1);
    }

    /**
     * Ageing: a remembered seq 16384 or more away from the host's counter ({@code seq}, from any request) is
     * forgotten, so the 16-bit counter can never come half-way round and make a new SET look old.
     */
    void age(int seq) {
        for (int i = 0; i < lastApplied.length; i++) {
            if (lastApplied[i] >= 0 && ((seq - lastApplied[i] + 0x4000) & 0xFFFF) >= 0x8000) lastApplied[i] = -1;
        }
    }

    /** A newer SET for this light was applied already: this one was superseded and must not put back its values. */
    boolean isStale(int light, int seq) {
        if (lastApplied[light] < 0) return false;
        int d = (short) (seq - lastApplied[light]);
        return d < 0 && d > -16384;
    }

    void applied(int light, int seq) {
        lastApplied[light] = seq;
    }
}
