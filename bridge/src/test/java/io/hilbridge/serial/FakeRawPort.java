package io.hilbridge.serial;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link RawPort} for the open-sequence and connection tests: its lines are a {@link SimulatedPortLines} (so the
 * board's reset logic sees every call), open/flush/close are recorded in the same call list, reads play a script
 * (bytes, -1 for "gone", an exception), and writes go to a buffer at most {@code chunk} bytes per call, or answer a
 * scripted count, or block like a stalled device. Thread-safe where {@link RawPort} needs it (the call list is
 * synchronized on this).
 */
final class FakeRawPort implements RawPort {
    /** How long a read waits for the script when it is empty, like a port's read timeout. */
    private static final long READ_TIMEOUT_MS = 5;

    private final SimulatedPortLines lines;
    private final boolean opens;
    private final BlockingQueue<Object> reads = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private volatile int chunk = Integer.MAX_VALUE;
    private volatile Integer writeAnswer;
    private volatile CountDownLatch writeGate;
    private volatile RuntimeException writeFailure;
    final CountDownLatch writeEntered = new CountDownLatch(1);
    volatile Thread readerThread;
    volatile Thread writerThread;
    private volatile boolean closed;

    FakeRawPort(SimulatedPortLines lines, boolean opens) {
        this.lines = lines;
        this.opens = opens;
    }

    /** A CP210x-style board on Linux that opens. */
    static FakeRawPort linux() {
        return new FakeRawPort(
                new SimulatedPortLines(HostOs.LINUX, SimulatedPortLines.Quirk.NONE, BoardChip.autoResetCircuit()),
                true);
    }

    /** The USB ids the port reports (a CP2102 unless changed; -1: none, as a pty). */
    volatile int vendorId = 0x10C4;

    volatile int productId = 0xEA60;

    /** What a failed open leaves as the library's last error. */
    static final int LAST_ERROR_CODE = 13;

    static final int LAST_ERROR_LOCATION = 421;

    @Override
    public int vendorId() {
        return vendorId;
    }

    @Override
    public int productId() {
        return productId;
    }

    @Override
    public int lastErrorCode() {
        return LAST_ERROR_CODE;
    }

    @Override
    public int lastErrorLocation() {
        return LAST_ERROR_LOCATION;
    }

    SimulatedPortLines simulated() {
        return lines;
    }

    void nextRead(byte[] bytes) {
        reads.add(bytes);
    }

    void nextReadGone() {
        reads.add(-1);
    }

    void nextReadFails(RuntimeException e) {
        reads.add(e);
    }

    /** Each write call takes at most this many bytes. */
    void chunk(int bytes) {
        chunk = bytes;
    }

    /** Every write call from now on returns {@code n} without writing. */
    void writeAnswers(int n) {
        writeAnswer = n;
    }

    /** Every write call from now on throws {@code e}. */
    void writesFail(RuntimeException e) {
        writeFailure = e;
    }

    /** Writes block (ignoring interrupts, like jSerialComm's) until the returned latch is released. */
    CountDownLatch stallWrites() {
        writeGate = new CountDownLatch(1);
        return writeGate;
    }

    synchronized byte[] written() {
        return written.toByteArray();
    }

    @Override
    public ModemLines lines() {
        return lines;
    }

    @Override
    public boolean open() {
        record("open");
        if (opens) lines.open();
        return opens;
    }

    @Override
    public void flush() {
        record("flush");
    }

    @Override
    public int read(byte[] buffer) {
        readerThread = Thread.currentThread();
        Object next;
        try {
            next = reads.poll(READ_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
        if (closed) return -1; // as a real port: closing it ends a read in progress with -1
        if (next == null) return 0;
        if (next instanceof RuntimeException e) throw e;
        if (next instanceof Integer n) return n;
        byte[] b = (byte[]) next;
        System.arraycopy(b, 0, buffer, 0, b.length);
        return b.length;
    }

    @Override
    public int write(byte[] data, int length, int offset) {
        writerThread = Thread.currentThread();
        writeEntered.countDown();
        CountDownLatch gate = writeGate;
        while (gate != null && gate.getCount() > 0) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                // a stalled device ignores the interrupt
            }
        }
        RuntimeException failure = writeFailure;
        if (failure != null) throw failure;
        Integer answer = writeAnswer;
        if (answer != null) return answer;
        int n = Math.min(length, chunk);
        synchronized (this) {
            written.write(data, offset, n);
        }
        return n;
    }

    @Override
    public void close() {
        record("close");
        closed = true;
        lines.close();
    }

    private void record(String call) {
        synchronized (lines) {
            lines.calls().add(call);
        }
    }
}
