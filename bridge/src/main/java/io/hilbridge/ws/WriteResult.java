package io.hilbridge.ws;

/** What one flush of a {@link WebSocketWriter} ended with; the connection acts on it outside the write lock. */
enum WriteResult {
    /** Everything taken was written, or the rest waits for writability. */
    FLUSHED,
    /** Our close frame (and all that preceded it) is on the wire. */
    CLOSE_FRAME_WRITTEN,
    /** The socket failed: the connection closes. */
    FAILED
}
