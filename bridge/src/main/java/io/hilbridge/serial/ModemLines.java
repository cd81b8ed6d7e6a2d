package io.hilbridge.serial;

/**
 * The two modem control lines of one serial port, as the bridge drives them. Only whole-state changes exist here:
 * {@link #set} changes DTR and RTS in one call, because two separate calls leave a window with unequal levels, and
 * on an ESP32 dev board's auto-reset circuit unequal levels reset the chip or pull its boot pin (docs/serial-lines.md).
 * "Asserted" ({@code true}) is the RS-232 meaning, whatever voltage the adapter puts on the pin.
 *
 * <p>Implementations: {@link JSerialCommLines} over a real port, and a recording fake in the tests. Not thread-safe:
 * one port is driven by one thread at a time (its transport's).
 */
public interface ModemLines {

    /**
     * Before the port is opened: the levels it should open with, where the OS and driver let the library choose
     * (jSerialComm's {@code clearDTR}/{@code setDTR} and the RTS pair called before {@code openPort}).
     */
    void presetBeforeOpen(boolean dtr, boolean rts);

    /** On an open port: both lines in one call (jSerialComm's {@code setDTRandRTS}). False when the call failed. */
    boolean set(boolean dtr, boolean rts);
}
