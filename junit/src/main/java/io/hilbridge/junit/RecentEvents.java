package io.hilbridge.junit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last {@link #CAPACITY} things that happened on the link and the API (status changes, hellos, confirmed
 * states, faults, the board's log lines), timestamped, for failure messages. Bounded: the oldest line goes.
 *
 * <p>Thread-safe: listeners add from the link's and the client's threads, tests read from theirs.
 */
final class RecentEvents {
    static final int CAPACITY = 40;
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private final Deque<String> lines = new ArrayDeque<>();

    synchronized void add(String source, String text) {
        if (lines.size() == CAPACITY) lines.removeFirst();
        lines.addLast(TIME.format(Instant.now()) + " " + source + ": " + text);
    }

    synchronized List<String> snapshot() {
        return new ArrayList<>(lines);
    }

    /** The lines, indented, one per line; "(none)" when empty. */
    String render(String indent) {
        List<String> s = snapshot();
        if (s.isEmpty()) return indent + "(none)";
        StringBuilder b = new StringBuilder();
        for (String line : s) b.append(indent).append(line).append('\n');
        return b.substring(0, b.length() - 1);
    }
}
