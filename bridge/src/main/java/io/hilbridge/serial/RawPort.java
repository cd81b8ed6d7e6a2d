package io.hilbridge.serial;

/**
 * One serial device as {@link JSerialCommTransport} drives it: the few calls the open sequence and the connection's
 * reader and writer threads make, so those rules run against a fake port in the tests ({@link JSerialCommPort} is
 * the real one).
 *
 * <p>Thread-safety: {@link #read} is called from one thread, {@link #write} from another, {@link #close} from any
 * (jSerialComm allows this; closing wakes a blocked read); the rest before the threads start.
 */
interface RawPort {

    /** The USB vendor id the library reports for the device, -1 when it has none (a pty, a by-id link). */
    int vendorId();

    /** The USB product id, -1 when none. */
    int productId();

    /** The library's last error code, for the message of a failed open. */
    int lastErrorCode();

    /** Where in the library the last error happened (a source line), for the same message. */
    int lastErrorLocation();

    /** The port's DTR and RTS. */
    ModemLines lines();

    /** Opens the device; false when the OS refused. */
    boolean open();

    /** Drops bytes the device buffered before this open. */
    void flush();

    /** Waits up to the read timeout for bytes: how many were read, 0 when none came, -1 when the port is gone. */
    int read(byte[] buffer);

    /** Writes {@code data[offset, offset + length)}; how many bytes went out, 0 or less on failure. May block. */
    int write(byte[] data, int length, int offset);

    void close();
}
