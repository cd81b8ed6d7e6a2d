package io.hilbridge.ws;

import java.nio.ByteBuffer;

import static io.hilbridge.ws.WebSocketProtocol.CLOSE_PROTOCOL_ERROR;
import static io.hilbridge.ws.WebSocketProtocol.CLOSE_TOO_BIG;
import static io.hilbridge.ws.WebSocketProtocol.MAX_CONTROL_PAYLOAD;
import static io.hilbridge.ws.WebSocketProtocol.OPCODE_BINARY;
import static io.hilbridge.ws.WebSocketProtocol.OPCODE_CLOSE;
import static io.hilbridge.ws.WebSocketProtocol.OPCODE_CONTINUATION;
import static io.hilbridge.ws.WebSocketProtocol.OPCODE_PING;
import static io.hilbridge.ws.WebSocketProtocol.OPCODE_PONG;
import static io.hilbridge.ws.WebSocketProtocol.OPCODE_TEXT;

/**
 * Non-blocking decoder of client-to-server frames (RFC 6455 section 5), an explicit state machine that accepts any
 * split of the byte stream: a frame one byte at a time, or many frames in one buffer. It keeps no input buffer of its
 * own (only a few header fields and, for control frames, at most 125 payload bytes), so an idle connection costs
 * almost nothing. Data payloads are unmasked in place in the caller's buffer and handed on as slices.
 *
 * <p>Frame rules enforced here, each failing with {@link ProtocolViolation}: client frames are masked; RSV bits are
 * 0; opcodes are known; control frames carry at most 125 bytes and are never fragmented; a continuation needs a
 * started message and a new data frame must not interrupt one; lengths use the minimal encoding and fit 63 bits;
 * a message's total size stays within the limit (1009, checked from the header, before any payload is read).
 * After a close frame the decoder is finished and ignores further input.
 *
 * <p>Not thread-safe: one per connection, used on its IO thread.
 */
final class FrameDecoder {

    /** Receives decoded frames; may throw to fail the connection. */
    interface Callback {
        /** A data frame header: {@code opcode} is TEXT or BINARY for a message's first frame, else CONTINUATION. */
        void onDataFrame(int opcode, boolean fin, long length) throws ProtocolViolation;

        /** Unmasked payload bytes of the current data frame (valid only during the call). */
        void onDataPayload(ByteBuffer chunk) throws ProtocolViolation;

        /** The payload of a data frame is complete; {@code fin} ends the message. */
        void onDataFrameEnd(boolean fin) throws ProtocolViolation;

        /** A complete, unmasked control frame (ping, pong or close). */
        void onControlFrame(int opcode, byte[] payload) throws ProtocolViolation;
    }

    private enum State {
        FIRST_BYTE,
        SECOND_BYTE,
        EXTENDED_LENGTH,
        MASKING_KEY,
        PAYLOAD,
        FINISHED
    }

    private final Callback callback;
    private final long maxMessageBytes;

    private State state = State.FIRST_BYTE;
    private boolean fin;
    private int opcode;
    private int lengthBytesLeft;
    /** The extended length uses 8 bytes (else 2). */
    private boolean extendedLength8;

    private long length;
    private int maskBytesLeft;
    private int mask;
    private long payloadLeft;
    /** Index into the 4-byte mask of the next payload byte. */
    private int maskIndex;

    private boolean inMessage;
    private long messageBytes;
    private byte[] control;
    private int controlPos;

    FrameDecoder(Callback callback, long maxMessageBytes) {
        this.callback = callback;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** Consumes every remaining byte of {@code in} (position moves to limit). */
    void decode(ByteBuffer in) throws ProtocolViolation {
        while (in.hasRemaining()) {
            switch (state) {
                case FIRST_BYTE:
                    firstByte(in.get());
                    break;
                case SECOND_BYTE:
                    secondByte(in.get());
                    break;
                case EXTENDED_LENGTH:
                    length = (length << 8) | (in.get() & 0xFF);
                    if (--lengthBytesLeft == 0) {
                        checkExtendedLength();
                        state = State.MASKING_KEY;
                    }
                    break;
                case MASKING_KEY:
                    mask = (mask << 8) | (in.get() & 0xFF);
                    if (--maskBytesLeft == 0) {
                        startPayload();
                    }
                    break;
                case PAYLOAD:
                    payload(in);
                    break;
                case FINISHED:
                    in.position(in.limit());
                    return;
                default:
                    throw new IllegalStateException(state.name());
            }
        }
    }

    private void firstByte(byte b) throws ProtocolViolation {
        if ((b & 0x70) != 0) {
            throw new ProtocolViolation(CLOSE_PROTOCOL_ERROR, "RSV bits must be 0 (no extension was negotiated)");
        }
        fin = (b & 0x80) != 0;
        opcode = b & 0x0F;
        switch (opcode) {
            case OPCODE_CONTINUATION:
                if (!inMessage) {
                    throw new ProtocolViolation(CLOSE_PROTOCOL_ERROR, "continuation frame without a started message");
                }
                break;
            case OPCODE_TEXT:
            case OPCODE_BINARY:
                if (inMessage) {
                    throw new ProtocolViolation(CLOSE_PROTOCOL_ERROR, "new data frame inside a fragmented message");
                }
                break;
            case OPCODE_CLOSE:
            case OPCODE_PING:
            case OPCODE_PONG:
                if (!fin) {
                    throw new ProtocolViolation(CLOSE_PROTOCOL_ERROR, "control frames must not be fragmented");
                }
                break;
            default:
                throw new ProtocolViolation(CLOSE_PROTOCOL_ERROR, "reserved opcode " + opcode);
        }
        state = State.SECOND_BYTE;
    }

    private void secondByte(byte b) throws ProtocolViolation {
        if ((b & 0x80) == 0) {
            throw new ProtocolViolation(CLOSE_PROTOCOL_ERROR, "client frames must be masked");
        }
        int len = b & 0x7F;
        maskBytesLeft = 4;
        mask = 0;
        extendedLength8 = len == 127;
        if (len == 126) {
            length = 0;
            lengthBytesLeft = 2;
            state = State.EXTENDED_LENGTH;
        } else if (len == 127) {
            length = 0;
            lengthBytesLeft = 8;
            state = State.EXTENDED_LENGTH;
        } else {
            length = len;
            checkLength();
            state = State.MASKING_KEY;
        }
    }

    private void checkExtendedLength() throws ProtocolViolation {
        if (length < 0) {
            throw new ProtocolViolation(CLOSE_PROTOCOL_ERROR, "the most significant bit of a 64-bit length must be 0");
        }
        if (extendedLength8 ? length <= 0xFFFF : length <= 125) {
            throw new ProtocolViolation(CLOSE_PROTOCOL_ERROR, "payload length must use the minimal encoding");
        }
        checkLength();
    }

    private void checkLength() throws ProtocolViolation {
        if (opcode >= OPCODE_CLOSE) {
            if (length > MAX_CONTROL_PAYLOAD) {
                throw new ProtocolViolation(CLOSE_PROTOCOL_ERROR, "control frame payload must be at most 125 bytes");
            }
        } else if (length > maxMessageBytes - messageBytes) {
            throw new ProtocolViolation(CLOSE_TOO_BIG, "message larger than " + maxMessageBytes + " bytes");
        }
    }

    private void startPayload() throws ProtocolViolation {
        payloadLeft = length;
        maskIndex = 0;
        if (opcode >= OPCODE_CLOSE) {
            control = new byte[(int) length];
            controlPos = 0;
        } else {
            if (opcode != OPCODE_CONTINUATION) {
                inMessage = true;
                messageBytes = 0;
            }
            messageBytes += length;
            callback.onDataFrame(opcode, fin, length);
        }
        state = State.PAYLOAD;
        if (length == 0) {
            endPayload();
        }
    }

    private void payload(ByteBuffer in) throws ProtocolViolation {
        int n = (int) Math.min(in.remaining(), payloadLeft);
        int start = in.position();
        unmask(in, start, start + n, mask, maskIndex);
        maskIndex = (maskIndex + n) & 3;
        payloadLeft -= n;
        if (opcode >= OPCODE_CLOSE) {
            in.get(control, controlPos, n);
            controlPos += n;
        } else {
            ByteBuffer chunk = in.duplicate();
            chunk.limit(start + n);
            in.position(start + n);
            callback.onDataPayload(chunk);
        }
        if (payloadLeft == 0) {
            endPayload();
        }
    }

    private void endPayload() throws ProtocolViolation {
        if (opcode >= OPCODE_CLOSE) {
            byte[] payload = control;
            control = null;
            state = opcode == OPCODE_CLOSE ? State.FINISHED : State.FIRST_BYTE;
            callback.onControlFrame(opcode, payload);
        } else {
            state = State.FIRST_BYTE;
            if (fin) {
                inMessage = false;
                messageBytes = 0;
            }
            callback.onDataFrameEnd(fin);
        }
    }

    /**
     * XORs bytes [from, to) of {@code buf} with the mask, starting at mask byte {@code index}; eight bytes per step
     * where possible, since unmasking is the hot loop of large messages.
     */
    static void unmask(ByteBuffer buf, int from, int to, int mask, int index) {
        int m = Integer.rotateLeft(mask, index * 8);
        long m8 = ((m & 0xFFFFFFFFL) << 32) | (m & 0xFFFFFFFFL);
        int i = from;
        if (buf.order() == java.nio.ByteOrder.BIG_ENDIAN) {
            for (; i + 8 <= to; i += 8) {
                buf.putLong(i, buf.getLong(i) ^ m8);
            }
        }
        for (; i < to; i++) {
            int shift = 24 - ((i - from) & 3) * 8;
            buf.put(i, (byte) (buf.get(i) ^ (m >>> shift)));
        }
    }
}
