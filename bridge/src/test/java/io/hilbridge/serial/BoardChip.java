package io.hilbridge.serial;

/**
 * What an ESP32 makes of the DTR/RTS levels that reach it, over time (ms), for the line-policy tests. Two kinds:
 * {@link #autoResetCircuit()} (a dev board's two cross-coupled transistors: RTS alone asserted pulls EN low, DTR
 * alone asserted pulls IO0 low; the chip samples IO0 while EN rises, modelled as a window after EN is released) and
 * {@link #usbSerialJtag()} (the chip's USB-Serial/JTAG peripheral: RTS alone resets, DTR alone marks the next boot as
 * a download boot). Not thread-safe.
 */
final class BoardChip {
    enum Mode {
        RUN,
        DOWNLOAD
    }

    /** How long after EN is released a low IO0 still selects download mode (EN's RC on dev boards is ~1-10 ms). */
    static final long STRAP_WINDOW_MS = 10;

    private final boolean usbJtag;
    private boolean dtr;
    private boolean rts;
    private boolean inReset;
    private long releasedAt = Long.MIN_VALUE / 2;
    private long resetStartedAt;
    private long longestResetMs;
    private boolean downloadLatch;
    private Mode mode = Mode.RUN;
    private int resets;
    private boolean everDownload;

    private BoardChip(boolean usbJtag) {
        this.usbJtag = usbJtag;
    }

    static BoardChip autoResetCircuit() {
        return new BoardChip(false);
    }

    static BoardChip usbSerialJtag() {
        return new BoardChip(true);
    }

    /** The levels as the board sees them (after any inversion in the adapter), from time {@code atMs} on. */
    void lines(boolean newDtr, boolean newRts, long atMs) {
        dtr = newDtr;
        rts = newRts;
        boolean enLow = rts && !dtr;
        boolean io0Low = dtr && !rts;
        if (enLow && !inReset) {
            inReset = true;
            resets++;
            resetStartedAt = atMs;
        } else if (!enLow && inReset) {
            inReset = false;
            releasedAt = atMs;
            longestResetMs = Math.max(longestResetMs, atMs - resetStartedAt);
            mode = usbJtag && downloadLatch ? Mode.DOWNLOAD : Mode.RUN;
            downloadLatch = false;
        }
        if (io0Low) {
            if (usbJtag) {
                downloadLatch = true;
            } else if (!inReset && atMs - releasedAt <= STRAP_WINDOW_MS) {
                mode = Mode.DOWNLOAD; // IO0 low while the chip samples its strapping pins
            }
        }
        if (mode == Mode.DOWNLOAD) everDownload = true;
    }

    int resets() {
        return resets;
    }

    boolean inReset() {
        return inReset;
    }

    Mode mode() {
        return mode;
    }

    boolean everDownload() {
        return everDownload;
    }

    long longestResetMs() {
        return longestResetMs;
    }

    boolean dtr() {
        return dtr;
    }

    boolean rts() {
        return rts;
    }
}
