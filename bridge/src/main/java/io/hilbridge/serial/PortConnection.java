package io.hilbridge.serial;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * One open port with its reader and writer threads, as measured on real boards with jSerialComm 2.11.4:
 * <ul>
 *   <li>a read of -1 means the port is gone (the library's PORT_DISCONNECTED listener fires in a tight loop);</li>
 *   <li>a write of 0 or less is a failure: after an unplug the port still says it is open and writes return 0;</li>
 *   <li>a write can block forever on a stalled device, so writes run on their own thread and the reader thread,
 *       which wakes at least every read timeout, ends the connection when one has not returned in time
 *       ({@link WriteWatchdog});</li>
 *   <li>the end is reported once, and only while this connection is still the transport's current one; a close is
 *       not an end to report;</li>
 *   <li>the lines go to their closing levels before the port closes (not on a pseudo-terminal: no policy).</li>
 * </ul>
 *
 * <p>Thread-safety: {@link #offer} and {@link #close} from any thread; the listener is called from the reader
 * thread ({@code onBytes}, {@code onDisconnect}) or the writer thread ({@code onDisconnect}).
 */
final class PortConnection {
    private static final Logger log = LoggerFactory.getLogger(PortConnection.class);
    /** Writes waiting for the writer thread; when full, {@link #offer} drops (the link's retransmit covers it). */
    static final int WRITE_QUEUE = 64;

    static final int POLL_MS = 100;

    /** How long a close waits for each thread before it gives a stuck writer up. */
    static final long JOIN_LIMIT_MS = 1000;

    private final RawPort port;
    private final String where;
    private final SerialTransport.Listener listener;
    /** Null on a pseudo-terminal, which has no modem lines. */
    private final LinePolicy policy;

    private final WriteWatchdog watchdog;
    private final LongSupplier nanoTime;
    private final Predicate<PortConnection> stillCurrent;
    private final long joinLimitMs;
    private final BlockingQueue<byte[]> writes = new ArrayBlockingQueue<>(WRITE_QUEUE);
    private final AtomicBoolean ended = new AtomicBoolean();
    private final Thread reader;
    private final Thread writer;
    private volatile boolean running = true;

    /**
     * @param policy       the lines' policy, null on a pseudo-terminal
     * @param stillCurrent whether the transport still holds this connection (an older one reports no end)
     */
    PortConnection(
            RawPort port,
            String where,
            SerialTransport.Listener listener,
            LinePolicy policy,
            WriteWatchdog watchdog,
            LongSupplier nanoTime,
            Predicate<PortConnection> stillCurrent) {
        this(port, where, listener, policy, watchdog, nanoTime, stillCurrent, JOIN_LIMIT_MS);
    }

    /** @param joinLimitMs how long {@link #close} waits for each thread (tests of a stuck writer: less) */
    PortConnection(
            RawPort port,
            String where,
            SerialTransport.Listener listener,
            LinePolicy policy,
            WriteWatchdog watchdog,
            LongSupplier nanoTime,
            Predicate<PortConnection> stillCurrent,
            long joinLimitMs) {
        this.port = port;
        this.where = where;
        this.listener = listener;
        this.policy = policy;
        this.watchdog = watchdog;
        this.nanoTime = nanoTime;
        this.stillCurrent = stillCurrent;
        this.joinLimitMs = joinLimitMs;
        String name = where.substring(where.lastIndexOf('/') + 1);
        this.reader = new Thread(this::readLoop, "hilbridge-serial-rx-" + name);
        this.writer = new Thread(this::writeLoop, "hilbridge-serial-tx-" + name);
        reader.setDaemon(true);
        writer.setDaemon(true);
    }

    /** The line policy, null on a pseudo-terminal. */
    LinePolicy policy() {
        return policy;
    }

    ModemLines lines() {
        return port.lines();
    }

    void start() {
        reader.start();
        writer.start();
    }

    /** Queues a copy of {@code data}; false when the connection ended or the queue is full. */
    boolean offer(byte[] data) {
        return running && writes.offer(data.clone());
    }

    private void readLoop() {
        byte[] buf = new byte[512];
        while (running) {
            int n;
            try {
                n = port.read(buf);
            } catch (RuntimeException e) {
                end("read failed: " + e);
                return;
            }
            if (n < 0) {
                end("the port is gone (read returned -1)");
                return;
            }
            if (n > 0) listener.onBytes(buf, 0, n); // bytes read as a close began are in flight: reported
            if (watchdog.stalled(nanoTime.getAsLong())) {
                end("a write has not returned for " + TimeUnit.NANOSECONDS.toMillis(watchdog.stallNanos())
                        + " ms (stalled device)");
                return;
            }
        }
    }

    private void writeLoop() {
        try {
            while (running) {
                byte[] data = writes.poll(POLL_MS, TimeUnit.MILLISECONDS);
                if (data == null) continue;
                int off = 0;
                while (off < data.length) { // after a close, the next write fails and the end is not reported
                    watchdog.writeStarted(nanoTime.getAsLong());
                    int n = port.write(data, data.length - off, off);
                    watchdog.writeEnded();
                    if (n <= 0) {
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

    /** Reports the end once; the link then calls the transport's close. */
    private void end(String reason) {
        if (!ended.compareAndSet(false, true)) return;
        running = false;
        log.debug("{}: {}", where, reason);
        if (stillCurrent.test(this)) listener.onDisconnect(reason);
    }

    /** Ends the connection without reporting it: lines to their closing levels, port closed, threads joined. */
    void close() {
        ended.set(true); // a close is not a disconnect to report
        running = false;
        writer.interrupt();
        if (policy != null) policy.beforeClose(port.lines());
        port.close();
        Thread self = Thread.currentThread();
        try {
            if (self != reader) reader.join(joinLimitMs);
            if (self != writer) writer.join(joinLimitMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) log.warn("{}: the writer thread is stuck in writeBytes; abandoning it", where);
    }
}
