package io.hilbridge.link;

/** A frame's payload does not have the layout its type requires (uart-link.md section 3). */
public final class MalformedPayloadException extends RuntimeException {
    public MalformedPayloadException(String message) {
        super(message, null, false, false);
    }
}
