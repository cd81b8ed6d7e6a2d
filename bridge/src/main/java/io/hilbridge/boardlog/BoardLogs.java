package io.hilbridge.boardlog;

import io.hilbridge.link.BoardLink;
import io.hilbridge.link.BoardListener;

import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Keeps every board's log: told of the boards' LOG frames (by whoever listens to the boards: the API) and the text they print outside frames, cleans each
 * line ({@link LogText}), keeps it in the board's {@link LogRing} and hands it to one sink (the API, which broadcasts
 * it). The one place a board's text becomes a log line.
 *
 * <p>Thread-safety: the rings are created once; board callbacks arrive in each board's link task (one at a time per
 * board), readers call {@link #ring} from any thread. The sink is called in the board's link task and must not block.
 */
public final class BoardLogs implements BoardListener {
    /** Lines kept per board: about five minutes of a chatty board, a few hundred kilobytes at most. */
    public static final int LINES_PER_BOARD = 500;

    private final Map<String, LogRing> rings;
    private final BiConsumer<BoardLink, LogLine> sink;

    public BoardLogs(List<BoardLink> boards, Clock clock, BiConsumer<BoardLink, LogLine> sink) {
        Map<String, LogRing> m = new LinkedHashMap<>();
        for (BoardLink b : boards) m.put(b.deviceId(), new LogRing(LINES_PER_BOARD, clock));
        this.rings = Collections.unmodifiableMap(m);
        this.sink = sink;
    }

    /** The ring of a device, or empty for an unknown id. */
    public Optional<LogRing> ring(String deviceId) {
        return Optional.ofNullable(rings.get(deviceId));
    }

    @Override
    public void onLog(BoardLink board, int level, String text) {
        add(board, LogLine.Level.ofFrame(level), LogLine.Source.LOG, LogText.clean(text));
    }

    @Override
    public void onConsoleText(BoardLink board, String line) {
        String text = LogText.clean(line);
        if (text.isEmpty()) return;
        add(board, LogText.levelOfConsoleLine(text, LogLine.Level.INFO), LogLine.Source.BOOT, text);
    }

    private void add(BoardLink board, LogLine.Level level, LogLine.Source source, String text) {
        LogRing ring = rings.get(board.deviceId());
        if (ring == null) return;
        sink.accept(board, ring.append(level, source, text));
    }
}
