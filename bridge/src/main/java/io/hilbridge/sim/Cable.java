package io.hilbridge.sim;

import io.hilbridge.serial.SerialTransport;

import java.io.IOException;
import java.time.Duration;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The USB cable between a simulated board and its host: a {@link Wire} each way (each with its own thread, the
 * simulated baud rate and the per-byte faults), an FTDI-like adapter's {@link LatencyHold} on the way to the host
 * when the faults ask for one, whether the cable is plugged in, and the host attached at the far end (a
 * {@link LoopbackTransport}). Pulling it loses the bytes on the wires and tells the host, like a vanished port.
 *
 * <p>Thread-safety: every method may be called from any thread; plugging and attaching are guarded by this cable's
 * lock, bytes are delivered on the wires' threads.
 */
final class Cable {
    /** The host side currently attached (a {@link LoopbackTransport} connection). */
    static final class Connection {
        final SerialTransport.Listener listener;

        Connection(SerialTransport.Listener listener) {
            this.listener = listener;
        }
    }

    private final String boardName;
    private final Wire toBoard;
    private final Wire toHost;
    /** An FTDI-like adapter's latency timer on the board-to-host side ({@code latency=16ms}), or null. */
    private final LatencyHold hold;

    private volatile Connection connection;
    private volatile boolean plugged = true;

    /** {@code toBoardSink} gets the host's bytes as they arrive at the board, on the host-to-board wire's thread. */
    Cable(String boardName, int baud, Faults faults, long seed, Consumer<byte[]> toBoardSink) {
        this(boardName, baud, faults, seed, toBoardSink, false);
    }

    /**
     * {@code inline}: wires without threads (unthrottled, no adapter latency), delivering on the sender's thread, for
     * a board on a test's virtual clock.
     */
    Cable(String boardName, int baud, Faults faults, long seed, Consumer<byte[]> toBoardSink, boolean inline) {
        this.boardName = boardName;
        Random toBoardRandom = new Random(seed ^ 0x5DEECE66DL);
        Random toHostRandom = new Random(seed ^ 0xB5AD4ECEDAL);
        if (inline) {
            if (baud != 0 || faults.adapterLatency() != null) {
                throw new IllegalArgumentException("an inline cable has no baud rate and no adapter latency");
            }
            this.hold = null;
            this.toBoard = Wire.inline(faults, toBoardRandom, toBoardSink);
            this.toHost = Wire.inline(faults, toHostRandom, this::deliverToHost);
            return;
        }
        this.toBoard = new Wire("hilbridge-sim-" + boardName + "-rx", baud, faults, toBoardRandom, toBoardSink);
        Duration latency = faults.adapterLatency();
        this.hold = latency == null
                ? null
                : new LatencyHold("hilbridge-sim-" + boardName + "-latency", latency, this::deliverToHost);
        this.toHost = new Wire(
                "hilbridge-sim-" + boardName + "-tx",
                baud,
                faults,
                toHostRandom,
                hold != null ? hold : this::deliverToHost);
    }

    boolean plugged() {
        return plugged;
    }

    /** Bytes from the board onto the board-to-host wire. */
    void sendToHost(byte[] bytes) {
        toHost.send(bytes);
    }

    /** True when the board's transmitter has sent everything it was given. */
    boolean toHostIdle() {
        return toHost.idle();
    }

    synchronized Connection attach(SerialTransport.Listener listener) throws IOException {
        if (!plugged) throw new IOException("simulated board " + boardName + " is unplugged");
        if (connection != null) throw new IOException("simulated board " + boardName + " is already open");
        Connection c = new Connection(listener);
        connection = c;
        return c;
    }

    synchronized void detach(Connection c) {
        if (connection == c) connection = null;
    }

    /** Bytes from the host onto the host-to-board wire; false when {@code c} is no longer attached or unplugged. */
    boolean hostWrite(Connection c, byte[] data) {
        if (connection != c || !plugged) return false;
        toBoard.send(data);
        return true;
    }

    private void deliverToHost(byte[] data) {
        Connection c = connection;
        if (c != null && plugged) c.listener.onBytes(data, 0, data.length);
    }

    /** Pulls the cable: bytes on the way are lost, the host is told. False when it was already unplugged. */
    boolean unplug() {
        Connection c;
        synchronized (this) {
            if (!plugged) return false;
            plugged = false;
            c = connection;
            connection = null;
        }
        toBoard.clear();
        toHost.clear();
        if (hold != null) hold.clear();
        if (c != null) c.listener.onDisconnect("unplugged (simulated)");
        return true;
    }

    /** Plugs the cable back in. False when it was plugged already. */
    synchronized boolean replug() {
        if (plugged) return false;
        plugged = true;
        return true;
    }

    /** Nanoseconds a byte takes on the wire (0 when unthrottled). */
    long byteNanos() {
        return toHost.byteNanos();
    }

    /** How late chunks arrived after their simulated end of transmission, over both wires: {mean, max, chunks}. */
    long[] lateness() {
        long[] a = toBoard.lateness();
        long[] b = toHost.lateness();
        long n = a[2] + b[2];
        return new long[] {n == 0 ? 0 : (a[0] * a[2] + b[0] * b[2]) / n, Math.max(a[1], b[1]), n};
    }

    void tap(SimulatedBoard.WireTap tap) {
        toBoard.tap(
                tap == null ? null : (bytes, sent, start, arrived) -> tap.onArrived(true, bytes, sent, start, arrived));
        toHost.tap(
                tap == null
                        ? null
                        : (bytes, sent, start, arrived) -> tap.onArrived(false, bytes, sent, start, arrived));
    }

    /** Stops the wires' and the adapter's threads; bytes on the way are lost. */
    void closeWires() {
        toBoard.close();
        toHost.close();
        if (hold != null) hold.close();
    }

    /** Tells the attached host, if any, that the port is gone ({@code reason}), and forgets it. */
    void disconnect(String reason) {
        Connection c = connection;
        connection = null;
        if (c != null) c.listener.onDisconnect(reason);
    }
}
