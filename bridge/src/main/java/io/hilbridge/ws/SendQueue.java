package io.hilbridge.ws;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The bounded queue of frames waiting to be written to one client, with coalescing: a frame with a coalesce key
 * replaces an older, not yet taken frame with the same key (the old one is left as a tombstone and skipped). Frames
 * are shared {@link ByteBuffer}s; the writer takes read-only duplicates, so one encoded broadcast frame serves every
 * connection.
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

    private static final class Entry {
        final ByteBuffer bytes;
        final String key;
        final boolean close;
        boolean dropped;

        Entry(ByteBuffer bytes, String key, boolean close) {
            this.bytes = bytes;
            this.key = key;
            this.close = close;
        }
    }

    private final long maxBytes;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>(4);
    /** Pending keyed frames; created on first use (most connections never need it). */
    private Map<String, Entry> byKey;
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
        Entry old = null;
        if (key != null && byKey != null) {
            old = byKey.get(key);
        }
        long after = queuedBytes + inFlightBytes + size - (old == null ? 0 : old.bytes.remaining());
        if (after > maxBytes) {
            return Offer.FULL;
        }
        if (old != null) {
            old.dropped = true;
            queuedBytes -= old.bytes.remaining();
        }
        Entry e = new Entry(frame, key, false);
        entries.addLast(e);
        queuedBytes += size;
        if (key != null) {
            if (byKey == null) {
                byKey = new HashMap<>(4);
            }
            byKey.put(key, e);
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
            entries.clear();
            byKey = null;
            queuedBytes = 0;
        }
        entries.addLast(new Entry(closeFrame, null, true));
        queuedBytes += closeFrame.remaining();
        return scheduleFlush();
    }

    private Offer scheduleFlush() {
        if (flushScheduled) {
            return Offer.QUEUED;
        }
        flushScheduled = true;
        return Offer.QUEUED_SCHEDULE_FLUSH;
    }

    /**
     * Moves up to {@code max} frames (duplicates, position 0) into {@code out} from index {@code from}, stopping
     * after about {@code maxBytes} bytes. Returns the new end index; if nothing was taken the pending flush ends
     * (the next offer schedules a new one). Sets {@code closeTaken[0]} if the close frame was taken.
     */
    synchronized int take(ByteBuffer[] out, int from, int max, int maxBatchBytes, boolean[] closeTaken) {
        int n = from;
        long bytes = 0;
        while (n < max && bytes < maxBatchBytes) {
            Entry e = entries.pollFirst();
            if (e == null) {
                break;
            }
            if (e.dropped) {
                continue;
            }
            int size = e.bytes.remaining();
            queuedBytes -= size;
            inFlightBytes += size;
            bytes += size;
            if (e.key != null && byKey != null && byKey.get(e.key) == e) {
                byKey.remove(e.key);
            }
            if (e.close) {
                closeTaken[0] = true;
            }
            out[n++] = e.bytes.duplicate();
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

    synchronized boolean isClosed() {
        return closed;
    }
}
