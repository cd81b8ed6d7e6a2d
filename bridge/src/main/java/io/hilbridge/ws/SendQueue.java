package io.hilbridge.ws;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * The bounded queue of frames waiting to be written to one client, with coalescing: a frame with a coalesce key
 * replaces an older, not yet taken frame with the same key (the old slot becomes a tombstone and is skipped).
 *
 * <p>Frames are shared {@link ByteBuffer}s: one encoded broadcast frame serves every connection, so neither this
 * queue nor the writer may move their position or limit; the writer reads the bytes between position and limit with
 * absolute access. The queue is a ring of plain arrays (no object per frame), allocated on the first offer, so an
 * idle connection holds none and a busy one allocates nothing per message.
 *
 * <p>Thread-safety: every method synchronizes on the queue; producers are any threads, the consumer is the
 * connection's IO thread. The {@code flushScheduled} flag lives here so "add a frame" and "a flush is pending" change
 * atomically: no wakeup is lost and at most one flush task is outstanding.
 */
final class SendQueue {

    /** Result of {@link #offer}. */
    enum Offer {
        /** Queued; a flush is already pending or running. */
        QUEUED,
        /** Queued; the caller must schedule a flush. */
        QUEUED_SCHEDULE_FLUSH,
        /** Refused: the queue would exceed its byte limit. */
        FULL,
        /** Refused: the connection is closing. */
        CLOSED
    }

    private static final int INITIAL_CAPACITY = 8;

    private final long maxBytes;
    /** Ring slots {@code seq & (frames.length - 1)} for sequence numbers in [head, tail); null = dropped. */
    private ByteBuffer[] frames;

    private String[] keys;
    private long head;
    private long tail;
    /** Frames in [head, tail) that are not tombstones. */
    private int live;
    /** Sequence number of the close frame, or -1 before {@link #offerClose}. */
    private long closeSeq = -1;
    /** Sequence number of the pending frame of each key; created on first use (most connections never need it). */
    private Map<String, Long> byKey;

    private long queuedBytes;
    /** Bytes taken by the writer and not yet confirmed written; counted against the limit too. */
    private long inFlightBytes;

    private boolean closed;
    private boolean flushScheduled;

    SendQueue(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Queues a data (or pong) frame; see {@link Offer}. {@code key} may be null. */
    synchronized Offer offer(ByteBuffer frame, String key) {
        if (closed) {
            return Offer.CLOSED;
        }
        int size = frame.remaining();
        Long old = key == null || byKey == null ? null : byKey.get(key);
        int oldSize = old == null ? 0 : frames[slot(old)].remaining();
        if (queuedBytes + inFlightBytes + size - oldSize > maxBytes) {
            return Offer.FULL;
        }
        if (old != null) {
            int s = slot(old);
            frames[s] = null; // tombstone: take() skips it
            keys[s] = null;
            live--;
            queuedBytes -= oldSize;
        }
        long seq = append(frame, key);
        queuedBytes += size;
        if (key != null) {
            if (byKey == null) {
                byKey = new HashMap<>(4);
            }
            byKey.put(key, seq);
        }
        return scheduleFlush();
    }

    /**
     * Queues the close frame and refuses all later offers. With {@code discardPending} the frames not yet taken by
     * the writer are dropped first (failing or slow client: the close must not wait behind them).
     */
    synchronized Offer offerClose(ByteBuffer closeFrame, boolean discardPending) {
        if (closed) {
            return Offer.CLOSED;
        }
        closed = true;
        if (discardPending) {
            // Drop the whole ring with its frames: a closing connection needs a slot for the close frame only.
            frames = null;
            keys = null;
            head = tail;
            live = 0;
            byKey = null;
            queuedBytes = 0;
        }
        closeSeq = append(closeFrame, null);
        queuedBytes += closeFrame.remaining();
        return scheduleFlush();
    }

    private long append(ByteBuffer frame, String key) {
        if (frames == null) {
            frames = new ByteBuffer[INITIAL_CAPACITY];
            keys = new String[INITIAL_CAPACITY];
        } else if (tail - head == frames.length) {
            if (live <= frames.length / 2) {
                compact(); // mostly tombstones (a slow client's coalesced updates): reuse the space
            } else {
                grow();
            }
        }
        live++;
        long seq = tail++;
        frames[slot(seq)] = frame;
        keys[slot(seq)] = key;
        return seq;
    }

    private void grow() {
        ByteBuffer[] f = new ByteBuffer[frames.length * 2];
        String[] k = new String[f.length];
        int mask = f.length - 1;
        for (long s = head; s < tail; s++) {
            f[(int) (s & mask)] = frames[slot(s)];
            k[(int) (s & mask)] = keys[slot(s)];
        }
        frames = f;
        keys = k;
    }

    /** Moves the live frames together at the head, renumbering them (and their keys' entries). */
    private void compact() {
        long w = head;
        for (long r = head; r < tail; r++) {
            ByteBuffer f = frames[slot(r)];
            if (f == null) {
                continue;
            }
            if (w != r) {
                String k = keys[slot(r)];
                frames[slot(w)] = f;
                keys[slot(w)] = k;
                frames[slot(r)] = null;
                keys[slot(r)] = null;
                if (k != null) {
                    byKey.put(k, w);
                }
            }
            w++;
        }
        tail = w;
    }

    private int slot(long seq) {
        return (int) (seq & (frames.length - 1));
    }

    private Offer scheduleFlush() {
        if (flushScheduled) {
            return Offer.QUEUED;
        }
        flushScheduled = true;
        return Offer.QUEUED_SCHEDULE_FLUSH;
    }

    /** As {@link #take(ByteBuffer[], int, int, int, boolean[])}, first confirming {@code written} bytes. */
    synchronized int take(ByteBuffer[] out, int from, int max, int maxBatchBytes, boolean[] closeTaken, long written) {
        inFlightBytes -= written;
        return take(out, from, max, maxBatchBytes, closeTaken);
    }

    /**
     * Moves up to {@code max} frames (the shared buffers themselves: read them without moving their position) into
     * {@code out} from index {@code from}, stopping after about {@code maxBatchBytes} bytes. Returns the new end
     * index; if nothing was taken the pending flush ends (the next offer schedules a new one). Sets
     * {@code closeTaken[0]} if the close frame was taken.
     */
    synchronized int take(ByteBuffer[] out, int from, int max, int maxBatchBytes, boolean[] closeTaken) {
        int n = from;
        long bytes = 0;
        while (n < max && bytes < maxBatchBytes && head < tail) {
            long seq = head++;
            int s = slot(seq);
            ByteBuffer f = frames[s];
            String key = keys[s];
            frames[s] = null;
            keys[s] = null;
            if (f == null) {
                continue; // coalesced away
            }
            live--;
            int size = f.remaining();
            queuedBytes -= size;
            inFlightBytes += size;
            bytes += size;
            if (key != null) {
                Long pending = byKey.get(key);
                if (pending != null && pending == seq) {
                    byKey.remove(key);
                }
            }
            if (seq == closeSeq) {
                closeTaken[0] = true;
            }
            out[n++] = f;
        }
        if (n == from) {
            flushScheduled = false;
        }
        return n;
    }

    /** The writer confirms {@code bytes} were written to the socket. */
    synchronized void written(long bytes) {
        inFlightBytes -= bytes;
    }

    /** Bytes queued or taken but not yet written. */
    synchronized long pendingBytes() {
        return queuedBytes + inFlightBytes;
    }

    /** Ring slots allocated (tests: tombstones must not grow it). */
    synchronized int capacity() {
        return frames == null ? 0 : frames.length;
    }

    synchronized boolean isClosed() {
        return closed;
    }
}
