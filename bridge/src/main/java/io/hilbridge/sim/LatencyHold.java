package io.hilbridge.sim;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The receive side of an FTDI USB-serial chip (FTDI AN232B-04): bytes from the board wait in the chip until a USB
 * packet is full (62 data bytes) or the latency timer runs out; the timer counts from the chip's last packet to the
 * host and restarts with every packet, so an idle chip sends (an empty packet) once per period. Put in front of the
 * simulated board's board-to-host wire with {@code latency=16ms} to see what the default timer costs, and
 * {@code latency=1ms} for what the udev rule gives.
 *
 * <p>Thread-safety: {@link #accept} is called from the wire's thread; the timer runs on this hold's own thread;
 * deliveries happen under one lock, so bytes reach the sink in order.
 */
final class LatencyHold implements Consumer<byte[]>, AutoCloseable {
    /** User bytes in one full-speed USB packet of an FTDI chip (64 bytes less 2 status bytes). */
    static final int PACKET = 62;

    private final Consumer<byte[]> sink;
    private final long periodNanos;
    private final Thread timer;
    private final ByteArrayOutputStream held = new ByteArrayOutputStream(256); // guarded by this
    private long lastPacketNanos = System.nanoTime(); // guarded by this
    private volatile boolean running = true;

    LatencyHold(String name, Duration period, Consumer<byte[]> sink) {
        if (period.isNegative() || period.isZero()) throw new IllegalArgumentException("latency must be > 0");
        this.sink = sink;
        this.periodNanos = period.toNanos();
        this.timer = new Thread(this::run, name);
        timer.setDaemon(true);
        timer.start();
    }

    /** Bytes that arrived from the board: held, except every full packet, which goes at once. */
    @Override
    public synchronized void accept(byte[] bytes) {
        held.write(bytes, 0, bytes.length);
        if (held.size() < PACKET) return;
        byte[] all = held.toByteArray();
        int full = all.length - all.length % PACKET;
        held.reset();
        held.write(all, full, all.length - full);
        for (int off = 0; off < full; off += PACKET) sink.accept(java.util.Arrays.copyOfRange(all, off, off + PACKET));
        lastPacketNanos = System.nanoTime();
    }

    /** Forgets held bytes (the cable was pulled). */
    synchronized void clear() {
        held.reset();
    }

    private void run() {
        while (running) {
            long deadline;
            synchronized (this) {
                deadline = lastPacketNanos + periodNanos;
            }
            long left = deadline - System.nanoTime();
            if (left > 0) {
                LockSupport.parkNanos(this, left);
                continue; // a full packet may have restarted the timer meanwhile
            }
            synchronized (this) {
                if (System.nanoTime() - lastPacketNanos < periodNanos) continue;
                if (held.size() > 0) {
                    sink.accept(held.toByteArray());
                    held.reset();
                }
                lastPacketNanos = System.nanoTime();
            }
        }
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(timer);
        try {
            timer.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
