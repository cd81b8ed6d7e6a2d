package io.hilbridge.serial;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

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
 * <p>The calls into jSerialComm are {@link JSerialCommPort}'s alone (reached by the socat tests); every rule here runs
 * against a fake {@link RawPort} in the unit tests.
 *
 * <p>Thread-safety: all methods may be called from any thread. Callbacks come from the reader thread
 * ({@code onBytes}, {@code onDisconnect}) or the writer thread ({@code onDisconnect}); at most one
 * {@code onDisconnect} per open.
 */
public final class JSerialCommTransport implements SerialTransport {
    private static final Logger log = LoggerFactory.getLogger(JSerialCommTransport.class);

    /** Makes the port object for a device path, configured for {@code baud}; throws when the name is refused. */
    @FunctionalInterface
    interface Ports {
        RawPort port(String where, int baud);
    }

    /** What an open needs from this machine: the library's ports, the listing, the advice, the OS, time, pauses. */
    record Host(
            Ports ports,
            Supplier<List<PortInfo>> listed,
            OpenAdvice advice,
            HostOs os,
            LongSupplier nanoTime,
            LinePolicy.Pause pause) {
        static Host system() {
            return new Host(
                    JSerialCommPort::configured,
                    SerialPorts::list,
                    OpenAdvice.system(),
                    HostOs.current(),
                    System::nanoTime,
                    LinePolicy.Pause.SLEEP);
        }
    }

    private final Host host;
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
        this(path, serialNumber, baud, writeStallMillis, Host.system());
    }

    JSerialCommTransport(String path, String serialNumber, int baud, long writeStallMillis, Host host) {
        if (path == null || path.isBlank()) throw new IllegalArgumentException("serial port path is empty");
        if (baud <= 0) throw new IllegalArgumentException("baud must be > 0: " + baud);
        if (writeStallMillis <= 0) throw new IllegalArgumentException("writeStallMillis must be > 0");
        this.path = path;
        this.serialNumber = serialNumber; // null or blank: none (SerialPorts.withSerialNumber)
        this.baud = baud;
        this.writeStallNanos = TimeUnit.MILLISECONDS.toNanos(writeStallMillis);
        this.host = host;
    }

    @Override
    public void open(Listener listener) throws IOException {
        if (listener == null) throw new IllegalArgumentException("listener is null");
        close();
        String where = SerialPorts.withSerialNumber(host.listed(), serialNumber)
                .map(PortInfo::path)
                .orElse(path);
        RawPort raw;
        try {
            raw = host.ports().port(where, baud); // a new object on every open
        } catch (RuntimeException e) { // jSerialComm's SerialPortInvalidPortException
            throw new IOException(host.advice().openFailed(where, openedBefore, -1, -1), e);
        }
        boolean pty = TtyDevice.of(where).pseudoTerminal();
        LinePolicy policy = PortOpening.policy(pty, raw.vendorId(), raw.productId(), where, host.listed(), host.os());
        if (!PortOpening.open(raw, policy, pty)) {
            throw new IOException(
                    host.advice().openFailed(where, openedBefore, raw.lastErrorCode(), raw.lastErrorLocation()));
        }
        openedBefore = true;
        host.advice().afterOpen(where); // FTDI latency timer, other processes holding the port
        lineBaud = pty ? 0 : baud;
        PortConnection c = new PortConnection(
                raw,
                where,
                listener,
                pty ? null : policy,
                new WriteWatchdog(writeStallNanos),
                host.nanoTime(),
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
                c.policy().reset(c.lines(), host.pause());
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
