package io.hilbridge.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.ErrorCode;
import io.hilbridge.lights.LightState;
import io.hilbridge.lights.PixelRuns;
import io.hilbridge.lights.Rgb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JSON of a strip's per-pixel colours (websocket-api.md, "Per-pixel colours"), both ways. In: {@code pixels}
 * of a {@code set} or a REST body, an array whose items are a colour {@code "#rrggbb"} (one pixel) or a range
 * {@code {"color": "#rrggbb", "count": n}} (n pixels), painting the strip from pixel 0 on. Only the shape is checked
 * here; whether it fits the light (its pixel count, how many runs one frame holds) is
 * {@link io.hilbridge.command.CommandValidator}'s. Out: the runs, as ranges. Stateless and thread-safe.
 */
final class PixelsJson {
    /** The most pixels a HELLO can declare, so also the most a range or the whole list may cover. */
    static final int MAX_PIXELS = 65535;
    /** More items than any strip has pixels cannot be meant: refused before any work per item. */
    static final int MAX_ITEMS = 4096;

    private PixelsJson() {}

    static PixelRuns parse(JsonNode n) {
        if (!n.isArray()) throw bad("pixels must be an array of colours \"#rrggbb\" or {\"color\", \"count\"} ranges");
        if (n.isEmpty()) throw bad("pixels is empty: give a colour per pixel, or ranges");
        if (n.size() > MAX_ITEMS) {
            throw new CommandException(
                    ErrorCode.TOO_LARGE, "pixels has " + n.size() + " items, at most " + MAX_ITEMS + " allowed");
        }
        List<PixelRuns.Run> runs = new ArrayList<>(n.size());
        long total = 0;
        for (int i = 0; i < n.size(); i++) {
            PixelRuns.Run run = item(n.get(i), i);
            total += run.count();
            if (total > MAX_PIXELS) {
                throw new CommandException(ErrorCode.OUT_OF_RANGE, "pixels covers more than " + MAX_PIXELS + " pixels");
            }
            runs.add(run);
        }
        return new PixelRuns(runs);
    }

    private static PixelRuns.Run item(JsonNode item, int i) {
        if (item.isTextual()) return new PixelRuns.Run(1, color(item, "pixels[" + i + "]"));
        if (!(item instanceof ObjectNode range)) {
            throw bad("pixels[" + i + "] must be a colour \"#rrggbb\" or {\"color\", \"count\"}");
        }
        for (Map.Entry<String, JsonNode> f : range.properties()) {
            if (!f.getKey().equals("color") && !f.getKey().equals("count")) {
                throw bad("pixels[" + i + "]: unknown field \"" + RequestParser.abbreviate(f.getKey()) + "\"");
            }
        }
        JsonNode c = range.get("color");
        JsonNode count = range.get("count");
        if (c == null || count == null) throw bad("pixels[" + i + "] needs both color and count");
        if (!count.isIntegralNumber()) throw bad("pixels[" + i + "].count must be an integer");
        if (!count.canConvertToInt() || count.asInt() < 1 || count.asInt() > MAX_PIXELS) {
            throw new CommandException(
                    ErrorCode.OUT_OF_RANGE,
                    "pixels[" + i + "].count must be 1.." + MAX_PIXELS + ", got "
                            + RequestParser.abbreviate(count.asText()));
        }
        return new PixelRuns.Run(count.asInt(), color(c, "pixels[" + i + "].color"));
    }

    private static Rgb color(JsonNode c, String where) {
        if (!c.isTextual() || !c.asText().matches("#[0-9A-Fa-f]{6}")) {
            throw bad(where + " must be a string \"#rrggbb\"");
        }
        return Rgb.parseHex(c.asText());
    }

    /**
     * Adds {@code pixels} to a state object when the light shows per-pixel colours: the runs as ranges, or
     * {@code "unknown"} when the board has ones this bridge did not set. Nothing when it has none, so a client that
     * never uses them sees the state as before.
     */
    static void put(ObjectNode o, LightState s) {
        if (s.pixels() != null) {
            ArrayNode a = o.putArray("pixels");
            for (PixelRuns.Run r : s.pixels().runs()) {
                ObjectNode run = a.addObject();
                run.put("color", r.color().hex());
                run.put("count", r.count());
            }
        } else if (s.pixelsUnknown()) {
            o.put("pixels", "unknown");
        }
    }

    private static CommandException bad(String message) {
        return RequestParser.bad(message);
    }
}
