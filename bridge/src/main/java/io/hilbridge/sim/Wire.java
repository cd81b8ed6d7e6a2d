package io.hilbridge.sim;

import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One direction of the simulated UART: chunks are delivered in order, each after its transmission time at the
 * simulated baud rate (10 bit times per byte: start, 8 data, stop), with the injector's bit flips, drops and
 * duplicates applied per byte. Like a real UART without flow control, a full buffer loses bytes.
 *
 * <p>An inline wire ({@link #inline}: unthrottled, for a board on a test's virtual clock) has no thread: {@link #send}
 * delivers on the sender's thread before it returns, so a test that drives the clock drives the whole exchange.
 *
 * <p>Thread-safety: {@link #send} may be called from any thread; delivery happens on the wire's own thread (on the
 * sender's, inline).
 */
final class Wire implements AutoCloseable {
    private static final Chunk POISON = new Chunk(new byte[0], 0);
    /**
     * Spin instead of park for the last stretch: a timed park overshoots, on a VM by 0.1 ms or more. Measured on the
     * project's 2-core VM (LinkBenchmark, 115200 baud): mean delivery lateness per frame 0.099 ms with 60 µs of spin,
     * 0.021 ms with 250 µs. Costs at most this much CPU per chunk delivered, and nothing while the wire is idle.
     */
    private static final long SPIN_NANOS = 250_000;

    private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(1024);
    private final Faults faults;
    private final Random random;
    private final Consumer<byte[]> sink;
    private volatile Tap tap;
    private final Thread thread;
    private volatile long byteNanos;
    private volatile boolean running = true;
    private long busyUntil;
    private final java.util.concurrent.atomic.LongAdder latenessNanos = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder latenessCount = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.AtomicLong latenessMax = new java.util.concurrent.atomic.AtomicLong();
    private long dropped;
    /** When the last byte sent will have left the transmitter (guarded by this). */
    private long senderBusyUntil;

    /** Bytes as the sender wrote them, and when: the wire starts them then, not when its thread gets to run. */
    private record Chunk(byte[] bytes, long sentNanos) {}

    /**
     * Sees each chunk as it arrives at the far end (after faults): when it was sent, when its first byte started on
     * the wire (after the chunks before it; = sent when unthrottled), and when it arrived.
     */
    interface Tap {
        void onArrived(byte[] bytes, long sentNanos, long startNanos, long arrivedNanos);
    }

    Wire(String name, int baud, Faults faults, Random random, Consumer<byte[]> sink) {
        this(name, baud, faults, random, sink, true);
    }

    private Wire(String name, int baud, Faults faults, Random random, Consumer<byte[]> sink, boolean threaded) {
        this.faults = faults;
        this.random = random;
        this.sink = sink;
        if (!threaded && baud != 0) throw new IllegalArgumentException("an inline wire is unthrottled");
        setBaud(baud);
        if (threaded) {
            this.thread = new Thread(this::run, name);
            thread.setDaemon(true);
            thread.start();
        } else {
            this.thread = null;
        }
    }

    /**
     * An unthrottled wire without a thread: each chunk, with its faults, reaches the sink inside {@link #send}. Only
     * unthrottled: a baud rate's transmission time is real time, which a virtual clock does not have.
     */
    static Wire inline(Faults faults, Random random, Consumer<byte[]> sink) {
        return new Wire(null, 0, faults, random, sink, false);
    }

    void setBaud(int baud) {
        if (baud < 0) throw new IllegalArgumentException("baud must be >= 0 (0 = unthrottled): " + baud);
        byteNanos = baud == 0 ? 0 : 10_000_000_000L / baud;
    }

    /** Nanoseconds one byte takes on this wire (0 when unthrottled). */
    long byteNanos() {
        return byteNanos;
    }

    void send(byte[] data) {
        if (!running || data.length == 0) return;
        long now = System.nanoTime();
        synchronized (this) {
            // The sender's view of the transmitter, by the same rule the wire's thread keeps time with (run()).
            senderBusyUntil = Math.max(now, senderBusyUntil) + byteNanos * data.length;
        }
        if (!queue.offer(new Chunk(data.clone(), now))) {
            synchronized (this) {
                dropped += data.length;
            }
        }
        if (thread == null) deliverQueued();
    }

    /** An inline wire's delivery: what is queued, in order, on this thread (a sink that sends again adds to it). */
    private void deliverQueued() {
        Chunk chunk;
        while (running && (chunk = queue.poll()) != null) deliver(chunk, chunk.sentNanos());
    }

    /** True when every byte sent so far has left the sender's transmitter (a UART's "TX done"). */
    synchronized boolean idle() {
        return byteNanos == 0 ? queue.isEmpty() : System.nanoTime() >= senderBusyUntil;
    }

    void tap(Tap t) {
        tap = t;
    }

    /** How late, on average and at worst, chunks were delivered after their simulated end of transmission. */
    long[] lateness() {
        long n = latenessCount.sum();
        return new long[] {n == 0 ? 0 : latenessNanos.sum() / n, latenessMax.get(), n};
    }

    synchronized long droppedBytes() {
        return dropped;
    }

    private void run() {
        try {
            while (running) {
                Chunk chunk = queue.poll(100, TimeUnit.MILLISECONDS);
                if (chunk == null) continue;
                if (chunk == POISON) break;
                long per = byteNanos;
                long start = chunk.sentNanos();
                if (per > 0) {
                    // Absolute deadlines from the moment the sender wrote the bytes: a late wake-up of this thread
                    // is caught up, not added to every frame.
                    start = Math.max(chunk.sentNanos(), busyUntil);
                    busyUntil = start + per * chunk.bytes().length;
                    waitUntil(busyUntil);
                    long late = System.nanoTime() - busyUntil;
                    latenessNanos.add(late);
                    latenessCount.increment();
                    latenessMax.accumulateAndGet(late, Math::max);
                }
                deliver(chunk, start);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliver(Chunk chunk, long start) {
        byte[] out = faults.corrupt(chunk.bytes(), random);
        if (out.length == 0) return;
        Tap t = tap;
        if (t != null) t.onArrived(out, chunk.sentNanos(), start, System.nanoTime());
        try {
            sink.accept(out);
        } catch (RuntimeException e) {
            // The far end's problem must not stop the wire.
            org.slf4j.LoggerFactory.getLogger(Wire.class).warn("sink failed", e);
        }
    }

    private static void waitUntil(long deadline) {
        long left;
        while ((left = deadline - System.nanoTime()) > SPIN_NANOS) {
            LockSupport.parkNanos(left - SPIN_NANOS);
        }
        while (deadline - System.nanoTime() > 0) {
            Thread.onSpinWait();
        }
    }

    /** Forgets bytes not yet delivered (the cable was pulled). */
    void clear() {
        queue.clear();
    }

    @Override
    public void close() {
        running = false;
        queue.clear();
        if (thread == null) return;
        queue.offer(POISON);
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
