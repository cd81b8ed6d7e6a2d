package io.hilbridge.client;

import java.time.Instant;
import java.util.Locale;

/**
 * One line of a board's log (websocket-api.md, "log"): its number in the bridge's ring for that board ({@code seq},
 * restarting when the bridge restarts), when the bridge received it, its level, whether it is {@link #boot() boot
 * text} (printed outside frames, e.g. the ESP32 ROM's banner) or a LOG frame, the cleaned text, and how many of the
 * board's lines this client missed just before it because it was reading too slowly ({@code dropped}).
 */
public record LogLine(String device, long seq, Instant time, Level level, boolean boot, String text, long dropped) {

    public enum Level {
        ERROR,
        WARN,
        INFO,
        DEBUG;

        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** A level this client does not know (a later API version) is taken as {@link #DEBUG}. */
        static Level fromApi(String name) {
            for (Level l : values()) {
                if (l.apiName().equals(name)) return l;
            }
            return DEBUG;
        }
    }

    /** As a person reads it: {@code 23:51:07.318 WARN  text} ({@code boot} marked). */
    @Override
    public String toString() {
        String t = time.toString();
        int at = t.indexOf('T');
        return (at >= 0 ? t.substring(at + 1) : t) + " " + String.format(Locale.ROOT, "%-5s", level) + " "
                + (boot ? "[boot] " : "") + text;
    }
}
