package io.hilbridge.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hilbridge.boardlog.LogLine;
import io.hilbridge.boardlog.LogRing;

import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The JSON of the board's log (websocket-api.md, "log", and {@code GET /api/devices/{device}/log}): the one builder
 * of the {@code log} message and the log REST body, so both carry a line in the same shape. Stateless.
 */
public final class LogJson {
    private LogJson() {}

    /** The WebSocket {@code log} message: one line of a device, and how many lines this client missed before it. */
    public static ObjectNode logMessage(String device, LogLine line, long dropped) {
        ObjectNode m = ApiJson.object();
        m.put("type", "log");
        m.put("device", device);
        fill(m, line);
        m.put("dropped", dropped);
        return m;
    }

    /** The REST answer: lines oldest first, the lines lost from the ring before them, and the seq to ask after. */
    public static ObjectNode logBody(String device, List<LogLine> lines, long missed, long newestSeq) {
        ObjectNode b = ApiJson.object();
        b.put("device", device);
        ArrayNode a = b.putArray("lines");
        for (LogLine l : lines) fill(a.addObject(), l);
        b.put("missed", missed);
        b.put("next", lines.isEmpty() ? newestSeq : lines.get(lines.size() - 1).seq());
        b.put("newest", newestSeq);
        return b;
    }

    static ObjectNode logBody(String device, LogRing.Page page) {
        return logBody(device, page.lines(), page.missed(), page.newestSeq());
    }

    private static void fill(ObjectNode o, LogLine line) {
        o.put("seq", line.seq());
        o.put("time", line.time().truncatedTo(ChronoUnit.MILLIS).toString());
        o.put("level", line.level().apiName());
        o.put("source", line.source().apiName());
        o.put("text", line.text());
    }
}
