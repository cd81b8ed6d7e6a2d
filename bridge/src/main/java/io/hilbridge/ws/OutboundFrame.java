package io.hilbridge.ws;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A complete server-to-client frame (header and payload, unmasked), encoded once and shareable by any number of
 * connections: a broadcast to 1,000 clients encodes its JSON and its frame header one time.
 *
 * <p>An optional coalescing key lets a slow client's queue replace an older, not yet written frame with the same
 * key by this newer one (e.g. the state of one light), instead of growing. Immutable and thread-safe.
 */
public final class OutboundFrame {
    private final ByteBuffer bytes;
    private final String coalesceKey;

    private OutboundFrame(ByteBuffer bytes, String coalesceKey) {
        this.bytes = bytes.asReadOnlyBuffer();
        this.coalesceKey = coalesceKey;
    }

    /** A final text frame carrying {@code text}. */
    public static OutboundFrame text(String text) {
        return text(text, null);
    }

    /** A final text frame carrying {@code text}, which a slow client may coalesce with others of the same key. */
    public static OutboundFrame text(String text, String coalesceKey) {
        return new OutboundFrame(
                WebSocketProtocol.encodeServerFrame(
                        WebSocketProtocol.OPCODE_TEXT, text.getBytes(StandardCharsets.UTF_8)),
                coalesceKey);
    }

    /** A final binary frame carrying a copy of {@code data}. */
    public static OutboundFrame binary(byte[] data) {
        return new OutboundFrame(WebSocketProtocol.encodeServerFrame(WebSocketProtocol.OPCODE_BINARY, data), null);
    }

    /** A fresh read-only view of the encoded bytes (position 0); callers may consume it independently. */
    public ByteBuffer bytes() {
        return bytes.duplicate();
    }

    /**
     * The encoded bytes themselves, shared by every connection this frame is sent to: readers must use absolute
     * access and never move its position (the writer does). No copy, no allocation per send.
     */
    ByteBuffer shared() {
        return bytes;
    }

    /** The coalescing key, or null. */
    public String coalesceKey() {
        return coalesceKey;
    }
}
