package io.hilbridge.ws;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;

import static io.hilbridge.ws.WebSocketProtocol.CLOSE_ABNORMAL;

/**
 * The close handshake of one connection (RFC 6455 section 7): who decided to close and with what code (1006 when
 * the connection ended without a decision), whether our close frame is on the wire and the peer's has arrived, and
 * the close timeout. Valid close frames from the peer are echoed; once our close frame is out and the peer's is in
 * (or we are failing the connection), writes are shut down and input is drained until EOF or the timeout, so the
 * kernel does not answer late client bytes with a reset that could destroy the close frame in flight. The bytes and
 * the socket are the connection's ({@link Channel}).
 *
 * <p>Thread-safety: IO thread only, except {@link #isOpen()}, which any thread may read.
 */
final class CloseHandshake {
    private static final Logger LOG = LoggerFactory.getLogger(CloseHandshake.class);

    /** What the handshake asks of the connection; all called on the IO thread. */
    interface Channel {
        /** Queues our close frame behind what is already queued (or instead of it: {@code discardPending}). */
        void queueCloseFrame(ByteBuffer frame, boolean discardPending);

        /** Writes what is queued, the close frame included, as soon as the connection may. */
        void flushSoon();

        /** Shuts down our side of TCP; input is still read (and discarded) until EOF. */
        void shutdownOutput();

        /** Closes TCP now. */
        void closeChannel();
    }

    private final Channel channel;
    private final InetSocketAddress remote;
    private final IoTimers timers;
    private final Duration closeTimeout;
    private volatile boolean open = true;
    private boolean closeFrameWritten;
    private boolean closeReceived;
    /** We fail the connection (protocol error, limit): no more input is decoded. */
    private boolean failing;

    private int code = CLOSE_ABNORMAL;
    private String reason = "";
    private IoTimers.Timer timer;

    /** {@code closeTimeout}: how long a started close waits for the peer before TCP is cut (on {@code timers}). */
    CloseHandshake(Channel channel, InetSocketAddress remote, IoTimers timers, Duration closeTimeout) {
        this.channel = channel;
        this.remote = remote;
        this.timers = timers;
        this.closeTimeout = closeTimeout;
    }

    /** True until a close is decided (by either side) or TCP closes. Any thread. */
    boolean isOpen() {
        return open;
    }

    boolean isFailing() {
        return failing;
    }

    /** The close code received or sent, or 1006 if the connection ended without any close decision. */
    int code() {
        return code;
    }

    String reason() {
        return reason;
    }

    /**
     * Starts the close handshake with our close frame, unless a close was decided already. {@code discardPending}
     * drops what is still queued (the queue is full: the peer does not read).
     */
    void start(int closeCode, String closeReason, boolean discardPending) {
        if (!open) {
            return;
        }
        open = false;
        code = closeCode;
        reason = closeReason == null ? "" : closeReason;
        channel.queueCloseFrame(CloseFrames.encode(closeCode, closeReason), discardPending);
        try {
            timer = timers.after(this::timedOut, closeTimeout.toNanos());
        } catch (RejectedExecutionException e) {
            // The server is stopping (its IO thread takes no timers): no handshake to wait for, just close.
            channel.closeChannel();
            return;
        }
        channel.flushSoon();
    }

    /**
     * Fails the connection: nothing more is decoded; the close frame follows what is already queued (replies to
     * valid frames that preceded the error still go out), then TCP is closed without waiting for the peer.
     */
    void fail(int closeCode, String closeReason) {
        failing = true;
        if (!open && closeFrameWritten) {
            channel.shutdownOutput(); // already closing: stop waiting for the peer
        }
        start(closeCode, closeReason, false);
    }

    /** The peer's close frame arrived. */
    void onCloseFrameReceived(CloseFrames.Close close) {
        closeReceived = true;
        if (open) {
            // The peer started the handshake: echo its code (an empty payload is echoed empty).
            start(close.code(), close.reason(), false);
        } else if (closeFrameWritten) {
            channel.shutdownOutput();
        }
    }

    /** Our close frame is on the wire: finish at once if the peer's close arrived or we are failing. */
    void onCloseFrameWritten() {
        closeFrameWritten = true;
        if (closeReceived || failing) {
            channel.shutdownOutput();
        }
    }

    /** TCP is closed (by us or the peer): nothing more to wait for. */
    void onChannelClosed() {
        open = false;
        if (timer != null) {
            timer.cancel();
        }
    }

    private void timedOut() {
        timer = null;
        LOG.debug("close handshake with {} timed out", remote);
        channel.closeChannel();
    }
}
