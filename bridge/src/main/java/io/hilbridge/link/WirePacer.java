package io.hilbridge.link;

/**
 * Estimates when bytes have left the two wires of a UART (10 bit times per byte: start, 8 data, stop), so the link
 * writes a new SET only when it can go out at once and be answered at once (uart-link.md section 6, pacing):
 * <ul>
 *   <li>host to board: everything written before has left the wire, so the SET is not queued in a buffer where
 *       its value grows old while a newer one waits behind it;</li>
 *   <li>board to host: when the SET arrives, the board's answers to the earlier SETs (ACK_STATE, 20 bytes each, or
 *       STATE + ACK, 32, from a board that does not send ACK_STATE: the caller says which) will be out but for one
 *       SET's worth. Per SET the board sends at least as much as it receives (20 or 32 bytes against 19), so under a
 *       flood this direction sets the pace; a SET written earlier would only wait in the board's transmit queue, and
 *       every client would wait that much longer for its ack.</li>
 * </ul>
 * The one SET's worth of slack keeps the board's transmitter busy when a write is a little late.
 *
 * <p>Times are {@link System#nanoTime()}-style values passed in by the caller, so tests can drive it with any clock.
 * Each write is stamped with a time read <em>after</em> the transport accepted it: the estimate may be late by that
 * much, never early, so "written after the wire was free" holds for any observer who stamps the write inside it.
 *
 * <p>Thread-safety: none; the link uses it from its own thread only.
 */
final class WirePacer {
    private final long byteNanos;
    /** Host to board: when the bytes written so far have left. */
    private long freeAt;
    /** Board to host: when the answers to the SETs written so far will have left (estimate). */
    private long answersFreeAt;
    /** False until the first write: nanoTime values may be negative, so 0 is no "long ago". */
    private boolean written;

    private boolean answered;

    /**
     * {@code baud} 0 (unknown or unthrottled): never waits, since every estimate is then the time of the write itself
     * (times only move forward).
     */
    WirePacer(int baud) {
        if (baud < 0) throw new IllegalArgumentException("baud must be >= 0: " + baud);
        this.byteNanos = baud == 0 ? 0 : 10_000_000_000L / baud;
    }

    /** Nanoseconds one byte takes on the wire (0 when unthrottled). */
    long byteNanos() {
        return byteNanos;
    }

    /** {@code bytes} were written at {@code now}: they leave the wire after everything written before them. */
    void wrote(int bytes, long now) {
        freeAt = (!written || now - freeAt > 0 ? now : freeAt) + bytes * byteNanos;
        written = true;
    }

    /**
     * A SET of {@code bytes} was written at {@code now}; once it has arrived the board sends {@code answerBytes}
     * back, after its answers to the earlier ones.
     */
    void wroteSet(int bytes, int answerBytes, long now) {
        wrote(bytes, now);
        long arrives = freeAt;
        answersFreeAt = (!answered || arrives - answersFreeAt > 0 ? arrives : answersFreeAt) + answerBytes * byteNanos;
        answered = true;
    }

    /** How long from {@code now} until everything written has left the host-to-board wire; 0 when it has. */
    long delayNanos(long now) {
        if (byteNanos == 0 || !written) return 0;
        long d = freeAt - now;
        return d > 0 ? d : 0;
    }

    /**
     * How long from {@code now} until a SET of {@code bytes}, answered with {@code answerBytes}, may be written: the
     * host-to-board wire must be free, and when the SET arrives at most one SET's answers may still be waiting to
     * leave the board.
     */
    long setDelayNanos(long now, int bytes, int answerBytes) {
        long d = delayNanos(now);
        if (!answered) return d;
        long arrives = now + d + bytes * byteNanos;
        long backlog = answersFreeAt - arrives - answerBytes * byteNanos;
        return backlog > 0 ? d + backlog : d;
    }

    /** A new connection: nothing is on either wire. */
    void reset() {
        written = false;
        answered = false;
    }
}
