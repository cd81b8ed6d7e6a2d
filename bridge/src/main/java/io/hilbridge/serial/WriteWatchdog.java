package io.hilbridge.serial;

/**
 * Tells a write that has not returned for too long: jSerialComm's {@code writeBytes} can block forever on a stalled
 * device, so the writer thread marks when each write starts and ends, and the reader thread, which wakes at least
 * every read timeout, asks whether the current one is stalled. Times are {@code System.nanoTime()} values passed in.
 *
 * <p>Thread-safe: one writer thread marks, any thread asks.
 */
final class WriteWatchdog {
    private final long stallNanos;
    /** When the current write started, or {@link #IDLE}. */
    private volatile long started = IDLE;

    private static final long IDLE = Long.MIN_VALUE;

    WriteWatchdog(long stallNanos) {
        if (stallNanos <= 0) throw new IllegalArgumentException("the stall limit must be > 0 ns: " + stallNanos);
        this.stallNanos = stallNanos;
    }

    void writeStarted(long now) {
        started = now;
    }

    void writeEnded() {
        started = IDLE;
    }

    /** Whether a write has been in progress for longer than the limit at {@code now}. */
    boolean stalled(long now) {
        long s = started;
        return s != IDLE && now - s > stallNanos;
    }

    long stallNanos() {
        return stallNanos;
    }
}
