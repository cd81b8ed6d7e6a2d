package io.hilbridge.ws;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.conduits.ConduitStreamSinkChannel;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The write side of one connection: takes frames from its {@link SendQueue} in batches, copies each batch into one
 * buffer (the IO thread's gather buffer, or a direct writer's) and writes it with a single call; a partial write parks
 * the rest (and the offset into its first frame) until the socket is writable again, so nothing ever blocks. The
 * connection decides when to flush and acts on the {@link WriteResult}; this class only moves bytes.
 *
 * <p>Thread-safety: the batch state is guarded by {@code writeLock}, held by the IO thread for one {@link #flush()},
 * by a direct writer for one {@link #writeDirectly()} (never while waiting for anything else). {@link #flush()} and
 * {@link #shutdownOutput()} run on the IO thread only.
 */
final class WebSocketWriter {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketWriter.class);

    static final int MAX_BATCH_FRAMES = 64;
    /** One batch fits the IO thread's gather buffer, so it goes out in one write. */
    private static final int MAX_BATCH_BYTES = FlushBatcher.GATHER_BYTES;
    /** Most bytes a direct write sends; more is left to the IO thread and its gather buffer. */
    static final int DIRECT_BYTES = 16 * 1024;
    /** One buffer per sending thread for direct writes (only threads that send to a connection directly get one). */
    private static final ThreadLocal<ByteBuffer> DIRECT_BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(DIRECT_BYTES));
    /** The batch array of a direct writer's thread (see {@link #batch}). */
    private static final ThreadLocal<ByteBuffer[]> DIRECT_BATCH =
            ThreadLocal.withInitial(() -> new ByteBuffer[MAX_BATCH_FRAMES]);

    private final ConduitStreamSinkChannel sink;
    private final SendQueue queue;
    private final FlushBatcher flusher;
    private final InetSocketAddress remote;
    /** Hands the pending flush to the IO thread (the connection's flush task). */
    private final Runnable requestIoFlush;

    private final ReentrantLock writeLock = new ReentrantLock();
    /** Sends written by the sending thread (tests). Written under writeLock. */
    private volatile long directWriteCount;

    // Guarded by writeLock.
    /**
     * Frames taken from the queue and not yet fully written: batch[batchStart, batchEnd). While the lock is held
     * this is the writing thread's array (the IO thread's, {@link FlushBatcher#batchArray()}, or a direct writer's),
     * so a broadcast allocates nothing per connection; only a batch left unfinished by a partial write is copied
     * into an array of the connection's own when the lock is released ({@link #releaseBatch}). Null when idle.
     */
    private ByteBuffer[] batch;

    private int batchStart;
    private int batchEnd;
    /** Bytes of batch[batchStart] already written. */
    private int headOffset;
    /** The queue's out-parameter for "the close frame was taken"; read into closeInBatch at once. */
    private final boolean[] closeTaken = new boolean[1];

    private boolean closeInBatch;
    /** Writes are resumed (we wait for writability); tracked to avoid needless selector changes. */
    private boolean writesResumed;
    /** Writes are shut down (after our close frame). IO thread only. */
    private boolean outputShutdown;

    WebSocketWriter(
            ConduitStreamSinkChannel sink,
            SendQueue queue,
            FlushBatcher flusher,
            InetSocketAddress remote,
            Runnable requestIoFlush) {
        this.sink = sink;
        this.queue = queue;
        this.flusher = flusher;
        this.remote = remote;
        this.requestIoFlush = requestIoFlush;
    }

    /** True once {@link #shutdownOutput()} ran. IO thread. */
    boolean isOutputShutdown() {
        return outputShutdown;
    }

    /** Sends written by the sending thread instead of the IO thread (tests). */
    long directWrites() {
        return directWriteCount;
    }

    /** One flush, on the IO thread. */
    WriteResult flush() {
        writeLock.lock();
        try {
            return flushLocked();
        } finally {
            releaseBatch(flusher.batchArray());
            writeLock.unlock();
        }
    }

    private WriteResult flushLocked() {
        long confirmed = 0; // bytes written since the last take, reported with the next take (one lock, not two)
        try {
            if (outputShutdown) {
                if (sink.flush()) {
                    suspendWrites();
                }
                return WriteResult.FLUSHED;
            }
            while (true) {
                if (batchStart == batchEnd) {
                    boolean taken = takeBatch(flusher.batchArray(), MAX_BATCH_BYTES, confirmed);
                    confirmed = 0;
                    if (!taken) {
                        suspendWrites();
                        return WriteResult.FLUSHED;
                    }
                }
                ByteBuffer out = gather(flusher.gatherBuffer());
                int written = sink.write(out);
                confirmed += written;
                consume(written);
                if (batchStart < batchEnd) {
                    if (written < out.limit()) {
                        queue.written(confirmed);
                        resumeWrites(); // partial write: continue when the socket is writable
                        return WriteResult.FLUSHED;
                    }
                    continue; // the batch was larger than the gather buffer: the socket took it all, write on
                }
                if (closeInBatch) {
                    queue.written(confirmed);
                    closeInBatch = false;
                    batchStart = batchEnd = 0;
                    batch = null;
                    return WriteResult.CLOSE_FRAME_WRITTEN;
                }
            }
        } catch (IOException e) {
            LOG.debug("write failed on {}", remote, e);
            return WriteResult.FAILED;
        }
    }

    /**
     * A direct write (see {@link WebSocketConnection}'s class comment), on the sending thread, which holds the
     * pending flush (its send got {@code QUEUED_SCHEDULE_FLUSH}). Returns false, having taken nothing, when the IO
     * thread is using the write side; the caller then hands the flush to the IO thread. Returns true when it wrote
     * everything queued (the flush is over) or handed the rest to the IO thread itself.
     */
    boolean writeDirectly() {
        if (!writeLock.tryLock()) {
            return false;
        }
        try {
            if (batchStart != batchEnd || writesResumed) {
                return false; // a partial batch waits for writability: the IO thread finishes it
            }
            if (!takeBatch(DIRECT_BATCH.get(), DIRECT_BYTES, 0)) {
                return true; // nothing left (a coalesced frame): the take ended the pending flush
            }
            if (!closeInBatch) { // closing is the IO thread's business: it writes the close frame and what precedes it
                int written = sink.write(gather(DIRECT_BUFFER.get()));
                consume(written);
                directWriteCount++;
                if (batchStart < batchEnd) {
                    queue.written(written); // partial: the socket is full, the IO thread waits for writability
                } else {
                    // All written. An empty take ends the pending flush; frames sent meanwhile go to the IO thread.
                    if (!takeBatch(DIRECT_BATCH.get(), DIRECT_BYTES, written)) {
                        return true;
                    }
                }
            }
        } catch (IOException e) {
            LOG.debug("direct write failed on {}", remote, e);
            // The IO thread's flush meets the same error and closes the connection.
        } finally {
            releaseBatch(DIRECT_BATCH.get());
            writeLock.unlock();
        }
        requestIoFlush.run();
        return true;
    }

    /**
     * Shuts writes down (after our close frame), finishing on writability if the socket is full. IO thread.
     *
     * @throws IOException when the socket failed; the connection closes
     */
    void shutdownOutput() throws IOException {
        outputShutdown = true;
        writeLock.lock();
        try {
            sink.shutdownWrites();
            if (!sink.flush()) {
                resumeWrites(); // the write listener (the connection's flush) finishes it
            }
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Starts a new batch in {@code scratch} (the writing thread's array): takes up to {@code maxBytes} of frames from
     * the queue, first confirming {@code confirmed} bytes written. Returns false when the queue had nothing (that ends
     * the pending flush). Holding writeLock.
     */
    private boolean takeBatch(ByteBuffer[] scratch, int maxBytes, long confirmed) {
        batch = scratch;
        batchStart = 0;
        headOffset = 0;
        closeTaken[0] = false;
        batchEnd = queue.take(batch, 0, MAX_BATCH_FRAMES, maxBytes, closeTaken, confirmed);
        closeInBatch = closeTaken[0];
        return batchEnd != 0;
    }

    /**
     * Before writeLock is released: the writing thread's array goes back to it. Frames still unwritten (a partial
     * write) move to an array of the connection's own, where the next flush finds them; idle connections hold none.
     */
    private void releaseBatch(ByteBuffer[] scratch) {
        if (batch != scratch) {
            return; // the connection's own array (or none): nothing borrowed
        }
        if (batchStart < batchEnd) {
            batch = Arrays.copyOfRange(scratch, batchStart, batchEnd);
            Arrays.fill(scratch, batchStart, batchEnd, null);
            batchEnd -= batchStart;
            batchStart = 0;
        } else {
            batch = null;
        }
    }

    /**
     * Copies the unwritten part of the batch (up to the buffer's size) into {@code out} (the IO thread's gather
     * buffer, or a direct writer's), with absolute reads: the frames are shared with other connections and keep their
     * positions.
     */
    private ByteBuffer gather(ByteBuffer out) {
        out.clear();
        int off = headOffset;
        for (int i = batchStart; i < batchEnd && out.hasRemaining(); i++) {
            ByteBuffer f = batch[i];
            int start = f.position() + off;
            int n = Math.min(f.limit() - start, out.remaining());
            out.put(out.position(), f, start, n);
            out.position(out.position() + n);
            off = 0;
        }
        return out.flip();
    }

    /** Advances the batch by {@code written} bytes; fully written frames leave it. */
    private void consume(int written) {
        while (written > 0) {
            ByteBuffer f = batch[batchStart];
            int left = f.remaining() - headOffset;
            if (written < left) {
                headOffset += written;
                return;
            }
            written -= left;
            headOffset = 0;
            batch[batchStart++] = null;
        }
    }

    private void resumeWrites() {
        if (!writesResumed) {
            writesResumed = true;
            sink.resumeWrites();
        }
    }

    private void suspendWrites() {
        if (writesResumed) {
            writesResumed = false;
            sink.suspendWrites();
        }
    }
}
