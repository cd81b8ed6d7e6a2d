package io.hilbridge.serial;

/**
 * One thing that keeps the bridge from talking to a board through a port, with what to do about it. The bridge logs
 * {@link #oneLine()} at start; {@code hilbridge doctor} prints the same {@code what} and {@code fix} per port. The
 * README's troubleshooting table has one row per {@link Kind}.
 *
 * <p>Immutable.
 */
public record PortProblem(Kind kind, String device, String what, String fix) {

    /** Every problem the bridge and the doctor recognise. */
    public enum Kind {
        /** No port to check: nothing with an ESP32 USB bridge is attached, or {@code --serial PATH} does not exist. */
        NOT_FOUND,
        /** The port was there and is gone (unplugged, or the board re-enumerated under another name). */
        VANISHED,
        /** This user may not open the device node (Linux: not in its group). */
        NO_PERMISSION,
        /** Another process has the port open and would steal or corrupt the board's bytes. */
        BUSY,
        /** ModemManager has the port open (it probes new ttyACM ports as modems). */
        MODEM_MANAGER,
        /** An FTDI adapter holds every read for its latency timer above 1 ms. */
        FTDI_LATENCY,
        /** The port opens but no hilbridge HELLO comes back. */
        NO_HELLO,
        /** The ESP32 ROM said it waits for a download: the chip is in download mode, not running the firmware. */
        DOWNLOAD_MODE
    }

    public PortProblem {
        if (kind == null || device == null || what == null || fix == null) throw new IllegalArgumentException("null");
    }

    /** {@code device: what. Fix: fix} on one line, for the log. */
    public String oneLine() {
        return device + ": " + what + ". Fix: " + fix;
    }
}
