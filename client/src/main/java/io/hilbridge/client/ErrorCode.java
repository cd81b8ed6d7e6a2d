package io.hilbridge.client;

/**
 * The stable error codes of websocket-api.md section 2 ({@code error}), plus the few a client raises itself when it
 * never got an answer from the bridge. {@link HilbridgeException#code()} keeps the exact string, so a code this
 * client does not know ({@link #UNKNOWN}) or a NACK reason ({@code nack:malformed}) is never lost.
 */
public enum ErrorCode {
    BAD_REQUEST("bad_request"),
    UNKNOWN_DEVICE("unknown_device"),
    UNKNOWN_LIGHT("unknown_light"),
    OUT_OF_RANGE("out_of_range"),
    UNSUPPORTED("unsupported"),
    DEVICE_OFFLINE("device_offline"),
    TIMEOUT("timeout"),
    BUSY("busy"),
    TOO_LARGE("too_large"),
    RESET_FAILED("reset_failed"),
    /** {@code nack:<reason>}: the board refused; the reason is in {@link HilbridgeException#code()}. */
    NACK("nack"),
    /** A code from the bridge that this client version does not know; the exception keeps it. */
    UNKNOWN("unknown"),

    // Raised by the client, never sent by the bridge:
    /** The bridge could not be reached (no server on that address, connect timeout, not a WebSocket endpoint). */
    CONNECT_FAILED("client:connect_failed"),
    /** The bridge refused the handshake (HTTP 401: token; 403: Origin or Host). */
    REFUSED("client:refused"),
    /** Not connected, or the connection dropped before the answer came (the command may or may not have run). */
    DISCONNECTED("client:disconnected"),
    /** No answer within the client's own deadline, or {@code awaitState} timed out. */
    CLIENT_TIMEOUT("client:timeout"),
    /** This client already has its maximum of commands waiting for an answer. */
    CLIENT_LIMIT("client:limit");

    private final String code;

    ErrorCode(String code) {
        this.code = code;
    }

    /** The code as it appears on the wire (or, for client codes, in messages). */
    public String code() {
        return code;
    }

    /** True for codes the client raises itself. */
    public boolean clientSide() {
        return code.startsWith("client:");
    }

    /** The bridge's code as an enum: exact match, {@code nack:*} as {@link #NACK}, anything else {@link #UNKNOWN}. */
    public static ErrorCode fromApi(String code) {
        if (code == null) return UNKNOWN;
        if (code.startsWith("nack:")) return NACK;
        for (ErrorCode c : values()) {
            if (!c.clientSide() && c != NACK && c != UNKNOWN && c.code.equals(code)) return c;
        }
        return UNKNOWN;
    }
}
