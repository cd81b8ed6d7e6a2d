package io.hilbridge.link;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads the text a board prints outside frames, which the {@link FrameDecoder} drops as noise: the ESP32 ROM's boot
 * banner ({@code ESP-ROM:esp32c3-api1-20210207}, {@code rst:0x1 (POWERON_RESET),boot:0x3 (DOWNLOAD_BOOT(...))},
 * {@code waiting for download}) and ESP-IDF log lines ({@code I (312) cpu_start: ...}). Only printable ASCII counts:
 * other bytes are skipped, the line goes on. A {@link LineSplitter} cuts the lines (its rules for CR, LF, NUL and
 * lines longer than {@link #MAX_LINE} characters). It keeps only three flags and that one line, so feeding it every
 * byte costs little and no memory grows.
 *
 * <p>Not thread-safe: fed from one link task at a time.
 */
public final class BootText {
    static final int MAX_LINE = 160;

    private final LineSplitter lines = new LineSplitter(MAX_LINE, this::read);
    private boolean romBanner;
    private boolean downloadMode;
    private boolean consoleLog;

    public void feed(byte[] data) {
        for (byte b : data) feed(b);
    }

    public void feed(byte b) {
        int c = b & 0xFF;
        boolean lineBreakOrDelimiter = c == '\n' || c == '\r' || c == 0;
        if (lineBreakOrDelimiter || (c >= 0x20 && c < 0x7F)) lines.feed(b);
    }

    /** The ROM printed its reset/boot banner: the chip (re)booted on this port. */
    public boolean romBanner() {
        return romBanner;
    }

    /** The ROM said it waits for a download: the chip is in download mode (IO0 was low at reset). */
    public boolean downloadMode() {
        return downloadMode;
    }

    /** ESP-IDF log lines arrived: the firmware's console shares the port with the protocol. */
    public boolean consoleLog() {
        return consoleLog;
    }

    /**
     * Whether a run the decoder dropped (its first {@code length} bytes) was the ESP32 ROM's boot text: text
     * (printable ASCII, line breaks, tabs, the escape of ANSI colours) with at most {@link #MAX_GLITCH_BYTES} other
     * bytes, holding one of the ROM's own lines: its reset banner ({@code ESP-ROM:}, {@code rst:0x1 (}), its download
     * notice, or the loader's {@code load:0x} / {@code entry 0x} lines (the tail the host sees when it opened the
     * port while the ROM was printing). A board prints it on every (re)start, so the bridge counts it apart from
     * damage on the wire. ESP-IDF log lines alone are not boot text: they mean console and protocol share the port,
     * which is a set-up fault. Allocates nothing.
     */
    public static boolean isRomBootText(byte[] run, int length) {
        int glitches = 0;
        for (int i = 0; i < length; i++) {
            if (!isText(run[i]) && ++glitches > MAX_GLITCH_BYTES) return false;
        }
        return indexOf(run, length, ROM_PREFIX, 0) >= 0
                || indexOf(run, length, DOWNLOAD_NOTICE, 0) >= 0
                || indexOf(run, length, LOADER_LOAD, 0) >= 0
                || indexOf(run, length, LOADER_ENTRY, 0) >= 0
                || hasResetLine(run, length);
    }

    /** Bytes a run of boot text may hold that are not text: a glitch on the line while the chip powered up. */
    static final int MAX_GLITCH_BYTES = 2;

    private static final byte[] ROM_PREFIX = ascii("ESP-ROM:");
    private static final byte[] DOWNLOAD_NOTICE = ascii("waiting for download");
    private static final byte[] RESET_CAUSE = ascii("rst:0x");
    private static final byte[] LOADER_LOAD = ascii("load:0x");
    private static final byte[] LOADER_ENTRY = ascii("entry 0x");

    private static boolean isText(byte b) {
        return (b >= 0x20 && b < 0x7F) || b == '\r' || b == '\n' || b == '\t' || b == 0x1B;
    }

    /** {@code rst:0x<hex> (}: the ROM's reset cause, the line every ESP32 family chip prints first or second. */
    private static boolean hasResetLine(byte[] run, int length) {
        for (int at = indexOf(run, length, RESET_CAUSE, 0); at >= 0; at = indexOf(run, length, RESET_CAUSE, at + 1)) {
            int i = at + RESET_CAUSE.length;
            int digits = 0;
            while (i < length && Character.digit(run[i], 16) >= 0) {
                i++;
                digits++;
            }
            if (digits > 0 && i + 1 < length && run[i] == ' ' && run[i + 1] == '(') return true;
        }
        return false;
    }

    private static int indexOf(byte[] run, int length, byte[] pattern, int from) {
        outer:
        for (int i = from; i + pattern.length <= length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (run[i + j] != pattern[j]) continue outer;
            }
            return i;
        }
        return -1;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Forgets everything (a new connection). */
    public void reset() {
        lines.drop();
        romBanner = downloadMode = consoleLog = false;
    }

    private void read(String l) {
        String lower = l.toLowerCase(Locale.ROOT);
        if (l.startsWith("ESP-ROM:") || l.matches(".*rst:0x\\p{XDigit}+ \\(.*")) romBanner = true;
        if (lower.contains("waiting for download") || l.matches(".*boot:0x\\p{XDigit}+ \\(DOWNLOAD.*")) {
            romBanner = true;
            downloadMode = true;
        }
        if (l.matches("[EWIDV] \\(\\d+\\) .*")) consoleLog = true;
    }
}
