package io.hilbridge.ws;

/**
 * The outcome of checking one upgrade request: either accept (with the Sec-WebSocket-Accept value and the selected
 * subprotocol) or reject (with the HTTP status and a reason naming the broken rule). Immutable.
 */
public final class HandshakeDecision {
    private final int status;
    private final String reason;
    private final String acceptKey;
    private final String subprotocol;

    private HandshakeDecision(int status, String reason, String acceptKey, String subprotocol) {
        this.status = status;
        this.reason = reason;
        this.acceptKey = acceptKey;
        this.subprotocol = subprotocol;
    }

    static HandshakeDecision accept(String acceptKey, String subprotocol) {
        return new HandshakeDecision(101, null, acceptKey, subprotocol);
    }

    static HandshakeDecision reject(int status, String reason) {
        return new HandshakeDecision(status, reason, null, null);
    }

    public boolean accepted() {
        return status == 101;
    }

    /** 101 when accepted, else 400, 401, 403 or 426. */
    public int status() {
        return status;
    }

    /** Why the request was rejected (names the rule), or null when accepted. */
    public String reason() {
        return reason;
    }

    /** The Sec-WebSocket-Accept header value, or null when rejected. */
    public String acceptKey() {
        return acceptKey;
    }

    /** The selected subprotocol, or null. */
    public String subprotocol() {
        return subprotocol;
    }

    @Override
    public String toString() {
        return accepted() ? "accept(" + subprotocol + ")" : status + " " + reason;
    }
}
