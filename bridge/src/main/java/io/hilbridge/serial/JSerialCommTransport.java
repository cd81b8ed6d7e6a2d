package io.hilbridge.serial;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real serial port through jSerialComm 2.11.4, with what was measured on real boards:
 * <ul>
 *   <li>DTR and RTS follow the {@link LinePolicy} of the port's adapter family and the OS: preset before
 *       {@code openPort()}, set together right after it and before closing, and pulsed only for a requested
 *       {@link #boardReset() reset} (docs/serial-lines.md);</li>
 *   <li>{@code flushIOBuffers()} right after opening a real port, so stale bytes do not reach the decoder (not on a
 *       pty, where the first bytes are an emulated board's boot text);</li>
 *   <li>one reader thread in {@code TIMEOUT_READ_SEMI_BLOCKING}; a read of -1 means the port is gone (the
 *       PORT_DISCONNECTED listener of 2.11.4 fires in a tight loop, so it is not used);</li>
 *   <li>{@code isOpen()} stays true after an unplug and {@code writeBytes} then returns 0: 0 is a failure;</li>
 *   <li>{@code writeBytes} can block forever on a stalled device, so writes run on their own thread and the reader
 *       thread, which wakes at least every read timeout, acts as the watchdog;</li>
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
    private static final int WRITE_QUEUE = 64;

    private final String path;
    private final String serialNumber;
    private final int baud;
    private final long writeStallNanos;
    private Connection current; // guarded by this
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
        this.serialNumber = serialNumber == null ? "" : serialNumber;
        this.baud = baud;
        this.writeStallNanos = TimeUnit.MILLISECONDS.toNanos(writeStallMillis);
    }

    @Override
    public void open(Listener listener) throws IOException {
        if (listener == null) throw new IllegalArgumentException("listener is null");
        close();
        String where = path;
        if (!serialNumber.isEmpty()) {
            where = SerialPorts.findBySerialNumber(serialNumber)
                    .map(PortInfo::path)
                    .orElse(path);
        }
        SerialPort port;
        try {
            port = SerialPort.getCommPort(where); // a new object on every open
        } catch (SerialPortInvalidPortException e) {
            throw new IOException(OpenAdvice.system().openFailed(where, openedBefore, -1, -1), e);
        }
        port.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        boolean pty = isPseudoTerminal(where);
        LinePolicy policy = LinePolicy.of(pty ? AdapterFamily.UNKNOWN : familyOf(port, where), HostOs.current());
        ModemLines lines = new JSerialCommLines(port);
        policy.beforeOpen(lines);
        port.setComPortTimeouts(
                SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING, READ_TIMEOUT_MS, 0);
        if (!port.openPort()) {
            throw new IOException(OpenAdvice.system()
                    .openFailed(where, openedBefore, port.getLastErrorCode(), port.getLastErrorLocation()));
        }
        if (!pty) policy.afterOpen(lines); // first: the lines' state right after the OS opened the port matters
        openedBefore = true;
        OpenAdvice.system().afterOpen(where); // FTDI latency timer, other processes holding the port
        // A pty holds no stale bytes from a previous device, only what its far end (an emulated board, which may
        // start the moment the port opens) has already said: keep that.
        if (!pty) port.flushIOBuffers();
        lineBaud = pty ? 0 : baud;
        Connection c = new Connection(port, where, listener, pty ? null : policy, lines);
        synchronized (this) {
            current = c;
        }
        c.start();
        log.debug("opened {} at {} baud ({})", where, baud, pty ? "pseudo-terminal, no lines" : policy.describe());
    }

    /** The line reset of the open port's adapter family, if it has one (see {@link LinePolicy}). */
    @Override
    public Optional<BoardReset> boardReset() {
        Connection c;
        synchronized (this) {
            c = current;
        }
        if (c == null || c.policy == null || !c.policy.resetsByLines()) return Optional.empty();
        return Optional.of(new BoardReset() {
            @Override
            public void reset() throws IOException, InterruptedException {
                c.policy.reset(c.lines, LinePolicy.Pause.SLEEP);
            }

            @Override
            public String describe() {
                return c.policy.describe();
            }
        });
    }

    @Override
    public boolean write(byte[] data) {
        Connection c;
        synchronized (this) {
            c = current;
        }
        return c != null && c.offer(data);
    }

    @Override
    public void close() {
        Connection c;
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

    /** One open port with its reader and writer threads. */
    private final class Connection {
        private final SerialPort port;
        private final String where;
        private final Listener listener;
        /** Null on a pseudo-terminal, which has no modem lines. */
        private final LinePolicy policy;

        private final ModemLines lines;
        private final BlockingQueue<byte[]> writes = new ArrayBlockingQueue<>(WRITE_QUEUE);
        private final AtomicBoolean ended = new AtomicBoolean();
        private final Thread reader;
        private final Thread writer;
        private volatile boolean running = true;
        /** System.nanoTime() when the current write started, or 0 when no write is in progress. */
        private volatile long writeStarted;

        Connection(SerialPort port, String where, Listener listener, LinePolicy policy, ModemLines lines) {
            this.port = port;
            this.where = where;
            this.listener = listener;
            this.policy = policy;
            this.lines = lines;
            String name = where.substring(where.lastIndexOf('/') + 1);
            this.reader = new Thread(this::readLoop, "hilbridge-serial-rx-" + name);
            this.writer = new Thread(this::writeLoop, "hilbridge-serial-tx-" + name);
            reader.setDaemon(true);
            writer.setDaemon(true);
        }

        void start() {
            reader.start();
            writer.start();
        }

        boolean offer(byte[] data) {
            return running && writes.offer(data.clone());
        }

        private void readLoop() {
            byte[] buf = new byte[512];
            while (running) {
                int n;
                try {
                    n = port.readBytes(buf, buf.length);
                } catch (RuntimeException e) {
                    end("read failed: " + e);
                    return;
                }
                if (n < 0) {
                    end("the port is gone (read returned -1)");
                    return;
                }
                if (n > 0 && running) listener.onBytes(buf, 0, n);
                long started = writeStarted;
                if (started != 0 && System.nanoTime() - started > writeStallNanos) {
                    end("a write has not returned for " + TimeUnit.NANOSECONDS.toMillis(writeStallNanos)
                            + " ms (stalled device)");
                    return;
                }
            }
        }

        private void writeLoop() {
            try {
                while (running) {
                    byte[] data = writes.poll(READ_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                    if (data == null) continue;
                    int off = 0;
                    while (off < data.length && running) {
                        writeStarted = System.nanoTime();
                        int n = port.writeBytes(data, data.length - off, off);
                        writeStarted = 0;
                        if (n <= 0) {
                            // 2.11.4 keeps isOpen() true after an unplug and returns 0 here.
                            end("write failed (writeBytes returned " + n + ")");
                            return;
                        }
                        off += n;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                end("write failed: " + e);
            }
        }

        /** Reports the end once; the link then calls {@link JSerialCommTransport#close()}. */
        private void end(String reason) {
            if (!ended.compareAndSet(false, true)) return;
            running = false;
            log.debug("{}: {}", where, reason);
            if (currentIs(this)) listener.onDisconnect(reason);
        }

        void close() {
            ended.set(true); // a close is not a disconnect to report
            running = false;
            writer.interrupt();
            if (policy != null) policy.beforeClose(lines);
            port.closePort();
            Thread self = Thread.currentThread();
            try {
                if (self != reader) reader.join(1000);
                if (self != writer) writer.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (writer.isAlive()) log.warn("{}: the writer thread is stuck in writeBytes; abandoning it", where);
        }
    }

    private synchronized boolean currentIs(Connection c) {
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

    /**
     * The adapter family of the port: from jSerialComm's USB ids, or, for a path it did not enumerate itself (a
     * by-id symlink given with --serial), from the listed port behind the same device node.
     */
    private static AdapterFamily familyOf(SerialPort port, String where) {
        if (port.getVendorID() >= 0 && port.getProductID() >= 0) {
            return AdapterFamily.of(port.getVendorID(), port.getProductID());
        }
        String real = realPath(where);
        for (PortInfo p : SerialPorts.list()) {
            if (p.vid() >= 0 && real.equals(realPath(p.path()))) return AdapterFamily.of(p);
        }
        return AdapterFamily.UNKNOWN;
    }

    private static String realPath(String device) {
        try {
            return java.nio.file.Path.of(device).toRealPath().toString();
        } catch (IOException | RuntimeException e) {
            return device;
        }
    }

    private static boolean isPseudoTerminal(String device) {
        try {
            return java.nio.file.Path.of(device).toRealPath().toString().startsWith("/dev/pts/");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
