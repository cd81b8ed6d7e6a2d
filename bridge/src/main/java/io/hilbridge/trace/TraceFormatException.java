package io.hilbridge.trace;

/** A trace file that is not what protocol-spec/trace-format.md describes; the message names the byte offset. */
public final class TraceFormatException extends Exception {
    private final long offset;

    public TraceFormatException(long offset, String what) {
        super("offset " + offset + ": " + what);
        this.offset = offset;
    }

    /** Where in the file the problem starts. */
    public long offset() {
        return offset;
    }
}
