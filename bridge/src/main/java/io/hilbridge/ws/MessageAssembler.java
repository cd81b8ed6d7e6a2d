package io.hilbridge.ws;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static io.hilbridge.ws.WebSocketProtocol.CLOSE_INVALID_PAYLOAD;
import static io.hilbridge.ws.WebSocketProtocol.OPCODE_CONTINUATION;
import static io.hilbridge.ws.WebSocketProtocol.OPCODE_TEXT;

/**
 * Joins the data frames from a {@link FrameDecoder} into whole messages and validates the UTF-8 of text messages
 * incrementally, across fragments, failing with 1007 at the first invalid byte. Size limits are the decoder's job
 * (checked from frame headers), so the buffer here never exceeds the configured maximum; a single-frame message
 * gets a buffer of exactly its size. Control frames pass straight through (they may arrive between fragments).
 *
 * <p>Not thread-safe: one per connection, used on its IO thread.
 */
final class MessageAssembler implements FrameDecoder.Callback {

    /** Receives complete messages and control frames. */
    interface Callback {
        void onText(String text) throws ProtocolViolation;

        void onBinary(byte[] data) throws ProtocolViolation;

        void onControlFrame(int opcode, byte[] payload) throws ProtocolViolation;
    }

    private static final byte[] EMPTY = new byte[0];

    private final Callback callback;
    private final int maxMessageBytes;
    private final Utf8Validator utf8 = new Utf8Validator();
    private boolean text;
    private byte[] buffer = EMPTY;
    private int size;

    MessageAssembler(Callback callback, int maxMessageBytes) {
        this.callback = callback;
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public void onDataFrame(int opcode, boolean fin, long length) {
        // The decoder has bounded length by the message limit, so the int casts below cannot overflow.
        if (opcode != OPCODE_CONTINUATION) {
            // No validator reset: a text message either ended on a character boundary or failed the connection.
            text = opcode == OPCODE_TEXT;
            size = 0;
            buffer = new byte[(int) length];
        } else if (size + length > buffer.length) {
            // Grow geometrically (many small fragments stay linear), but never beyond the message limit.
            long wanted = Math.max(size + length, 2L * buffer.length);
            buffer = Arrays.copyOf(buffer, (int) Math.min(wanted, maxMessageBytes));
        }
    }

    @Override
    public void onDataPayload(ByteBuffer chunk) throws ProtocolViolation {
        if (text && !utf8.feed(chunk)) {
            throw new ProtocolViolation(CLOSE_INVALID_PAYLOAD, "text message is not valid UTF-8");
        }
        int n = chunk.remaining();
        chunk.get(buffer, size, n);
        size += n;
    }

    @Override
    public void onDataFrameEnd(boolean fin) throws ProtocolViolation {
        if (!fin) {
            return;
        }
        byte[] data = buffer;
        int len = size;
        buffer = EMPTY;
        size = 0;
        if (text) {
            if (!utf8.isComplete()) {
                throw new ProtocolViolation(CLOSE_INVALID_PAYLOAD, "text message ends inside a UTF-8 sequence");
            }
            callback.onText(new String(data, 0, len, StandardCharsets.UTF_8));
        } else {
            callback.onBinary(len == data.length ? data : Arrays.copyOf(data, len));
        }
    }

    @Override
    public void onControlFrame(int opcode, byte[] payload) throws ProtocolViolation {
        callback.onControlFrame(opcode, payload);
    }
}
