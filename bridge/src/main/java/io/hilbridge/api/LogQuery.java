package io.hilbridge.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hilbridge.boardlog.LogRing;
import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.ErrorCode;

/**
 * Answers {@code GET /api/devices/{device}/log[?since=SEQ][&limit=N]}: without {@code since} the last {@code limit}
 * lines, with it the lines after that seq (to page forward: pass the answer's {@code next}). Rules, each an early
 * check: {@code since} and {@code limit} are whole numbers ({@code bad_request}), {@code since} is not beyond the
 * newest line and {@code limit} is 1..ring capacity ({@code out_of_range}). A {@code since} older than the ring is
 * fine: the answer starts at the oldest line kept and says how many were {@code missed}. Stateless.
 */
public final class LogQuery {
    /** Lines in one answer unless {@code limit} says otherwise. */
    public static final int DEFAULT_LIMIT = 200;

    private LogQuery() {}

    /** {@code since} and {@code limit} as given in the query (null when absent). */
    public static ObjectNode answer(String device, LogRing ring, String since, String limit) {
        // Compared as a long: cast first, 4294967297 would pass as 1.
        long asked = limit == null ? Math.min(DEFAULT_LIMIT, ring.capacity()) : number("limit", limit);
        if (asked < 1 || asked > ring.capacity()) {
            throw new CommandException(
                    ErrorCode.OUT_OF_RANGE, "limit " + asked + " is outside 1.." + ring.capacity() + " (lines kept)");
        }
        int max = (int) asked;
        if (since == null) {
            return LogJson.logBody(device, ring.last(max), 0, ring.newestSeq()); // the latest: nothing was missed
        }
        long after = number("since", since);
        long newest = ring.newestSeq();
        if (after < 0 || after > newest) {
            throw new CommandException(
                    ErrorCode.OUT_OF_RANGE,
                    "since " + after + " is outside 0.." + newest + " (the newest line of " + device + " is " + newest
                            + "; line numbers start again when the bridge restarts)");
        }
        return LogJson.logBody(device, ring.after(after, max));
    }

    /** A whole number that fits a long: "9999999999999999999" has 19 digits, as a long does, but does not fit. */
    private static long number(String name, String value) {
        if (value.matches("-?\\d+")) {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                // too big: worded below, as for any other text
            }
        }
        throw RequestParser.bad(name + " must be a whole number, was \"" + RequestParser.abbreviate(value) + "\"");
    }
}
