package io.hilbridge.ws;

import java.net.InetSocketAddress;

/**
 * One open server-side WebSocket connection, as the application uses it.
 *
 * <p>Thread-safety: every method is safe to call from any thread and never blocks; sends are queued (bounded, see
 * {@code WebSocketConfig}) and written by the connection's IO thread, or, while few connections are open
 * ({@code WebSocketConfig#directWriteMaxConnections}) and nothing else waits for this one, at once by the sending
 * thread with one non-blocking write.
 */
public interface WebSocket {

    /** Queues a text message. Returns false if the socket is closing or the message was refused by the queue limit. */
    boolean sendText(String text);

    /**
     * Queues a frame that was encoded once and may be shared by many sockets (broadcast). Returns false as
     * {@link #sendText(String)} does.
     */
    boolean send(OutboundFrame frame);

    /** Starts the close handshake with the given code and reason (at most 123 UTF-8 bytes). Idempotent. */
    void close(int code, String reason);

    boolean isOpen();

    /** The selected subprotocol, or null if none. */
    String subprotocol();

    InetSocketAddress remoteAddress();

    /** Bytes queued for this client and not yet written to the socket. */
    long queuedBytes();

    /** An application object attached to this socket (e.g. the API's per-client session). */
    Object attachment();

    void attach(Object attachment);
}
