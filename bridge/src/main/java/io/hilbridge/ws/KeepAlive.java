package io.hilbridge.ws;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.function.BooleanSupplier;

/**
 * The liveness check of one connection: after {@link WebSocketConfig#pingInterval()} without input it sends a ping;
 * any input within {@link WebSocketConfig#pongTimeout()} counts as the answer (a pong, or data the peer sent anyway),
 * else the peer is taken for gone (half-open TCP) and dropped without a close frame, which could not reach it. One
 * timer per connection on its IO thread, never a thread of its own; time and timer come from {@link IoTimers}.
 *
 * <p>Thread-safety: IO thread only.
 */
final class KeepAlive {
    private static final Logger LOG = LoggerFactory.getLogger(KeepAlive.class);

    private final IoTimers timers;
    private final WebSocketConfig config;
    private final InetSocketAddress remote;
    /** False once the connection is closing or closed: no more checks. */
    private final BooleanSupplier open;

    private final Runnable ping;
    private final Runnable drop;
    private long lastReadNanos;
    private long pingSentNanos;
    private boolean awaitingPong;
    private IoTimers.Timer timer;

    KeepAlive(
            IoTimers timers,
            WebSocketConfig config,
            InetSocketAddress remote,
            BooleanSupplier open,
            Runnable ping,
            Runnable drop) {
        this.timers = timers;
        this.lastReadNanos = timers.nanoTime();
        this.config = config;
        this.remote = remote;
        this.open = open;
        this.ping = ping;
        this.drop = drop;
    }

    /** Starts the checks (the connection has just opened). */
    void start() {
        schedule(config.pingInterval().toNanos());
    }

    /** Input arrived: the peer is alive. */
    void onInput() {
        lastReadNanos = timers.nanoTime();
    }

    /** Stops the checks (the connection is closed). */
    void stop() {
        if (timer != null) {
            timer.cancel();
        }
    }

    private void schedule(long delayNanos) {
        timer = timers.after(this::check, Math.max(1, delayNanos));
    }

    private void check() {
        timer = null;
        if (!open.getAsBoolean()) {
            return;
        }
        long now = timers.nanoTime();
        if (awaitingPong) {
            if (lastReadNanos - pingSentNanos >= 0) {
                awaitingPong = false;
            } else {
                LOG.debug("{} did not answer a ping within {}: dropping it", remote, config.pongTimeout());
                drop.run(); // half-open: a close frame could not reach it anyway
                return;
            }
        }
        long idle = now - lastReadNanos;
        long interval = config.pingInterval().toNanos();
        if (idle >= interval) {
            awaitingPong = true;
            pingSentNanos = now;
            ping.run();
            schedule(config.pongTimeout().toNanos());
        } else {
            schedule(interval - idle);
        }
    }
}
