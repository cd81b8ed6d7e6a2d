package io.hilbridge.ws;

/**
 * A rule of RFC 6455 (or a configured limit) was broken by the peer: the connection must be failed with
 * {@link #closeCode()}. The message names the rule. Carries no stack trace: it is an expected outcome of bad input,
 * raised often under fuzzing or attack, and never a bug of ours.
 */
public final class ProtocolViolation extends Exception {
    private static final long serialVersionUID = 1L;
    private final int closeCode;

    public ProtocolViolation(int closeCode, String rule) {
        super(rule, null, false, false);
        this.closeCode = closeCode;
    }

    public int closeCode() {
        return closeCode;
    }
}
