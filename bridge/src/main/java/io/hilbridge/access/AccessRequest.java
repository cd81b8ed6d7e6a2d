package io.hilbridge.access;

import java.util.List;

/**
 * A request as the access rules see it: its headers and the {@code token} query parameter, whatever server received
 * it (Undertow for the page, REST and metrics; the WebSocket handshake for {@code /ws}).
 */
public interface AccessRequest {
    /** Every value of every header line with this name (case-insensitive); never null. */
    List<String> headers(String name);

    /** The decoded {@code token} query parameter, or null. */
    String queryToken();
}
