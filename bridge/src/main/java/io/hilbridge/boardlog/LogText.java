package io.hilbridge.boardlog;

import java.util.regex.Pattern;

/**
 * Makes a board's text safe to keep and show: ANSI colour codes (ESP-IDF's coloured log) are removed, every other
 * control character becomes a space, trailing spaces go, and the result is cut to {@link #MAX_CHARS} characters
 * (marked with an ellipsis). Invalid UTF-8 was already replaced by U+FFFD when the bytes were decoded. Stateless.
 */
public final class LogText {
    /** Longest text kept per line; a LOG frame carries at most 199 bytes, console lines are cut earlier. */
    public static final int MAX_CHARS = 240;

    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*[A-Za-z]");
    private static final Pattern ESP_LOG_PREFIX = Pattern.compile("^([EWIDV]) \\(\\d+\\) .*");

    private LogText() {}

    public static String clean(String raw) {
        String s = raw.length() > 4 * MAX_CHARS ? raw.substring(0, 4 * MAX_CHARS) : raw;
        s = ANSI.matcher(s).replaceAll("");
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_CHARS + 1));
        for (int i = 0; i < s.length() && b.length() <= MAX_CHARS; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? ' ' : c);
        }
        int end = b.length();
        while (end > 0 && b.charAt(end - 1) == ' ') end--;
        b.setLength(end);
        if (b.length() > MAX_CHARS) {
            b.setLength(MAX_CHARS - 1);
            if (Character.isHighSurrogate(b.charAt(b.length() - 1))) b.setLength(b.length() - 1);
            b.append('\u2026');
        }
        return b.toString();
    }

    /**
     * The level an ESP-IDF console line names by its first letter ({@code E (312) tag: ...}), or {@code fallback}
     * for other text (ROM banner, plain prints).
     */
    public static LogLine.Level levelOfConsoleLine(String text, LogLine.Level fallback) {
        var m = ESP_LOG_PREFIX.matcher(text);
        if (!m.matches()) return fallback;
        return switch (m.group(1)) {
            case "E" -> LogLine.Level.ERROR;
            case "W" -> LogLine.Level.WARN;
            case "I" -> LogLine.Level.INFO;
            default -> LogLine.Level.DEBUG;
        };
    }
}
