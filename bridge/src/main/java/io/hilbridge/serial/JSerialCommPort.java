package io.hilbridge.serial;

import com.fazecast.jSerialComm.SerialPort;

/**
 * {@link RawPort} over a jSerialComm 2.11.4 port: the only calls into the library's port object, with no rules of
 * their own (those are {@link JSerialCommTransport}'s and {@link PortOpening}'s, tested on a fake port); reached by
 * the socat tests. Thread-safety: as {@link RawPort}.
 */
final class JSerialCommPort implements RawPort {
    static {
        NativeLibrary.ensureAppId();
    }

    /** A semi-blocking read returns after this long with nothing, so the reader thread checks the watchdog. */
    static final int READ_TIMEOUT_MS = 100;

    private final SerialPort port;
    private final ModemLines lines;

    private JSerialCommPort(SerialPort port) {
        this.port = port;
        this.lines = new JSerialCommLines(port);
    }

    /**
     * A new port object for {@code where} (never a reused one: after an unplug an old object can connect to another
     * device) at {@code baud} 8N1, no flow control, semi-blocking reads and blocking writes. Throws jSerialComm's
     * SerialPortInvalidPortException when it refuses the name.
     */
    static RawPort configured(String where, int baud) {
        SerialPort port = SerialPort.getCommPort(where);
        port.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        port.setComPortTimeouts(
                SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING, READ_TIMEOUT_MS, 0);
        return new JSerialCommPort(port);
    }

    @Override
    public int vendorId() {
        return port.getVendorID();
    }

    @Override
    public int productId() {
        return port.getProductID();
    }

    @Override
    public int lastErrorCode() {
        return port.getLastErrorCode();
    }

    @Override
    public int lastErrorLocation() {
        return port.getLastErrorLocation();
    }

    @Override
    public ModemLines lines() {
        return lines;
    }

    @Override
    public boolean open() {
        return port.openPort();
    }

    @Override
    public void flush() {
        port.flushIOBuffers();
    }

    @Override
    public int read(byte[] buffer) {
        return port.readBytes(buffer, buffer.length);
    }

    @Override
    public int write(byte[] data, int length, int offset) {
        return port.writeBytes(data, length, offset);
    }

    @Override
    public void close() {
        port.closePort();
    }
}
