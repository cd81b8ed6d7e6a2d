package io.hilbridge.client;

import java.time.Duration;

/**
 * What the client does about a bridge that has sent nothing for a while (client/README.md): after one ping interval
 * it sends a ping, after more than two it counts the connection as dead (not even a pong came). Stateless.
 */
enum Silence {
    /** Heard from it within the interval: nothing to do. */
    FINE,
    /** Quiet for an interval or more: ask with a ping (its pong counts as a message). */
    PING,
    /** Quiet for more than two intervals: end the connection. */
    DEAD;

    static Silence after(long quietNanos, Duration pingInterval) {
        long interval = pingInterval.toNanos();
        if (quietNanos > 2 * interval) return DEAD;
        return quietNanos >= interval ? PING : FINE;
    }
}
