package io.hilbridge.link;

/**
 * Estimates when the bytes written to a UART have left the wire (10 bit times per byte: start, 8 data, stop), so the
 * link writes a new SET only when the line is free (uart-link.md section 6, pacing): a SET queued early would carry a
 * value that is already old when it reaches the wire, one written just in time carries the newest.
 *
 * <p>Times are {@link System#nanoTime()}-style values passed in by the caller, so tests can drive it with any clock.
 * Each write is stamped with a time read <em>after</em> the transport accepted it: the estimate may be late by that
 * much, never early, so "written after the wire was free" holds for any observer who stamps the write inside it.
 *
 * <p>Thread-safety: none; the link uses it from its own thread only.
 */
final class WirePacer {
    private final long byteNanos;
    private long freeAt;
    /** False until the first write: nanoTime values may be negative, so 0 is no "long ago". */
    private boolean written;

    /** {@code baud} 0 (unknown or unthrottled): never waits. */
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
        if (byteNanos == 0) return;
        freeAt = (!written || now - freeAt > 0 ? now : freeAt) + bytes * byteNanos;
        written = true;
    }

    /** How long from {@code now} until everything written has left the wire; 0 when it has. */
    long delayNanos(long now) {
        if (byteNanos == 0 || !written) return 0;
        long d = freeAt - now;
        return d > 0 ? d : 0;
    }

    /** A new connection: nothing is on the wire. */
    void reset() {
        written = false;
    }
}
