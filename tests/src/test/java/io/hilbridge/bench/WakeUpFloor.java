package io.hilbridge.bench;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The machine's floor for a WebSocket round trip's pattern of wake-ups, with no bridge at all: a loopback TCP server
 * whose reading thread (the bridge's IO thread) blocks in a read, hands each 8-byte command to a second thread (the
 * wire) that holds it for the wire time and writes the answer back, to a client that blocks in its read (or spins).
 * What is left of the round trip after the hold is the price of waking the reading thread after it idled for about
 * a wire time, and of waking the client: what any server on this machine pays, however little it does.
 *
 * <p>Not thread-safe; one measurement at a time.
 */
final class WakeUpFloor {
    /** As the simulated wire: park, then spin the last stretch, so the hold itself is not late. */
    private static final long SPIN_NANOS = 250_000;

    private WakeUpFloor() {}

    /**
     * {@code n} round trips holding each command {@code holdNanos}; returns, sorted, each one's time outside the hold
     * in microseconds.
     */
    static long[] ownTimes(long holdNanos, boolean spin, int n) throws IOException, InterruptedException {
        AtomicLongArray read = new AtomicLongArray(n);
        AtomicLongArray written = new AtomicLongArray(n);
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                Socket server = listener.accept()) {
            client.setTcpNoDelay(true);
            server.setTcpNoDelay(true);
            BlockingQueue<long[]> toWire = new ArrayBlockingQueue<>(4);
            Thread io = new Thread(
                    () -> {
                        try {
                            DataInputStream in = new DataInputStream(server.getInputStream());
                            for (int i = 0; i < n; i++) {
                                long v = in.readLong();
                                read.set((int) v, System.nanoTime());
                                toWire.put(new long[] {v, read.get((int) v)});
                            }
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "floor-io");
            Thread wire = new Thread(
                    () -> {
                        try {
                            DataOutputStream out = new DataOutputStream(server.getOutputStream());
                            for (int i = 0; i < n; i++) {
                                long[] m = toWire.take();
                                waitUntil(m[1] + holdNanos);
                                written.set((int) m[0], System.nanoTime());
                                out.writeLong(m[0]);
                            }
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "floor-wire");
            io.setDaemon(true);
            wire.setDaemon(true);
            io.start();
            wire.start();
            InputStream raw = client.getInputStream();
            DataInputStream in = new DataInputStream(raw);
            DataOutputStream out = new DataOutputStream(client.getOutputStream());
            long[] own = new long[n];
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                out.writeLong(i);
                if (spin) {
                    while (raw.available() < 8) Thread.onSpinWait();
                }
                long v = in.readLong();
                long t1 = System.nanoTime();
                if (v != i) throw new IllegalStateException("answer " + v + " to command " + i);
                own[i] = ((t1 - t0) - (written.get(i) - read.get(i))) / 1000;
            }
            io.join(5_000);
            wire.join(5_000);
            Arrays.sort(own);
            return own;
        }
    }

    private static void waitUntil(long deadline) {
        long left;
        while ((left = deadline - System.nanoTime()) > SPIN_NANOS) LockSupport.parkNanos(left - SPIN_NANOS);
        while (deadline - System.nanoTime() > 0) Thread.onSpinWait();
    }
}
