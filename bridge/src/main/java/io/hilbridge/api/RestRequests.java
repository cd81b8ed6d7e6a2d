package io.hilbridge.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.hilbridge.lights.LightChange;

/**
 * The REST front door's parsing, with the same rules and errors as a WebSocket {@code set} (see
 * {@link RequestParser}). Stateless.
 */
public final class RestRequests {
    private RestRequests() {}

    /** The {@code {light}} path segment: a light id or "all"; anything else is {@code bad_request}. */
    public static LightTarget pathLight(String segment) {
        return RequestParser.parsePathLight(segment);
    }

    /** A PUT body: a JSON object with some of on, brightness, color, transitionMs, effect. */
    public static LightChange body(JsonNode body) {
        return RequestParser.parseRestBody(body);
    }
}
