package io.hilbridge.client;

/**
 * A command or wait that did not succeed, with the stable error code: the bridge's ({@link ErrorCode#fromApi}) or
 * one the client raised itself ({@link ErrorCode#clientSide()}). Futures of this client complete exceptionally with
 * it (wrapped in a {@link java.util.concurrent.CompletionException} by {@code join}, unwrap with {@link #of}).
 */
public class HilbridgeException extends RuntimeException {
    private final ErrorCode errorCode;
    private final String code;

    /** @param code the exact code string from the bridge, kept even when the client does not know it */
    public HilbridgeException(String code, String message) {
        this(ErrorCode.fromApi(code), code, message, null);
    }

    public HilbridgeException(ErrorCode errorCode, String message) {
        this(errorCode, errorCode.code(), message, null);
    }

    public HilbridgeException(ErrorCode errorCode, String message, Throwable cause) {
        this(errorCode, errorCode.code(), message, cause);
    }

    private HilbridgeException(ErrorCode errorCode, String code, String message, Throwable cause) {
        super(code + ": " + message, cause);
        this.errorCode = errorCode;
        this.code = code;
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    /**
     * The exact code: {@code unsupported}, {@code nack:malformed}, a code unknown to this client,
     * {@code client:timeout}.
     */
    public String code() {
        return code;
    }

    /**
     * The HilbridgeException inside {@code t} (a CompletionException or ExecutionException from a future), or null.
     */
    public static HilbridgeException of(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof HilbridgeException h) return h;
        }
        return null;
    }
}
