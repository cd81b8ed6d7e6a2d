package io.hilbridge.ws;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static io.hilbridge.ws.WebSocketProtocol.CLOSE_NO_STATUS;
import static io.hilbridge.ws.WebSocketProtocol.CLOSE_PROTOCOL_ERROR;
import static io.hilbridge.ws.WebSocketProtocol.OPCODE_CLOSE;

/**
 * Parsing and encoding of close frame payloads (RFC 6455 sections 5.5.1 and 7.4). Stateless and thread-safe.
 *
 * <p>Received codes: 1000–1003, 1007–1014 and 3000–4999 are valid. A 1-byte payload, codes 0–999, 1004–1006,
 * 1015–2999 or 5000 and above, and a reason that is not UTF-8 are protocol errors (1002). An empty payload means
 * "no status" (reported as 1005, never sent).
 */
final class CloseFrames {
    private CloseFrames() {}

    /** A received close: its code (1005 if none) and reason. */
    record Close(int code, String reason, boolean hasCode) {}

    static Close parse(byte[] payload) throws ProtocolViolation {
        if (payload.length == 0) {
            return new Close(CLOSE_NO_STATUS, "", false);
        }
        if (payload.length == 1) {
            throw new ProtocolViolation(CLOSE_PROTOCOL_ERROR, "close payload of 1 byte (a code needs 2)");
        }
        int code = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        if (!isValidReceivedCode(code)) {
            throw new ProtocolViolation(CLOSE_PROTOCOL_ERROR, "invalid close code " + code);
        }
        Utf8Validator utf8 = new Utf8Validator();
        if (!utf8.feed(payload, 2, payload.length - 2) || !utf8.isComplete()) {
            throw new ProtocolViolation(CLOSE_PROTOCOL_ERROR, "close reason is not valid UTF-8");
        }
        return new Close(code, new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8), true);
    }

    static boolean isValidReceivedCode(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }

    /** A complete server close frame; {@code code} 1005 means an empty payload. The reason is cut to 123 bytes. */
    static ByteBuffer encode(int code, String reason) {
        if (code == CLOSE_NO_STATUS) {
            return WebSocketProtocol.encodeServerFrame(OPCODE_CLOSE, new byte[0]);
        }
        byte[] r = truncateUtf8(reason == null ? "" : reason, 123);
        byte[] payload = new byte[2 + r.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(r, 0, payload, 2, r.length);
        return WebSocketProtocol.encodeServerFrame(OPCODE_CLOSE, payload);
    }

    /** UTF-8 bytes of {@code s}, cut at a character boundary so they fit {@code max} bytes. */
    static byte[] truncateUtf8(String s, int max) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length <= max) {
            return b;
        }
        int end = max;
        while (end > 0 && (b[end] & 0xC0) == 0x80) {
            end--; // b[end] is a continuation byte: its character would be cut
        }
        byte[] out = new byte[end];
        System.arraycopy(b, 0, out, 0, end);
        return out;
    }
}
