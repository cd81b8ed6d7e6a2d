package io.hilbridge.lights;

/**
 * Why a command did not take effect. {@link #apiCode()} is the string clients see: normally the
 * {@link ErrorCode}'s name, or {@code nack:<reason>} for board refusals without a finer mapping.
 */
public final class CommandException extends RuntimeException {
    private final ErrorCode code;
    private final String apiCode;

    public CommandException(ErrorCode code, String message) {
        this(code, code.apiName(), message);
    }

    public CommandException(ErrorCode code, String apiCode, String message) {
        super(message, null, false, false);
        this.code = code;
        this.apiCode = apiCode;
    }

    public ErrorCode code() {
        return code;
    }

    public String apiCode() {
        return apiCode;
    }
}
