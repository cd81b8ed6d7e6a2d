package io.hilbridge.client;

import java.time.Duration;

/**
 * How a {@link HilbridgeClient} connects and how long it waits. Immutable; start from {@link #defaults()}.
 *
 * @param connectTimeout   until the bridge's {@code hello} has arrived (TCP, handshake and hello together)
 * @param commandTimeout   the client's own deadline for an answer to {@code set} and {@code get}; the bridge answers
 *                         every command within its 10 s command timeout, so the default leaves it room
 * @param resetTimeout     the deadline for an answer to {@code reset} (the bridge waits up to 10 s for the board)
 * @param backoffInitial   the first reconnect delay; doubled after every failed attempt
 * @param backoffMax       the longest reconnect delay
 * @param maxPending       commands this client may have waiting for an answer at once
 * @param maxMessageChars  the longest message accepted from the bridge (a {@code hello} of many boards fits easily)
 * @param reconnect        reconnect after the connection drops (off: the client stays closed)
 * @param pingInterval     after this long without a message from the bridge the client sends a ping; after twice
 *                         this long it counts the connection as dead (a bridge that vanished without closing it)
 */
public record ClientOptions(
        Duration connectTimeout,
        Duration commandTimeout,
        Duration resetTimeout,
        Duration backoffInitial,
        Duration backoffMax,
        int maxPending,
        int maxMessageChars,
        boolean reconnect,
        Duration pingInterval) {

    public static ClientOptions defaults() {
        return new ClientOptions(
                Duration.ofSeconds(10),
                Duration.ofSeconds(15),
                Duration.ofSeconds(30),
                Duration.ofMillis(100),
                Duration.ofSeconds(5),
                256,
                1 << 20,
                true,
                Duration.ofSeconds(5));
    }

    public ClientOptions {
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(commandTimeout, "commandTimeout");
        requirePositive(resetTimeout, "resetTimeout");
        requirePositive(backoffInitial, "backoffInitial");
        if (backoffMax.compareTo(backoffInitial) < 0) {
            throw new IllegalArgumentException("backoff: need backoffInitial <= backoffMax");
        }
        if (maxPending < 1) throw new IllegalArgumentException("maxPending must be >= 1");
        if (maxMessageChars < 1024) throw new IllegalArgumentException("maxMessageChars must be >= 1024");
        if (pingInterval.toMillis() < 100) throw new IllegalArgumentException("pingInterval must be >= 100 ms");
    }

    private static void requirePositive(Duration d, String name) {
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be > 0");
    }

    public ClientOptions withConnectTimeout(Duration d) {
        return new ClientOptions(
                d,
                commandTimeout,
                resetTimeout,
                backoffInitial,
                backoffMax,
                maxPending,
                maxMessageChars,
                reconnect,
                pingInterval);
    }

    public ClientOptions withCommandTimeout(Duration d) {
        return new ClientOptions(
                connectTimeout,
                d,
                resetTimeout,
                backoffInitial,
                backoffMax,
                maxPending,
                maxMessageChars,
                reconnect,
                pingInterval);
    }

    public ClientOptions withBackoff(Duration initial, Duration max) {
        return new ClientOptions(
                connectTimeout,
                commandTimeout,
                resetTimeout,
                initial,
                max,
                maxPending,
                maxMessageChars,
                reconnect,
                pingInterval);
    }

    public ClientOptions withMaxPending(int n) {
        return new ClientOptions(
                connectTimeout,
                commandTimeout,
                resetTimeout,
                backoffInitial,
                backoffMax,
                n,
                maxMessageChars,
                reconnect,
                pingInterval);
    }

    public ClientOptions withMaxMessageChars(int n) {
        return new ClientOptions(
                connectTimeout,
                commandTimeout,
                resetTimeout,
                backoffInitial,
                backoffMax,
                maxPending,
                n,
                reconnect,
                pingInterval);
    }

    public ClientOptions withPingInterval(Duration d) {
        return new ClientOptions(
                connectTimeout,
                commandTimeout,
                resetTimeout,
                backoffInitial,
                backoffMax,
                maxPending,
                maxMessageChars,
                reconnect,
                d);
    }

    public ClientOptions withReconnect(boolean r) {
        return new ClientOptions(
                connectTimeout,
                commandTimeout,
                resetTimeout,
                backoffInitial,
                backoffMax,
                maxPending,
                maxMessageChars,
                r,
                pingInterval);
    }
}
