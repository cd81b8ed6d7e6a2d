package io.hilbridge.api;

import io.hilbridge.link.BoardLink;
import io.hilbridge.link.Messages;
import io.hilbridge.ws.OutboundFrame;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who watches the live view of which device ({@code pixels.subscribe}, websocket-api.md): a board streams PIXELS
 * while at least one client watches it ({@link BoardLink#watchPixels}), and each chunk becomes one {@code pixels}
 * message, encoded once and delivered to the watchers only. A slow watcher loses old pixel messages: each is keyed by
 * device, light and first pixel so a queued one is replaced by the newer one, and none is queued at all while the
 * client has more than {@link #MAX_BACKLOG_BYTES} waiting, so pixels never fill the queue that state and acks
 * share (a full queue closes the connection) and never slow another client.
 *
 * <p>Thread-safety: subscribe, unsubscribe and {@link #clientGone} lock this object (and tell the board under it, so
 * the board hears watch/unwatch in the order they were decided; {@code watchPixels} only queues a link task).
 * {@link #onPixels} runs in link tasks and reads a published snapshot without locking.
 */
final class PixelViewers {
    /** Bytes a client may have waiting before pixel messages skip it (a few frames of a long strip). */
    static final long MAX_BACKLOG_BYTES = 32 * 1024;

    private final Map<String, Set<ClientSession>> watchers = new HashMap<>();
    private volatile Map<String, List<ClientSession>> published = Map.of();

    /** Returns the devices this client watches now, sorted (the {@code pixels.watching} answer). */
    synchronized List<String> subscribe(ClientSession session, List<BoardLink> boards) {
        for (BoardLink b : boards) {
            Set<ClientSession> set = watchers.computeIfAbsent(b.deviceId(), k -> new LinkedHashSet<>());
            if (set.add(session) && set.size() == 1) b.watchPixels(true);
        }
        publish();
        return watchedBy(session);
    }

    /** Returns the devices this client still watches, sorted. */
    synchronized List<String> unsubscribe(ClientSession session, List<BoardLink> boards) {
        for (BoardLink b : boards) {
            Set<ClientSession> set = watchers.get(b.deviceId());
            if (set != null && set.remove(session) && set.isEmpty()) {
                watchers.remove(b.deviceId());
                b.watchPixels(false);
            }
        }
        publish();
        return watchedBy(session);
    }

    private List<String> watchedBy(ClientSession session) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Set<ClientSession>> e : watchers.entrySet()) {
            if (e.getValue().contains(session)) out.add(e.getKey());
        }
        out.sort(null);
        return out;
    }

    /** A client disconnected: it watches nothing any more. */
    void clientGone(ClientSession session, List<BoardLink> boards) {
        unsubscribe(session, boards);
    }

    /** A chunk from a board: one {@code pixels} message for its watchers. Runs in the board's link task. */
    void onPixels(BoardLink board, Messages.Pixels p) {
        List<ClientSession> to = published.get(board.deviceId());
        if (to == null) return; // nobody watches (a device's set is removed with its last watcher)
        OutboundFrame frame = OutboundFrame.text(
                ApiJson.write(ApiJson.pixelsMessage(board.deviceId(), p)),
                "pixels:" + board.deviceId() + ":" + p.light() + ":" + p.first());
        for (ClientSession s : to) {
            if (s.socket().queuedBytes() <= MAX_BACKLOG_BYTES) s.deliver(frame); // else: latest wins, next time
        }
    }

    private void publish() {
        Map<String, List<ClientSession>> m = new HashMap<>();
        for (Map.Entry<String, Set<ClientSession>> e : watchers.entrySet()) {
            m.put(e.getKey(), List.copyOf(new ArrayList<>(e.getValue())));
        }
        published = Map.copyOf(m);
    }
}
