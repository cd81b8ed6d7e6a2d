package io.hilbridge.link;

import java.time.Duration;

/**
 * Timing and limits of a {@link LinkSession}. The defaults are the rules of uart-link.md sections 5 and 6.
 *
 * @param retransmitTimeout first retransmit timeout of a SET (100 ms), doubled on each retry
 * @param maxRetransmitTimeout cap of the doubling (400 ms)
 * @param retries retransmissions after the first transmission (4), then {@code timeout}
 * @param heartbeatInterval PING after this long without any frame from the board (1 s)
 * @param missedHeartbeats unanswered PINGs before the board is offline (3)
 * @param helloInterval first HELLO_REQ repeat interval of the handshake (250 ms), doubled each time
 * @param maxHelloInterval cap of the HELLO_REQ interval (1 s)
 * @param reconnectBackoff first delay before reopening the transport after a loss of contact (250 ms), doubled
 * @param maxReconnectBackoff cap of the reopen delay (5 s)
 * @param maxWaitersPerLight bound on commands coalesced into one light's pending state (beyond it: {@code busy})
 * @param window SETs in flight per board at most (4); 1 is stop-and-wait, at most 8 (the board's duplicate window)
 * @param helloWarnAfter a handshake without HELLO for this long is reported once, with the likely causes (5 s)
 * @param resetTimeout how long a reset on request waits for the board's HELLO with a new boot id (10 s)
 * @param resetOnOpen reset the board each time the transport is opened ({@code --reset-on-open}; off)
 */
public record LinkConfig(
        Duration retransmitTimeout,
        Duration maxRetransmitTimeout,
        int retries,
        Duration heartbeatInterval,
        int missedHeartbeats,
        Duration helloInterval,
        Duration maxHelloInterval,
        Duration reconnectBackoff,
        Duration maxReconnectBackoff,
        int maxWaitersPerLight,
        int window,
        Duration helloWarnAfter,
        Duration resetTimeout,
        boolean resetOnOpen) {

    public LinkConfig {
        positive(retransmitTimeout, "retransmitTimeout");
        positive(maxRetransmitTimeout, "maxRetransmitTimeout");
        positive(heartbeatInterval, "heartbeatInterval");
        positive(helloInterval, "helloInterval");
        positive(maxHelloInterval, "maxHelloInterval");
        positive(reconnectBackoff, "reconnectBackoff");
        positive(maxReconnectBackoff, "maxReconnectBackoff");
        positive(helloWarnAfter, "helloWarnAfter");
        positive(resetTimeout, "resetTimeout");
        if (retries < 0) throw new IllegalArgumentException("retries must be >= 0: " + retries);
        if (missedHeartbeats < 1) throw new IllegalArgumentException("missedHeartbeats must be >= 1");
        if (maxWaitersPerLight < 1) throw new IllegalArgumentException("maxWaitersPerLight must be >= 1");
        if (window < 1 || window > BOARD_DUPLICATE_WINDOW) {
            throw new IllegalArgumentException(
                    "window must be 1.." + BOARD_DUPLICATE_WINDOW + " (the board's duplicate" + " window): " + window);
        }
    }

    /** SETs the board remembers for duplicate detection (uart-link.md section 4). */
    public static final int BOARD_DUPLICATE_WINDOW = 8;

    private static void positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be > 0");
    }

    public static LinkConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .retransmitTimeout(retransmitTimeout)
                .maxRetransmitTimeout(maxRetransmitTimeout)
                .retries(retries)
                .heartbeatInterval(heartbeatInterval)
                .missedHeartbeats(missedHeartbeats)
                .helloInterval(helloInterval)
                .maxHelloInterval(maxHelloInterval)
                .reconnectBackoff(reconnectBackoff)
                .maxReconnectBackoff(maxReconnectBackoff)
                .maxWaitersPerLight(maxWaitersPerLight)
                .window(window)
                .helloWarnAfter(helloWarnAfter)
                .resetTimeout(resetTimeout)
                .resetOnOpen(resetOnOpen);
    }

    /** Retransmit timeout before transmission number {@code attempt + 1} (attempt 1 = the first transmission). */
    public Duration rto(int attempt) {
        Duration d = retransmitTimeout;
        for (int i = 1; i < attempt && d.compareTo(maxRetransmitTimeout) < 0; i++) d = d.multipliedBy(2);
        return d.compareTo(maxRetransmitTimeout) > 0 ? maxRetransmitTimeout : d;
    }

    public static final class Builder {
        private Duration retransmitTimeout = Duration.ofMillis(100);
        private Duration maxRetransmitTimeout = Duration.ofMillis(400);
        private int retries = 4;
        private Duration heartbeatInterval = Duration.ofSeconds(1);
        private int missedHeartbeats = 3;
        private Duration helloInterval = Duration.ofMillis(250);
        private Duration maxHelloInterval = Duration.ofSeconds(1);
        private Duration reconnectBackoff = Duration.ofMillis(250);
        private Duration maxReconnectBackoff = Duration.ofSeconds(5);
        private int maxWaitersPerLight = 4096;
        private int window = 4;
        private Duration helloWarnAfter = Duration.ofSeconds(5);
        private Duration resetTimeout = Duration.ofSeconds(10);
        private boolean resetOnOpen;

        public Builder retransmitTimeout(Duration d) {
            retransmitTimeout = d;
            return this;
        }

        public Builder maxRetransmitTimeout(Duration d) {
            maxRetransmitTimeout = d;
            return this;
        }

        public Builder retries(int n) {
            retries = n;
            return this;
        }

        public Builder heartbeatInterval(Duration d) {
            heartbeatInterval = d;
            return this;
        }

        public Builder missedHeartbeats(int n) {
            missedHeartbeats = n;
            return this;
        }

        public Builder helloInterval(Duration d) {
            helloInterval = d;
            return this;
        }

        public Builder maxHelloInterval(Duration d) {
            maxHelloInterval = d;
            return this;
        }

        public Builder reconnectBackoff(Duration d) {
            reconnectBackoff = d;
            return this;
        }

        public Builder maxReconnectBackoff(Duration d) {
            maxReconnectBackoff = d;
            return this;
        }

        public Builder maxWaitersPerLight(int n) {
            maxWaitersPerLight = n;
            return this;
        }

        public Builder window(int n) {
            window = n;
            return this;
        }

        public Builder helloWarnAfter(Duration d) {
            helloWarnAfter = d;
            return this;
        }

        public Builder resetTimeout(Duration d) {
            resetTimeout = d;
            return this;
        }

        public Builder resetOnOpen(boolean b) {
            resetOnOpen = b;
            return this;
        }

        public LinkConfig build() {
            return new LinkConfig(
                    retransmitTimeout,
                    maxRetransmitTimeout,
                    retries,
                    heartbeatInterval,
                    missedHeartbeats,
                    helloInterval,
                    maxHelloInterval,
                    reconnectBackoff,
                    maxReconnectBackoff,
                    maxWaitersPerLight,
                    window,
                    helloWarnAfter,
                    resetTimeout,
                    resetOnOpen);
        }
    }
}
