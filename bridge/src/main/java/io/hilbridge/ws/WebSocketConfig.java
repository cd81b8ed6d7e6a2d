package io.hilbridge.ws;

import java.time.Duration;
import java.util.Objects;

/**
 * Every limit and security setting of the WebSocket layer, each with a safe default. Immutable and thread-safe;
 * build one with {@link #builder()} or take {@link #defaults()}.
 *
 * <p>Slow-client policy: frames sent with a {@link OutboundFrame#coalesceKey() coalesce key} replace an older,
 * not yet written frame with the same key (the newer state wins, so a slow client's queue does not grow with
 * state updates). If, after that, a send would push the bytes queued for one client above
 * {@link #maxQueuedBytes()}, the send is refused (returns false), everything not yet started is discarded, and the
 * connection is closed with 1008 (policy violation, reason "send queue full"); a client that does not read its close
 * frame either is cut after {@link #closeTimeout()}. A client beyond {@link #maxConnections()} gets HTTP 503; code
 * 1013 (try again later) is used only when it raced that check (both with a reason naming the limit).
 */
public final class WebSocketConfig {
    /** The one subprotocol hilbridge speaks; selected when a client offers it. */
    public static final String SUBPROTOCOL = "hilbridge.v1";

    private final int maxMessageBytes;
    private final Duration handshakeTimeout;
    private final int maxConnections;
    private final long maxQueuedBytes;
    private final Duration pingInterval;
    private final Duration pongTimeout;
    private final Duration closeTimeout;
    private final UpgradeAccess access;
    private final int directWriteMaxConnections;

    private WebSocketConfig(Builder b) {
        this.maxMessageBytes = b.maxMessageBytes;
        this.handshakeTimeout = b.handshakeTimeout;
        this.maxConnections = b.maxConnections;
        this.maxQueuedBytes = b.maxQueuedBytes;
        this.pingInterval = b.pingInterval;
        this.pongTimeout = b.pongTimeout;
        this.closeTimeout = b.closeTimeout;
        this.access = b.access;
        this.directWriteMaxConnections = b.directWriteMaxConnections;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static WebSocketConfig defaults() {
        return builder().build();
    }

    /** A builder starting from this configuration's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxMessageBytes = maxMessageBytes;
        b.handshakeTimeout = handshakeTimeout;
        b.maxConnections = maxConnections;
        b.maxQueuedBytes = maxQueuedBytes;
        b.pingInterval = pingInterval;
        b.pongTimeout = pongTimeout;
        b.closeTimeout = closeTimeout;
        b.access = access;
        b.directWriteMaxConnections = directWriteMaxConnections;
        return b;
    }

    /** Largest message (all fragments joined) accepted from a client; larger ones close with 1009. */
    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    /**
     * Longest time a client may take to send its complete upgrade request (slowloris). Enforced by Undertow's
     * request parse timeout: apply it with {@link WebSocketUpgradeHandler#applyServerOptions}.
     */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /**
     * Most WebSocket connections open at once; further upgrades get HTTP 503. Default: {@link
     * ConnectionLimit#automatic()} (from the process's file-descriptor limit, at most 10,000).
     */
    public int maxConnections() {
        return maxConnections;
    }

    /** Most bytes queued for one client before the slow-client policy (see class comment) applies. */
    public long maxQueuedBytes() {
        return maxQueuedBytes;
    }

    /** After this long without any bytes from a client the server sends a ping. */
    public Duration pingInterval() {
        return pingInterval;
    }

    /** A ping unanswered (no bytes at all) for this long means a half-open connection: it is dropped (1006). */
    public Duration pongTimeout() {
        return pongTimeout;
    }

    /** How long the server waits for the peer's part of a close handshake (and for EOF) before cutting TCP. */
    public Duration closeTimeout() {
        return closeTimeout;
    }

    /** Who may open a WebSocket (Host, Origin, token): the application's access policy. */
    public UpgradeAccess access() {
        return access;
    }

    /**
     * While at most this many connections are open, a message sent from a thread that is not an IO thread, to a
     * connection with nothing else waiting to be written, is written by the sending thread at once instead of waking
     * the connection's IO thread (on an idle machine that wake-up costs tens of microseconds, and in the tail far
     * more). Above it, sends are left to the IO threads, which batch a broadcast's writes. 0 turns direct writes off.
     */
    public int directWriteMaxConnections() {
        return directWriteMaxConnections;
    }

    @Override
    public String toString() {
        return "WebSocketConfig{maxMessageBytes=" + maxMessageBytes + ", handshakeTimeout=" + handshakeTimeout
                + ", maxConnections=" + maxConnections + ", maxQueuedBytes=" + maxQueuedBytes
                + ", pingInterval=" + pingInterval + ", pongTimeout=" + pongTimeout + ", closeTimeout=" + closeTimeout
                + ", access=" + access
                + ", directWriteMaxConnections=" + directWriteMaxConnections + '}';
    }

    /** Builder; every setter checks its argument at once and names the rule it breaks. Not thread-safe. */
    public static final class Builder {
        private int maxMessageBytes = 64 * 1024;
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private int maxConnections = ConnectionLimit.automatic();
        private int directWriteMaxConnections = 16;
        private long maxQueuedBytes = 1024 * 1024;
        private Duration pingInterval = Duration.ofSeconds(30);
        private Duration pongTimeout = Duration.ofSeconds(10);
        private Duration closeTimeout = Duration.ofSeconds(5);
        private UpgradeAccess access = UpgradeAccess.NO_BROWSERS;

        private Builder() {}

        public Builder maxMessageBytes(int bytes) {
            if (bytes < 125) {
                throw new IllegalArgumentException("maxMessageBytes must be at least 125, was " + bytes);
            }
            this.maxMessageBytes = bytes;
            return this;
        }

        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = positive("handshakeTimeout", timeout);
            return this;
        }

        public Builder maxConnections(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1, was " + max);
            }
            this.maxConnections = max;
            return this;
        }

        public Builder maxQueuedBytes(long bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxQueuedBytes must be at least 1024, was " + bytes);
            }
            this.maxQueuedBytes = bytes;
            return this;
        }

        public Builder pingInterval(Duration interval) {
            this.pingInterval = positive("pingInterval", interval);
            return this;
        }

        public Builder pongTimeout(Duration timeout) {
            this.pongTimeout = positive("pongTimeout", timeout);
            return this;
        }

        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = positive("closeTimeout", timeout);
            return this;
        }

        /**
         * Who may open a WebSocket, checked before anything else in the handshake. The default,
         * {@link UpgradeAccess#NO_BROWSERS}, refuses every request that carries an Origin (every browser page).
         */
        public Builder access(UpgradeAccess access) {
            this.access = Objects.requireNonNull(access, "access");
            return this;
        }

        /** See {@link WebSocketConfig#directWriteMaxConnections()}; 0 turns direct writes off. */
        public Builder directWriteMaxConnections(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("directWriteMaxConnections must be at least 0, was " + max);
            }
            this.directWriteMaxConnections = max;
            return this;
        }

        public WebSocketConfig build() {
            return new WebSocketConfig(this);
        }

        private static Duration positive(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }
    }
}
