package io.hilbridge.ws;

import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;
import org.xnio.channels.StreamSourceChannel;
import org.xnio.conduits.StreamSinkConduit;
import org.xnio.conduits.WriteReadyHandler;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.TimeUnit;

/**
 * A socket's send side as the writer sees it, with the socket buffer under the test's control: {@link #room} bytes fit
 * until the peer "reads" ({@link #makeRoom}), so partial writes and a full socket happen when the test says, not when
 * the kernel does. Records what was written, whether writes are resumed (waiting for writability) and the shutdown.
 *
 * <p>Thread-safety: synchronized; a test may block one write ({@link #blockNextWrite}) to hold the writer's lock.
 */
final class FakeSinkConduit implements StreamSinkConduit {
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private long room = Long.MAX_VALUE;
    private boolean resumed;
    private boolean terminated;
    private boolean flushed = true;
    private IOException failure;
    private IOException shutdownFailure;
    private int writeCalls;
    private java.util.concurrent.CountDownLatch entered;
    private java.util.concurrent.CountDownLatch release;

    /** The socket takes only {@code bytes} more until {@link #makeRoom}. */
    synchronized FakeSinkConduit room(long bytes) {
        room = bytes;
        return this;
    }

    /** The peer read everything: the socket takes any amount again. */
    synchronized void makeRoom() {
        room = Long.MAX_VALUE;
    }

    /** Whether a flush after the shutdown completes at once (false: the socket still holds unsent bytes). */
    synchronized void flushCompletes(boolean done) {
        flushed = done;
    }

    /** Every later call fails with {@code e}, as a reset socket does. */
    synchronized void fail(IOException e) {
        failure = e;
    }

    /** Shutting writes down fails with {@code e} (writes still work). */
    synchronized void failShutdown(IOException e) {
        shutdownFailure = e;
    }

    /** The next write signals {@code entered} and waits for {@code release} before taking anything. */
    synchronized void blockNextWrite(
            java.util.concurrent.CountDownLatch entered, java.util.concurrent.CountDownLatch release) {
        this.entered = entered;
        this.release = release;
    }

    synchronized byte[] bytes() {
        return written.toByteArray();
    }

    synchronized boolean resumed() {
        return resumed;
    }

    synchronized boolean terminated() {
        return terminated;
    }

    synchronized int writeCalls() {
        return writeCalls;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        java.util.concurrent.CountDownLatch in;
        java.util.concurrent.CountDownLatch out;
        synchronized (this) {
            in = entered;
            out = release;
            entered = release = null;
        }
        if (in != null) {
            in.countDown();
            try {
                if (!out.await(10, TimeUnit.SECONDS)) {
                    throw new AssertionError("the test never released the blocked write");
                }
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
        }
        synchronized (this) {
            writeCalls++;
            check();
            int n = (int) Math.min(room, src.remaining());
            byte[] b = new byte[n];
            src.get(b);
            written.writeBytes(b);
            room -= n;
            return n;
        }
    }

    private void check() throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (terminated) {
            throw new IOException("write after shutdown");
        }
    }

    @Override
    public long write(ByteBuffer[] srcs, int offs, int len) throws IOException {
        long n = 0;
        for (int i = offs; i < offs + len; i++) {
            n += write(srcs[i]);
        }
        return n;
    }

    @Override
    public int writeFinal(ByteBuffer src) throws IOException {
        return write(src);
    }

    @Override
    public long writeFinal(ByteBuffer[] srcs, int offs, int len) throws IOException {
        return write(srcs, offs, len);
    }

    @Override
    public long transferFrom(FileChannel src, long position, long count) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long transferFrom(StreamSourceChannel source, long count, ByteBuffer throughBuffer) {
        throw new UnsupportedOperationException();
    }

    @Override
    public synchronized void terminateWrites() throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (shutdownFailure != null) {
            throw shutdownFailure;
        }
        terminated = true;
    }

    @Override
    public synchronized boolean isWriteShutdown() {
        return terminated;
    }

    @Override
    public synchronized void resumeWrites() {
        resumed = true;
    }

    @Override
    public synchronized void suspendWrites() {
        resumed = false;
    }

    @Override
    public synchronized void wakeupWrites() {
        resumed = true;
    }

    @Override
    public synchronized boolean isWriteResumed() {
        return resumed;
    }

    @Override
    public void awaitWritable() {
        throw new UnsupportedOperationException("the WebSocket layer never blocks");
    }

    @Override
    public void awaitWritable(long time, TimeUnit timeUnit) {
        throw new UnsupportedOperationException("the WebSocket layer never blocks");
    }

    @Override
    public XnioIoThread getWriteThread() {
        return null;
    }

    @Override
    public void setWriteReadyHandler(WriteReadyHandler handler) {
        // the test calls the write listener itself when it made room
    }

    @Override
    public synchronized void truncateWrites() {
        terminated = true;
    }

    @Override
    public synchronized boolean flush() throws IOException {
        if (failure != null) {
            throw failure;
        }
        return flushed;
    }

    @Override
    public XnioWorker getWorker() {
        return null;
    }
}
