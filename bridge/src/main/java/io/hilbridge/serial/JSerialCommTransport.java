package io.hilbridge.serial;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real serial port through jSerialComm 2.11.4, with what was measured on real boards:
 * <ul>
 *   <li>DTR and RTS follow the {@link LinePolicy} of the port's adapter family and the OS, in the order of
 *       {@link PortOpening} (preset, open, resting levels, stale bytes dropped; a pty gets neither of the last two),
 *       and are pulsed only for a requested {@link #boardReset() reset} (docs/serial-lines.md);</li>
 *   <li>one reader thread in {@code TIMEOUT_READ_SEMI_BLOCKING} and one writer thread with a watchdog
 *       ({@link PortConnection}: what a read of -1, a write of 0 and a stalled write mean);</li>
 *   <li>every {@link #open} uses a new {@code SerialPort} object: reopening an old one after an unplug can connect
 *       to a different device;</li>
 *   <li>a per-process native-library directory ({@code fazecast.jSerialComm.appid}), set before the first use.</li>
 * </ul>
 * When constructed from a {@link PortInfo} with a USB serial number, each open looks the board up by that number
 * first, so a board that comes back under another path after an unplug is found again.
 *
 * <p>Thread-safety: all methods may be called from any thread. Callbacks come from the reader thread
 * ({@code onBytes}, {@code onDisconnect}) or the writer thread ({@code onDisconnect}); at most one
 * {@code onDisconnect} per open.
 */
public final class JSerialCommTransport implements SerialTransport {
    static {
        NativeLibrary.ensureAppId();
    }

    private static final Logger log = LoggerFactory.getLogger(JSerialCommTransport.class);
    private static final int READ_TIMEOUT_MS = 100;

    private final String path;
    private final String serialNumber;
    private final int baud;
    private final long writeStallNanos;
    private PortConnection current; // guarded by this
    /** The line rate of the device opened last: 0 for a pseudo-terminal, which has none (see {@link #baud()}). */
    private volatile int lineBaud;
    /** An open succeeded once: a later "not there" means the port vanished, not that the name is wrong. */
    private volatile boolean openedBefore;

    public JSerialCommTransport(String path, int baud) {
        this(path, "", baud, 2000);
    }

    /** Follows the board by USB serial number when it has one (see class comment). */
    public JSerialCommTransport(PortInfo port, int baud) {
        this(port.path(), port.serialNumber(), baud, 2000);
    }

    /**
     * @param writeStallMillis a write that has not returned after this long ends the connection (the watchdog)
     */
    public JSerialCommTransport(String path, String serialNumber, int baud, long writeStallMillis) {
        if (path == null || path.isBlank()) throw new IllegalArgumentException("serial port path is empty");
        if (baud <= 0) throw new IllegalArgumentException("baud must be > 0: " + baud);
        if (writeStallMillis <= 0) throw new IllegalArgumentException("writeStallMillis must be > 0");
        this.path = path;
        this.serialNumber = serialNumber; // null or blank: none (SerialPorts.findBySerialNumber)
        this.baud = baud;
        this.writeStallNanos = TimeUnit.MILLISECONDS.toNanos(writeStallMillis);
    }

    @Override
    public void open(Listener listener) throws IOException {
        if (listener == null) throw new IllegalArgumentException("listener is null");
        close();
        String where =
                SerialPorts.findBySerialNumber(serialNumber).map(PortInfo::path).orElse(path);
        SerialPort port;
        try {
            port = SerialPort.getCommPort(where); // a new object on every open
        } catch (SerialPortInvalidPortException e) {
            throw new IOException(OpenAdvice.system().openFailed(where, openedBefore, -1, -1), e);
        }
        port.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        port.setComPortTimeouts(
                SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING, READ_TIMEOUT_MS, 0);
        boolean pty = TtyDevice.of(where).pseudoTerminal();
        LinePolicy policy = PortOpening.policy(
                pty, port.getVendorID(), port.getProductID(), where, SerialPorts::list, HostOs.current());
        RawPort raw = new JSerialCommPort(port);
        if (!PortOpening.open(raw, policy, pty)) {
            throw new IOException(OpenAdvice.system()
                    .openFailed(where, openedBefore, port.getLastErrorCode(), port.getLastErrorLocation()));
        }
        openedBefore = true;
        OpenAdvice.system().afterOpen(where); // FTDI latency timer, other processes holding the port
        lineBaud = pty ? 0 : baud;
        PortConnection c = new PortConnection(
                raw,
                where,
                listener,
                pty ? null : policy,
                new WriteWatchdog(writeStallNanos),
                System::nanoTime,
                this::currentIs);
        synchronized (this) {
            current = c;
        }
        c.start();
        log.debug("opened {} at {} baud ({})", where, baud, pty ? "pseudo-terminal, no lines" : policy.describe());
    }

    /** The line reset of the open port's adapter family, if it has one (see {@link LinePolicy}). */
    @Override
    public Optional<BoardReset> boardReset() {
        PortConnection c;
        synchronized (this) {
            c = current;
        }
        if (c == null || c.policy() == null || !c.policy().resetsByLines()) return Optional.empty();
        return Optional.of(new BoardReset() {
            @Override
            public void reset() throws IOException, InterruptedException {
                c.policy().reset(c.lines(), LinePolicy.Pause.SLEEP);
            }

            @Override
            public String describe() {
                return c.policy().describe();
            }
        });
    }

    @Override
    public boolean write(byte[] data) {
        PortConnection c;
        synchronized (this) {
            c = current;
        }
        return c != null && c.offer(data);
    }

    @Override
    public void close() {
        PortConnection c;
        synchronized (this) {
            c = current;
            current = null;
        }
        if (c != null) c.close();
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String describe() {
        return path + " @ " + baud;
    }

    private synchronized boolean currentIs(PortConnection c) {
        return current == c;
    }

    /**
     * The configured baud rate, or 0 when the device is a pseudo-terminal (hilbridge-sim, the emulated board): a pty
     * moves bytes as fast as they come, so pacing writes to a baud rate there would only add delay.
     */
    @Override
    public int baud() {
        return lineBaud;
    }
}
