package io.hilbridge.ws;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The per-IO-thread part of the writer. It collects flush requests for the connections of one IO thread, so that a
 * broadcast to N connections costs one task (and at most one selector wakeup) per IO thread instead of one per
 * connection; the flushes then run back to back after the broadcasting code returns, each taking every frame queued
 * for its connection by then. It also owns the thread's gather buffer: a connection's frames are copied into it
 * and written with one plain write call (one direct buffer per IO thread instead of the JDK's temporary direct
 * buffer per frame, and no per-frame buffer views).
 *
 * <p>Thread-safety: {@link #request} from any thread (a short lock around an array append); {@link #run},
 * {@link #gatherBuffer} and {@link #batchArray} on the IO thread only.
 */
final class FlushBatcher implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(FlushBatcher.class);
    /** Largest single write: as large as a connection's batch of frames, so a batch goes out in one call. */
    static final int GATHER_BYTES = 256 * 1024;

    /** The IO thread (an {@link org.xnio.XnioIoThread}); any executor that runs tasks one at a time in tests. */
    private final Executor thread;

    private final Object lock = new Object();
    // Guarded by lock.
    private Runnable[] pending = new Runnable[16];
    private int pendingCount;
    private boolean scheduled;
    // IO thread only.
    private Runnable[] spare = new Runnable[16];
    private ByteBuffer gather;
    private final ByteBuffer[] batchArray = new ByteBuffer[WebSocketWriter.MAX_BATCH_FRAMES];

    FlushBatcher(Executor thread) {
        this.thread = thread;
    }

    void request(Runnable flush) {
        synchronized (lock) {
            if (pendingCount == pending.length) {
                pending = Arrays.copyOf(pending, pendingCount * 2);
            }
            pending[pendingCount++] = flush;
            if (scheduled) {
                return;
            }
            scheduled = true;
        }
        try {
            thread.execute(this);
        } catch (RejectedExecutionException e) {
            // The server is stopping and its IO thread takes no tasks: its connections are being closed anyway, and
            // a sender (e.g. a broadcast loop) must not fail for it.
            LOG.debug("IO thread {} is stopping: flush dropped", thread, e);
        }
    }

    @Override
    public void run() {
        Runnable[] batch;
        int n;
        synchronized (lock) {
            // Swap arrays: requests arriving while these flushes run go to the other one and schedule a new run.
            batch = pending;
            n = pendingCount;
            pending = spare;
            pendingCount = 0;
            scheduled = false;
        }
        for (int i = 0; i < n; i++) {
            Runnable r = batch[i];
            batch[i] = null;
            try {
                r.run();
            } catch (RuntimeException e) {
                // One connection's bug must not strand the flushes behind it (their queues would wait forever).
                LOG.warn("flush failed", e);
            }
        }
        spare = batch; // runs are sequential on this thread: nobody else holds it now
    }

    /**
     * The IO thread's batch array: the frames a connection's flush is writing. Only valid during one flush; a writer
     * whose batch outlives its flush copies what is left (see {@code WebSocketWriter}).
     */
    ByteBuffer[] batchArray() {
        return batchArray;
    }

    /** The IO thread's write buffer (direct, {@link #GATHER_BYTES}); its content is only valid during one flush. */
    ByteBuffer gatherBuffer() {
        ByteBuffer g = gather;
        if (g == null) {
            g = ByteBuffer.allocateDirect(GATHER_BYTES);
            gather = g;
        }
        return g;
    }
}
