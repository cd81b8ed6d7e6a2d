package io.hilbridge.serial;

import com.fazecast.jSerialComm.SerialPort;

/**
 * {@link ModemLines} over a jSerialComm 2.11.4 port. Before {@code openPort} the library only records the wish (and
 * on POSIX turns HUPCL off); after it, {@code setDTRandRTS} changes both lines with one ioctl (TIOCMSET) or one
 * Windows call, so the driver sends them to the adapter together (jSerialComm PR #598). Not thread-safe.
 */
final class JSerialCommLines implements ModemLines {
    private final SerialPort port;

    JSerialCommLines(SerialPort port) {
        this.port = port;
    }

    @Override
    public void presetBeforeOpen(boolean dtr, boolean rts) {
        if (dtr) port.setDTR();
        else port.clearDTR();
        if (rts) port.setRTS();
        else port.clearRTS();
    }

    @Override
    public boolean set(boolean dtr, boolean rts) {
        return port.setDTRandRTS(dtr, rts);
    }
}
