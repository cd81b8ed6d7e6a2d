package io.hilbridge.link;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Cuts the bytes a board prints outside frames into lines: the one place that says where such a line ends. The
 * rules, whatever the bytes' split into reads:
 *
 * <ul>
 *   <li>LF or CR ends a line. Only a line with at least one byte is handed over, so CRLF (the ESP32 ROM's and
 *       ESP-IDF's line end), LFCR and blank lines give no empty lines.
 *   <li>NUL (0x00, the link's frame delimiter, uart-link.md) ends no line: it drops the bytes since the last line
 *       break, which were (part of) a frame, not text.
 *   <li>A line longer than {@code maxBytes} is handed over in pieces of at most {@code maxBytes} bytes, each as soon
 *       as the byte after it arrives. A piece never ends inside a UTF-8 character: the character's first bytes move
 *       to the next piece, so every piece decodes on its own.
 * </ul>
 *
 * Lines are decoded as UTF-8 (bytes that are not UTF-8 become U+FFFD). Which other bytes count as text is the
 * caller's rule: it passes on the bytes it keeps and calls {@link #drop} to throw a partial line away. Memory is one
 * buffer of {@code maxBytes} bytes.
 *
 * <p>Not thread-safe: fed from one thread at a time; the consumer runs on the feeding thread.
 */
final class LineSplitter {
    /** The longest UTF-8 character: a buffer must hold one whole, so a piece is never empty. */
    static final int MIN_LINE_BYTES = 4;

    private final byte[] line;
    private final Consumer<String> lines;
    private int length;

    LineSplitter(int maxBytes, Consumer<String> lines) {
        if (maxBytes < MIN_LINE_BYTES) {
            throw new IllegalArgumentException(
                    "a line must hold one UTF-8 character (" + MIN_LINE_BYTES + " bytes); got " + maxBytes);
        }
        this.line = new byte[maxBytes];
        this.lines = lines;
    }

    void feed(byte b) {
        if (b == '\n' || b == '\r') {
            if (length > 0) lines.accept(text(length));
            length = 0;
        } else if (b == 0) {
            length = 0;
        } else {
            if (length == line.length) handOverPiece();
            line[length++] = b;
        }
    }

    /** Throws away the partial line (the caller saw a byte that is not text, or a new connection began). */
    void drop() {
        length = 0;
    }

    /** Hands over the full buffer up to its last whole UTF-8 character; keeps the bytes of a cut one. */
    private void handOverPiece() {
        int cut = wholeCharactersEnd();
        lines.accept(text(cut));
        System.arraycopy(line, cut, line, 0, length - cut);
        length -= cut;
    }

    /**
     * Where the buffer's last whole character ends: before a lead byte (0b11xxxxxx) among the last three bytes whose
     * sequence is not complete yet, else at the end. Other bytes that are not UTF-8 are "characters" of one byte.
     */
    private int wholeCharactersEnd() {
        for (int i = length - 1; i >= length - (MIN_LINE_BYTES - 1); i--) {
            int c = line[i] & 0xFF;
            if (c >= 0xC0) {
                int needs = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
                return length - i < needs ? i : length;
            }
        }
        return length;
    }

    private String text(int end) {
        return new String(line, 0, end, StandardCharsets.UTF_8);
    }
}
