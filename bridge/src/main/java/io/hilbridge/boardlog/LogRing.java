package io.hilbridge.boardlog;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The last lines of one board's log, in a ring of fixed capacity: a new line pushes the oldest out. Lines are
 * numbered from 1 ({@link LogLine#seq}), so a reader that has seen up to {@code seq} asks for what came after it and
 * learns how many lines it missed because they left the ring.
 *
 * <p>Thread-safety: every method synchronizes on the ring; lines are appended from the board's link task and read
 * from HTTP worker threads.
 */
public final class LogRing {
    /** What {@link #after} returns: the lines in order and how many between the asked seq and the first were lost. */
    public record Page(List<LogLine> lines, long missed, long newestSeq) {}

    private final LogLine[] lines;
    private final Clock clock;
    /** Seq of the newest line, 0 before the first. */
    private long newest;

    public LogRing(int capacity, Clock clock) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        this.lines = new LogLine[capacity];
        this.clock = clock;
    }

    public int capacity() {
        return lines.length;
    }

    /** Adds a line (text as given: clean it first) and returns it with its seq and time. */
    public synchronized LogLine append(LogLine.Level level, LogLine.Source source, String text) {
        LogLine l = new LogLine(newest + 1, clock.instant(), level, source, text);
        newest = l.seq();
        lines[(int) ((l.seq() - 1) % lines.length)] = l;
        return l;
    }

    public synchronized long newestSeq() {
        return newest;
    }

    /** Seq of the oldest line still kept (newest + 1 when the ring is empty). */
    public synchronized long oldestSeq() {
        return Math.max(1, newest - lines.length + 1);
    }

    /** The last {@code max} lines (at most), oldest first. */
    public synchronized List<LogLine> last(int max) {
        return range(Math.max(oldestSeq(), newest - max + 1), max);
    }

    /**
     * Up to {@code max} lines with a seq above {@code seq}, oldest first. {@code seq} must not be above
     * {@link #newestSeq()} (the caller checks that rule and says so).
     */
    public synchronized Page after(long seq, int max) {
        if (seq < 0 || seq > newest) throw new IllegalArgumentException("seq " + seq + " outside 0.." + newest);
        long from = Math.max(seq + 1, oldestSeq());
        return new Page(range(from, max), from - (seq + 1), newest);
    }

    private List<LogLine> range(long from, int max) {
        List<LogLine> out = new ArrayList<>();
        for (long s = from; s <= newest && out.size() < max; s++) out.add(lines[(int) ((s - 1) % lines.length)]);
        return out;
    }
}
