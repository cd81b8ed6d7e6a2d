package io.hilbridge.mqtt;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Retained publishes, coalesced per topic: at most one publish per topic is in flight, only the newest payload
 * waiting behind it is kept, and a payload equal to the one last published on the topic is not sent again. So a
 * light changing faster than the broker takes it builds no queue, and a state is published once per change. The
 * memory held is one slot per topic (the bridge's topics are fixed by its boards' HELLOs).
 *
 * <p>Thread-safety: {@link #offer} and {@link #forgetSent} from any thread; the sink is called outside the lock.
 */
final class LatestPerTopic {
    /** Publishes one retained message; the future fails when it could not be sent. */
    interface Sink {
        CompletableFuture<?> publishRetained(String topic, byte[] payload);
    }

    private static final class Slot {
        byte[] lastSent;
        byte[] waiting;
        boolean inFlight;
    }

    private final Sink sink;
    private final Map<String, Slot> slots = new HashMap<>(); // guarded by this
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong offered = new AtomicLong();

    LatestPerTopic(Sink sink) {
        this.sink = sink;
    }

    /** Publishes {@code payload} on {@code topic} retained, unless it is what the topic already shows. */
    void offer(String topic, byte[] payload) {
        offered.incrementAndGet();
        Slot slot;
        synchronized (this) {
            slot = slots.computeIfAbsent(topic, t -> new Slot());
            if (slot.inFlight) {
                slot.waiting = payload;
                return;
            }
            if (Arrays.equals(slot.lastSent, payload)) return;
            slot.inFlight = true;
        }
        send(topic, slot, payload);
    }

    /** Forgets what was published (a new connection, or Home Assistant restarted): the next offers are all sent. */
    synchronized void forgetSent() {
        for (Slot s : slots.values()) s.lastSent = null;
    }

    /** Forgets what was published on one topic. */
    synchronized void forgetSent(String topic) {
        Slot s = slots.get(topic);
        if (s != null) s.lastSent = null;
    }

    /** Messages handed to the broker client so far. */
    long published() {
        return published.get();
    }

    /** Payloads offered so far (published or coalesced away). */
    long offered() {
        return offered.get();
    }

    private void send(String topic, Slot slot, byte[] payload) {
        published.incrementAndGet();
        CompletableFuture<?> f;
        try {
            f = sink.publishRetained(topic, payload);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((v, e) -> {
            byte[] next;
            synchronized (this) {
                slot.lastSent = e == null ? payload : null;
                next = slot.waiting;
                slot.waiting = null;
                if (next == null || Arrays.equals(next, slot.lastSent)) {
                    slot.inFlight = false;
                    return;
                }
            }
            send(topic, slot, next);
        });
    }
}
