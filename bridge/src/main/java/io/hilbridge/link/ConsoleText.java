package io.hilbridge.link;

import java.util.function.Consumer;

/**
 * Finds the lines of text a board prints between frames (the ESP32 ROM's boot banner, an ESP-IDF console sharing
 * the port) in the raw byte stream, so people can read why a board does not come up. A line is kept only if it
 * ends with a line break and every byte of it is text (printable ASCII, tab, ESC for colour codes, or a byte of
 * UTF-8). A control byte taints the rest of the run until the next frame delimiter (0x00): every frame starts with
 * 0x00, COBS's first byte, then the version byte 0x01, so nothing inside a frame (a LOG's text, a light's name, a
 * COBS byte that happens to be a line break) ever passes for a line. A run longer than any frame
 * ({@link Frame#MAX_ENCODED}) cannot be a frame, so there a line break ends the taint too (garbage at the wrong
 * baud rate followed by readable text). A {@link LineSplitter} cuts the lines (its rules for CR, LF, NUL and lines
 * longer than {@link #MAX_LINE_BYTES}: pieces). Memory is one fixed buffer.
 *
 * <p>Not thread-safe: fed from one link task at a time. The consumer runs on the feeding thread.
 */
public final class ConsoleText {
    public static final int MAX_LINE_BYTES = 200;

    private final LineSplitter lines;
    private boolean tainted;
    /** Bytes since the last 0x00, saturating above {@link Frame#MAX_ENCODED}. */
    private int sinceDelimiter;

    public ConsoleText(Consumer<String> lines) {
        this.lines = new LineSplitter(MAX_LINE_BYTES, lines);
    }

    public void feed(byte[] data) {
        for (byte b : data) feed(b);
    }

    public void feed(byte b) {
        int c = b & 0xFF;
        if (c == 0) {
            lines.feed(b); // a frame delimiter: what came before it was (part of) a frame
            tainted = false;
            sinceDelimiter = 0;
            return;
        }
        if (sinceDelimiter <= Frame.MAX_ENCODED) sinceDelimiter++;
        if (c == '\n' || c == '\r') {
            lines.feed(b); // while tainted the line is empty: dropped at the taint, nothing kept since
            if (sinceDelimiter > Frame.MAX_ENCODED) tainted = false;
        } else if (c < 0x20 && c != '\t' && c != 0x1B || c == 0x7F) {
            tainted = true;
            lines.drop();
        } else if (!tainted) {
            lines.feed(b);
        }
    }

    /** Forgets a partly received line (a new connection). */
    public void reset() {
        lines.drop();
        tainted = false;
        sinceDelimiter = 0;
    }
}
