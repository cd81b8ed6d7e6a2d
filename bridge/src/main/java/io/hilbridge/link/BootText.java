package io.hilbridge.link;

import java.util.Locale;

/**
 * Reads the text a board prints outside frames, which the {@link FrameDecoder} drops as noise: the ESP32 ROM's boot
 * banner ({@code ESP-ROM:esp32c3-api1-20210207}, {@code rst:0x1 (POWERON_RESET),boot:0x3 (DOWNLOAD_BOOT(...))},
 * {@code waiting for download}) and ESP-IDF log lines ({@code I (312) cpu_start: ...}). It keeps only three flags and
 * one line of at most {@link #MAX_LINE} characters, so feeding it every byte costs little and no memory grows.
 *
 * <p>Not thread-safe: fed from one link task at a time.
 */
public final class BootText {
    static final int MAX_LINE = 160;

    private final StringBuilder line = new StringBuilder(MAX_LINE);
    private boolean romBanner;
    private boolean downloadMode;
    private boolean consoleLog;

    public void feed(byte[] data) {
        for (byte b : data) feed(b);
    }

    public void feed(byte b) {
        int c = b & 0xFF;
        if (c == '\n' || c == '\r' || c == 0) {
            endLine();
        } else if (c >= 0x20 && c < 0x7F) {
            if (line.length() == MAX_LINE) endLine();
            line.append((char) c);
        }
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

    /** Forgets everything (a new connection). */
    public void reset() {
        line.setLength(0);
        romBanner = downloadMode = consoleLog = false;
    }

    private void endLine() {
        if (line.length() == 0) return;
        String l = line.toString();
        line.setLength(0);
        String lower = l.toLowerCase(Locale.ROOT);
        if (l.startsWith("ESP-ROM:") || l.matches(".*rst:0x\\p{XDigit}+ \\(.*")) romBanner = true;
        if (lower.contains("waiting for download") || l.matches(".*boot:0x\\p{XDigit}+ \\(DOWNLOAD.*")) {
            romBanner = true;
            downloadMode = true;
        }
        if (l.matches("[EWIDV] \\(\\d+\\) .*")) consoleLog = true;
    }
}
