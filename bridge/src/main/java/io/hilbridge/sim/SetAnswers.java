package io.hilbridge.sim;

/**
 * The board's duplicate window (uart-link.md section 4): the answers to the last 8 SETs by seq, so that a SET the
 * host sends again (its ACK was lost) is answered with the same frame and not applied twice.
 *
 * <p>Thread-safety: none; confined to the board's tasks like the rest of {@link BoardFirmware}.
 */
final class SetAnswers {
    static final int WINDOW = 8;

    /** One remembered answer: the frame type (ACK, ACK_STATE or NACK) and its payload. */
    record Answer(int type, byte[] payload) {}

    private final int[] seqs = new int[WINDOW];
    private final Answer[] answers = new Answer[WINDOW];
    private int count;
    private int next;

    /** Forgets every answer (a boot, or a new host session that starts its sequence numbers anew). */
    void clear() {
        count = 0;
        next = 0; // lookups scan entries [0, count): new ones must start at 0
    }

    /** The answer remembered for {@code seq}, or null. */
    Answer find(int seq) {
        for (int i = 0; i < count; i++) {
            if (seqs[i] == seq) return answers[i];
        }
        return null;
    }

    /** Remembers the answer to {@code seq}, replacing the oldest when the window is full. */
    void remember(int seq, Answer answer) {
        seqs[next] = seq;
        answers[next] = answer;
        next = (next + 1) % WINDOW;
        count = Math.min(count + 1, WINDOW);
    }
}
