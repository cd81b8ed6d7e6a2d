package io.hilbridge.api;

import io.hilbridge.ws.OutboundFrame;
import io.hilbridge.ws.WebSocket;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;

/**
 * One connected client, as the API sees it. Its job is ordering: the client must see {@code hello} first, then
 * every broadcast that happened after its snapshot was taken, none lost. So the session is registered for
 * broadcasts <em>before</em> the snapshot is read, broadcasts that arrive meanwhile are held back here, and
 * {@link #finishHello} sends the hello followed by what was held back. A held-back state that the snapshot already
 * contains is sent again; that is harmless because every state message carries the light's full state.
 *
 * <p>Thread-safety: {@link #deliver} is called from the boards' link tasks (any thread), {@link #reply} from link tasks
 * and the connection's IO thread; both lock this session so that its messages are queued in one order.
 */
final class ClientSession {
    /** Broadcasts held back before hello; beyond this the snapshot is taken again instead. */
    static final int MAX_HELD_BACK = 256;
    /**
     * A board's log line is skipped for a client with more than this queued: log lines must never be what makes a
     * slow client's queue overflow (which closes it), and states and acks matter more.
     */
    static final long LOG_BACKLOG_BYTES = 32 * 1024;

    private final WebSocket socket;
    private final AtomicInteger outstanding = new AtomicInteger();
    private List<OutboundFrame> heldBack = new ArrayList<>();
    private boolean heldBackOverflowed;
    private boolean closed;
    /** Log lines skipped per device since the last one this client got; created on the first skip. */
    private Map<String, Long> logsDropped;

    ClientSession(WebSocket socket) {
        this.socket = socket;
    }

    WebSocket socket() {
        return socket;
    }

    /**
     * Sends the hello and whatever was held back. Returns false, and sends nothing, if too much was held back: the
     * caller then takes a fresh snapshot and tries again.
     */
    synchronized boolean finishHello(String hello) {
        if (closed) return true;
        if (heldBackOverflowed) {
            heldBackOverflowed = false;
            heldBack.clear();
            return false;
        }
        socket.sendText(hello);
        for (OutboundFrame f : heldBack) socket.send(f);
        heldBack = null;
        return true;
    }

    /** A broadcast for every client. */
    synchronized void deliver(OutboundFrame frame) {
        if (closed) return;
        if (heldBack != null) {
            if (heldBack.size() >= MAX_HELD_BACK) heldBackOverflowed = true;
            else heldBack.add(frame);
            return;
        }
        socket.send(frame);
    }

    /**
     * A board's log line: {@code frame} (which says {@code dropped: 0}), or skipped and counted while the client's
     * queue holds more than {@link #LOG_BACKLOG_BYTES}; the next line it gets is built by {@code withDropped} with
     * the count. Never blocks, never grows beyond one counter per device.
     */
    synchronized void deliverLog(String device, OutboundFrame frame, LongFunction<OutboundFrame> withDropped) {
        if (heldBack == null && socket.queuedBytes() > LOG_BACKLOG_BYTES) {
            if (logsDropped == null) logsDropped = new HashMap<>(4);
            logsDropped.merge(device, 1L, Long::sum);
            return;
        }
        Long dropped = logsDropped == null ? null : logsDropped.remove(device);
        deliver(dropped == null ? frame : withDropped.apply(dropped));
    }

    /** A reply to this client only (ack, error, snapshot, stats). Only called after hello. */
    synchronized void reply(String json) {
        if (closed) return;
        socket.sendText(json);
    }

    synchronized void markClosed() {
        closed = true;
        heldBack = null;
    }

    /** Counts a command in flight; false when the client already has {@code max} of them. */
    boolean tryAcquire(int max) {
        while (true) {
            int n = outstanding.get();
            if (n >= max) return false;
            if (outstanding.compareAndSet(n, n + 1)) return true;
        }
    }

    void release() {
        outstanding.decrementAndGet();
    }
}
