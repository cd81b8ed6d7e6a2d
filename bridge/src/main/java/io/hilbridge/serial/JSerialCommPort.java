package io.hilbridge.serial;

import com.fazecast.jSerialComm.SerialPort;

/** {@link RawPort} over a jSerialComm 2.11.4 port configured by {@link JSerialCommTransport}. Thread-safety: as
 * {@link RawPort}. */
final class JSerialCommPort implements RawPort {
    private final SerialPort port;
    private final ModemLines lines;

    JSerialCommPort(SerialPort port) {
        this.port = port;
        this.lines = new JSerialCommLines(port);
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
