package io.hilbridge.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Set;

/**
 * A request for a board's link health: the WebSocket {@code health} message or {@code GET
 * /api/devices/{device}/health?since=}, checked by the same rules. {@code device} null means the first board;
 * {@code sinceMillis} 0 means every kept sample.
 */
public record HealthRequest(String device, long sinceMillis) {

    /** {@code {"type": "health", "id": ..., "device": "board0", "since": 1733520000000}}, both fields optional. */
    static HealthRequest parse(ObjectNode msg) {
        RequestParser.checkKnownFields(msg, Set.of("type", "id", "device", "since"));
        JsonNode d = msg.get("device");
        String device = null;
        if (d != null && !d.isNull()) {
            if (!d.isTextual()) throw RequestParser.bad("device must be a string");
            device = d.asText();
        }
        JsonNode s = msg.get("since");
        long since = 0;
        if (s != null && !s.isNull()) {
            if (!s.isIntegralNumber() || !s.canConvertToLong() || s.asLong() < 0) {
                throw RequestParser.bad("since must be a time in milliseconds since the epoch (an integer >= 0)");
            }
            since = s.asLong();
        }
        return new HealthRequest(device, since);
    }

    /** The REST query parameter {@code since} (absent: 0). */
    public static long parseSince(String value) {
        if (value == null || value.isEmpty()) return 0;
        try {
            long since = Long.parseLong(value);
            if (since >= 0) return since;
        } catch (NumberFormatException e) {
            // worded below, as for a negative number
        }
        throw RequestParser.bad("since must be a time in milliseconds since the epoch (an integer >= 0), was \""
                + RequestParser.abbreviate(value) + "\"");
    }
}
