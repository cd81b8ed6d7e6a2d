package io.hilbridge.ws;

/**
 * What the application hears from one WebSocket connection. The WebSocket layer calls these on the connection's
 * IO thread, one at a time per connection; implementations must not block (hand work to another thread instead).
 */
public interface WebSocketListener {

    /** The handshake is complete; {@code socket} may be used from now on, from any thread. */
    void onOpen(WebSocket socket);

    /** A complete, UTF-8 validated text message (fragments already joined). */
    void onText(WebSocket socket, String message);

    /** A complete binary message. The default refuses it with 1003 (unsupported data). */
    default void onBinary(WebSocket socket, byte[] message) {
        socket.close(1003, "binary messages are not supported");
    }

    /**
     * The connection is gone: after a close handshake ({@code code} as received or sent), or without one
     * (1006: abnormal closure, e.g. a reset or a missed pong). Called exactly once per opened socket.
     */
    void onClose(WebSocket socket, int code, String reason);
}
