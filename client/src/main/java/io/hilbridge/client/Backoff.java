package io.hilbridge.client;

import java.time.Duration;

/**
 * Reconnect delays: {@code initial}, then doubled after every failed attempt, never above {@code max}; back to
 * {@code initial} once a connection succeeds. Deterministic, so the schedule can be tested and predicted.
 *
 * <p>Thread-safe (synchronized; used by the reconnect path and read for messages).
 */
final class Backoff {
    private final long initialMillis;
    private final long maxMillis;
    private long nextMillis;
    private int attempts;

    Backoff(Duration initial, Duration max) {
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        this.nextMillis = initialMillis;
    }

    /** The delay before the next attempt; the one after it will be twice as long (at most {@code max}). */
    synchronized Duration next() {
        long d = nextMillis;
        nextMillis = Math.min(maxMillis, nextMillis * 2);
        attempts++;
        return Duration.ofMillis(d);
    }

    /** Attempts since the last success. */
    synchronized int attempts() {
        return attempts;
    }

    synchronized void reset() {
        nextMillis = initialMillis;
        attempts = 0;
    }
}
