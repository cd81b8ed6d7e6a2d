package io.hilbridge.client;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The board log lines this client received, per device, the last {@link #KEPT_PER_DEVICE} of each, and the
 * expect-style wait on them ({@link #await}): each device has a cursor, and a wait looks only at lines after the
 * line its previous successful wait matched, including lines that arrived before the call (so a line the board logs
 * right after the action that caused it is never missed), and moves the cursor to the line it matches.
 *
 * <p>Thread-safety: every method synchronizes on the book; lines are added on the receive thread, waits come from any
 * thread.
 */
final class LogBook {
    static final int KEPT_PER_DEVICE = 1000;
    /** Lines shown in a timeout's message. */
    static final int SHOWN_ON_TIMEOUT = 10;

    private record Entry(long index, LogLine line) {}

    private final Map<String, Deque<Entry>> lines = new HashMap<>();
    /** Per device, the index of the line the last successful wait matched (lines are indexed from 1). */
    private final Map<String, Long> cursors = new HashMap<>();

    private long nextIndex = 1;
    private String closedReason;

    synchronized void add(LogLine line) {
        Deque<Entry> d = lines.computeIfAbsent(line.device(), k -> new ArrayDeque<>());
        if (d.size() == KEPT_PER_DEVICE) d.removeFirst();
        d.addLast(new Entry(nextIndex++, line));
        notifyAll();
    }

    synchronized List<LogLine> lines(String device) {
        Deque<Entry> d = lines.get(device);
        return d == null ? List.of() : d.stream().map(Entry::line).toList();
    }

    /** Moves the device's cursor past every line received so far: the next wait sees only newer lines. */
    synchronized void skip(String device) {
        cursors.put(device, nextIndex - 1);
    }

    synchronized void close(String reason) {
        closedReason = reason;
        notifyAll();
    }

    /**
     * The first line of {@code device} after the cursor whose text {@code pattern} finds (as {@link
     * java.util.regex.Matcher#find}); {@code connection} describes the client's connection for the messages.
     */
    synchronized LogLine await(
            String device, Pattern pattern, Duration timeout, java.util.function.Supplier<String> connection) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long after = cursors.getOrDefault(device, 0L);
            Deque<Entry> d = lines.get(device);
            if (d != null) {
                for (Entry e : d) {
                    if (e.index() > after && pattern.matcher(e.line().text()).find()) {
                        cursors.put(device, e.index());
                        return e.line();
                    }
                }
            }
            if (closedReason != null) {
                throw new HilbridgeException(
                        ErrorCode.DISCONNECTED,
                        describe(device, pattern, timeout, connection) + " — ended: " + closedReason);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new HilbridgeException(ErrorCode.CLIENT_TIMEOUT, describe(device, pattern, timeout, connection));
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HilbridgeException(ErrorCode.DISCONNECTED, "interrupted while waiting for a log line", e);
            }
        }
    }

    private String describe(
            String device, Pattern pattern, Duration timeout, java.util.function.Supplier<String> connection) {
        StringBuilder b = new StringBuilder(device)
                .append(": wanted a log line matching /")
                .append(pattern.pattern())
                .append("/ within ")
                .append(timeout.toMillis())
                .append(" ms; connection ")
                .append(connection.get());
        List<LogLine> all = lines(device);
        if (all.isEmpty()) return b.append("; no log line received from it yet").toString();
        List<LogLine> last = all.subList(Math.max(0, all.size() - SHOWN_ON_TIMEOUT), all.size());
        b.append("; its last ").append(last.size()).append(" lines:");
        for (LogLine l : last) b.append("\n  ").append(l);
        return b.toString();
    }
}
