package io.hilbridge.ws;

import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.ReadReadyHandler;
import org.xnio.conduits.StreamSourceConduit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

/**
 * A socket's receive side with the arrivals under the test's control: each {@link #arrive} is one chunk a read
 * returns (at most the reader's buffer of it), then reads return 0 until the next, -1 after {@link #end} and throw
 * after {@link #fail}. Counts the reads.
 *
 * <p>Thread-safety: synchronized.
 */
final class FakeSourceConduit implements StreamSourceConduit {
    private final Queue<ByteBuffer> chunks = new ArrayDeque<>();
    private boolean ended;
    private IOException failure;
    private boolean resumed;
    private int reads;

    synchronized void arrive(byte[] bytes) {
        chunks.add(ByteBuffer.wrap(bytes));
    }

    /** The peer ended its output (TCP FIN): after the chunks, reads return -1. */
    synchronized void end() {
        ended = true;
    }

    /** The next read fails, as after a reset. */
    synchronized void fail(IOException e) {
        failure = e;
    }

    synchronized int reads() {
        return reads;
    }

    synchronized boolean resumed() {
        return resumed;
    }

    @Override
    public synchronized int read(ByteBuffer dst) throws IOException {
        reads++;
        if (failure != null) {
            throw failure;
        }
        ByteBuffer head = chunks.peek();
        if (head == null) {
            return ended ? -1 : 0;
        }
        int n = Math.min(head.remaining(), dst.remaining());
        dst.put(dst.position(), head, head.position(), n);
        dst.position(dst.position() + n);
        head.position(head.position() + n);
        if (!head.hasRemaining()) {
            chunks.remove();
        }
        return n;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offs, int len) throws IOException {
        return read(dsts[offs]);
    }

    @Override
    public long transferTo(long position, long count, FileChannel target) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long transferTo(long count, ByteBuffer throughBuffer, StreamSinkChannel target) {
        throw new UnsupportedOperationException();
    }

    @Override
    public synchronized void terminateReads() {
        ended = true;
    }

    @Override
    public synchronized boolean isReadShutdown() {
        return ended;
    }

    @Override
    public synchronized void resumeReads() {
        resumed = true;
    }

    @Override
    public synchronized void suspendReads() {
        resumed = false;
    }

    @Override
    public synchronized void wakeupReads() {
        resumed = true;
    }

    @Override
    public synchronized boolean isReadResumed() {
        return resumed;
    }

    @Override
    public void awaitReadable() {
        throw new UnsupportedOperationException("the WebSocket layer never blocks");
    }

    @Override
    public void awaitReadable(long time, TimeUnit timeUnit) {
        throw new UnsupportedOperationException("the WebSocket layer never blocks");
    }

    @Override
    public XnioIoThread getReadThread() {
        return null;
    }

    @Override
    public void setReadReadyHandler(ReadReadyHandler handler) {
        // the test calls the read listener itself when bytes arrived
    }

    @Override
    public XnioWorker getWorker() {
        return null;
    }
}
