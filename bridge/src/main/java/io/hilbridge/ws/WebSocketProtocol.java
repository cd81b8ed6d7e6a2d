package io.hilbridge.ws;

import java.nio.ByteBuffer;

/** Constants and small pure helpers of RFC 6455. */
public final class WebSocketProtocol {
    private WebSocketProtocol() {}

    /** RFC 6455 section 1.3: appended to Sec-WebSocket-Key before hashing. */
    public static final String ACCEPT_MAGIC = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    public static final int OPCODE_CONTINUATION = 0x0;
    public static final int OPCODE_TEXT = 0x1;
    public static final int OPCODE_BINARY = 0x2;
    public static final int OPCODE_CLOSE = 0x8;
    public static final int OPCODE_PING = 0x9;
    public static final int OPCODE_PONG = 0xA;

    /** RFC 6455 section 5.5: control frame payloads are at most 125 bytes. */
    public static final int MAX_CONTROL_PAYLOAD = 125;

    public static final int CLOSE_NORMAL = 1000;
    public static final int CLOSE_GOING_AWAY = 1001;
    public static final int CLOSE_PROTOCOL_ERROR = 1002;
    public static final int CLOSE_UNSUPPORTED_DATA = 1003;
    public static final int CLOSE_NO_STATUS = 1005;
    public static final int CLOSE_ABNORMAL = 1006;
    public static final int CLOSE_INVALID_PAYLOAD = 1007;
    public static final int CLOSE_POLICY_VIOLATION = 1008;
    public static final int CLOSE_TOO_BIG = 1009;
    public static final int CLOSE_INTERNAL_ERROR = 1011;
    public static final int CLOSE_TRY_AGAIN_LATER = 1013;

    /** Encodes one final, unmasked (server-to-client) frame. */
    public static ByteBuffer encodeServerFrame(int opcode, byte[] payload) {
        int len = payload.length;
        // Section 5.2: the minimal length encoding, decided once (the buffer size follows from it).
        int extendedLengthBytes = len <= 125 ? 0 : len <= 0xFFFF ? 2 : 8;
        ByteBuffer buf = ByteBuffer.allocate(2 + extendedLengthBytes + len);
        buf.put((byte) (0x80 | opcode));
        switch (extendedLengthBytes) {
            case 0 -> buf.put((byte) len);
            case 2 -> buf.put((byte) 126).putShort((short) len);
            default -> buf.put((byte) 127).putLong(len);
        }
        buf.put(payload);
        buf.flip();
        return buf;
    }
}
