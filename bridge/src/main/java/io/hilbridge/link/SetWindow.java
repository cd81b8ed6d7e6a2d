package io.hilbridge.link;

import io.hilbridge.concurrent.SerialExecutor;
import io.hilbridge.concurrent.SerialExecutor.Timer;
import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.ErrorCode;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.LightState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.hilbridge.concurrent.SerialExecutor.cancel;

/**
 * The SETs between clients and the board (uart-link.md section 6): per light the newest change not yet sent
 * (coalesced), a window of SETs in flight with bounded retransmit, merging of a light's unresolved SETs into the
 * next one (the older ones are superseded and never retransmitted), writes paced to the wire ({@link SetPacing}),
 * and the repair of lights whose SET timed out.
 *
 * <p>Thread-safety: confined to the tasks of its {@link LinkSession} (see there); other threads read only
 * {@link #pendingSnapshot}.
 */
final class SetWindow {
    private static final Logger log = LoggerFactory.getLogger(LinkSession.class);
    /** The board's duplicate window (uart-link.md section 6). */
    private static final int BOARD_WINDOW = 8;

    private final LinkSession link;
    private final String deviceId;
    private final LinkConfig config;
    private final SerialExecutor exec;
    private final LinkCounters counters;
    private final BoardModel model;

    /** Per light, the newest desired change not yet sent, in the order lights were first queued. */
    private final LinkedHashMap<Integer, PendingChange> pending = new LinkedHashMap<>();
    /** SETs written and not yet resolved, oldest first (at most {@link LinkConfig#window()}). */
    private final List<InFlightSet> window = new ArrayList<>();
    /** New SETs written since the link started (not retransmissions): numbers them for the span rule. */
    private long setsWritten;
    /**
     * Seqs of the SETs sent since the last HELLO_REQ, newest last, at most the board's window (8). A new SET never
     * reuses one of them: after the 16-bit counter wraps (about 18 h of heartbeats without a command) the board would
     * answer it from its duplicate window without applying it.
     */
    private final ArrayDeque<Integer> recentSetSeqs = new ArrayDeque<>();
    final SetPacing pacing = new SetPacing();
    private Timer pacingTimer;
    /** A HELLO_REQ is due (state_gen disagreed) as soon as no SET is in flight. */
    private boolean verifyBoot;

    volatile Set<Integer> pendingSnapshot = Set.of();

    SetWindow(LinkSession link, String deviceId, LinkConfig config, SerialExecutor exec, LinkCounters counters,
              BoardModel model) {
        this.link = link;
        this.deviceId = deviceId;
        this.config = config;
        this.exec = exec;
        this.counters = counters;
        this.model = model;
    }

    void publish() {
        Set<Integer> p = new TreeSet<>(pending.keySet());
        for (InFlightSet f : window) p.add(f.light);
        pendingSnapshot = Collections.unmodifiableSet(p);
    }

    // ---------------------------------------------------------------- connection events

    /** A HELLO arrived: no HELLO_REQ is due, and the (maybe new) firmware's kind of answer is learnt again. */
    void helloArrived() {
        verifyBoot = false;
        pacing.helloArrived();
    }

    /** HELLO_REQ clears the board's duplicate window, so the host's record of recent SET seqs starts over too. */
    void helloRequested() {
        recentSetSeqs.clear();
    }

    /** A HELLO_REQ is to follow as soon as no SET is in flight (it clears the board's duplicate window). */
    void verifyBootWhenIdle() {
        verifyBoot = true;
    }

    // ---------------------------------------------------------------- queueing

    void enqueue(int light, LightChange change, CompletableFuture<Void> f) {
        PendingChange p = pending.get(light);
        if (p == null) {
            p = new PendingChange(change);
            pending.put(light, p);
        } else {
            if (p.waiters.size() >= config.maxWaitersPerLight()) {
                f.completeExceptionally(new CommandException(ErrorCode.BUSY,
                        "light " + light + " already has " + p.waiters.size() + " commands waiting"));
                return;
            }
            p.change = LinkSession.coalesce(p.change, change);
        }
        p.waiters.add(f);
        model.commandQueued(light, change);
        link.publish();
    }

    /** Queues the light's complete desired state (replay after reset, or repair after a timeout). */
    void enqueueFullState(int light) {
        LightChange full = model.fullState(light);
        PendingChange p = pending.get(light);
        if (p == null) {
            p = new PendingChange(full);
            pending.put(light, p);
        } else {
            // The desired state already contains the pending change; keep its transition.
            p.change = LinkSession.coalesce(p.change, full);
        }
        p.fullState = true;
        link.publish();
    }

    /**
     * The link works again (an ACK or PONG arrived): lights left dirty by a repair that timed out as well get
     * another full-state SET, so the board converges without waiting for a new handshake.
     */
    void repairDirty() {
        if (model.info == null) return;
        for (int light = model.dirty.nextSetBit(0); light >= 0 && light < model.desired.length;
             light = model.dirty.nextSetBit(light + 1)) {
            if (pending.containsKey(light) || inFlightFor(light)) continue;
            enqueueFullState(light);
        }
    }

    // ---------------------------------------------------------------- writing

    /**
     * Writes pending SETs while the window has room (uart-link.md section 6): at most {@link LinkConfig#window()} in
     * flight, every retransmittable one among the last 8 SETs written (so the board's duplicate window still knows
     * it), and only once the wire has drained what was written before (pacing), so that what goes out next is the
     * newest pending change.
     */
    void pump() {
        if (!link.mayWriteSets()) return;
        if (verifyBoot) {
            // HELLO_REQ clears the board's duplicate window and per-light order: only with nothing in flight, and no
            // new SET until it is out.
            if (!window.isEmpty()) return;
            verifyBoot = false;
            link.sendHelloReqFrame();
        }
        while (!pending.isEmpty() && window.size() < config.window() && spanAllowsNewSet()) {
            long wait = pacing.setDelayNanos(System.nanoTime());
            if (wait > 0) {
                if (pacingTimer == null) {
                    pacingTimer = exec.schedule(this::pacingTimerFired, wait, TimeUnit.NANOSECONDS);
                }
                return;
            }
            writeNextSet();
        }
    }

    private void pacingTimerFired() {
        pacingTimer = null;
        pump();
    }

    /** Counting the next SET, every in-flight SET that may still be retransmitted is among the last 8 written. */
    private boolean spanAllowsNewSet() {
        for (InFlightSet f : window) {
            if (!f.superseded && setsWritten - f.index >= BOARD_WINDOW) return false;
        }
        return true;
    }

    private void writeNextSet() {
        Iterator<Map.Entry<Integer, PendingChange>> it = pending.entrySet().iterator();
        Map.Entry<Integer, PendingChange> e = it.next();
        it.remove();
        int light = e.getKey();
        PendingChange p = e.getValue();
        // Merge: the light's unresolved SETs, oldest first, then the pending change. If an older one was lost and
        // this one applied, nothing the older one carried is lost; the board may then ignore the older one as stale.
        LightChange carried = null;
        boolean full = p.fullState;
        for (InFlightSet f : window) {
            if (f.light != light) continue;
            carried = carried == null ? f.own : LinkSession.coalesce(carried, f.own);
            full |= f.ownFull;
            f.superseded = true; // never retransmitted from now on: this SET carries what it did
            cancel(f.timer);
            f.timer = null;
        }
        carried = carried == null ? p.change : LinkSession.coalesce(carried, p.change);
        int seq = link.nextSeq();
        while (recentSetSeqs.contains(seq)) seq = link.nextSeq();
        recentSetSeqs.addLast(seq);
        if (recentSetSeqs.size() > BOARD_WINDOW) recentSetSeqs.removeFirst();
        byte[] wire = FrameEncoder.encode(Frame.SET, seq, Messages.SetCommand.of(light, carried).encode());
        InFlightSet f = new InFlightSet(seq, light, p.change, p.fullState, full, wire, p.waiters, setsWritten++);
        window.add(f);
        transmit(f);
        link.publish();
    }

    private void transmit(InFlightSet f) {
        f.transmissions++;
        f.lastAnswerMalformed = false;
        link.send(f.wire, pacing.setAnswerBytes());
        long rto = config.rto(f.transmissions).toNanos();
        f.timer = exec.schedule(() -> onRetransmitTimer(f), rto, TimeUnit.NANOSECONDS);
    }

    private void onRetransmitTimer(InFlightSet f) {
        if (!window.contains(f) || f.superseded) return;
        if (f.transmissions <= config.retries()) {
            counters.retransmits.incrementAndGet();
            log.debug("{}: no answer to SET seq {} (transmission {}), retransmitting", deviceId, f.seq,
                    f.transmissions);
            transmit(f);
            return;
        }
        List<CompletableFuture<Void>> waiters = resolve(f);
        if (f.lastAnswerMalformed) {
            counters.nacks.incrementAndGet();
            link.publish(); // before the waiters wake up, so they read the state this answer leaves behind
            fail(waiters, new CommandException(ErrorCode.NACK, "nack:malformed",
                    "the board found every transmission malformed"));
            finishResync(f.light);
            pump();
            return;
        }
        counters.timeouts.incrementAndGet();
        log.warn("{}: SET seq {} for light {} got no answer after {} transmissions", deviceId, f.seq, f.light,
                f.transmissions);
        // Its effect is unknown: repair the light once with its full desired state, else leave it to the handshake.
        if (model.timedOut(f.light)) enqueueFullState(f.light);
        link.publish(); // before the waiters wake up, so they read the state this answer leaves behind
        fail(waiters, new CommandException(ErrorCode.TIMEOUT,
                "the board did not answer within " + f.transmissions + " transmissions"));
        finishResync(f.light);
        pump();
    }

    // ---------------------------------------------------------------- answers

    /**
     * An ACK for a SET. Returns false when no SET in flight has its seq (a stale ACK).
     */
    boolean onAck(Messages.Ack ack) {
        InFlightSet f = inFlight(ack.ackSeq());
        if (f == null) {
            log.debug("{}: stale ACK for seq {}", deviceId, ack.ackSeq());
            return false;
        }
        List<CompletableFuture<Void>> waiters = resolve(f);
        long rtt = System.nanoTime() - f.firstSentNanos;
        counters.lastRttMicros = rtt / 1000;
        model.acked(f.light, f.fullState);
        if (model.stateGenDiffers(ack.stateGen())) link.stateGenMismatch();
        repairDirty();
        // The window has room again: the next SET goes out before the answers are delivered (their callbacks may
        // be slow, e.g. a broadcast to every WebSocket client), so a flood's newest value waits for nobody.
        pump();
        link.publish(); // before the waiters wake up, so they read the state this answer leaves behind
        for (CompletableFuture<Void> w : waiters) w.complete(null);
        link.notifyListeners("onRoundTrip", l -> l.onRoundTrip(link, rtt));
        finishResync(f.light);
        return true;
    }

    void onNack(Messages.Nack nack) {
        InFlightSet f = inFlight(nack.ackSeq());
        if (f == null) {
            log.debug("{}: stale NACK for seq {}", deviceId, nack.ackSeq());
            return;
        }
        if (nack.code() == Messages.NACK_MALFORMED) {
            // We only send well-formed SETs: the board saw a corrupted one (uart-link.md section 2, the CRC's
            // trailing-zero weakness). Like a lost answer: the retransmit timer sends it again (a superseded one is
            // not sent again; the newer SET answers for it).
            f.lastAnswerMalformed = true;
            log.debug("{}: SET seq {} arrived malformed, will retransmit", deviceId, f.seq);
            return;
        }
        counters.nacks.incrementAndGet();
        String reason = Messages.nackName(nack.code());
        if (f.superseded) {
            // A newer SET for the light carries this one's change too: its clients get that SET's result.
            InFlightSet newest = null;
            for (InFlightSet g : window) {
                if (g.light == f.light) newest = g;
            }
            log.warn("{}: the board refused superseded SET seq {} for light {}: {}; its clients get the answer to "
                    + "seq {}", deviceId, f.seq, f.light, reason, newest.seq);
            window.remove(f);
            newest.waiters.addAll(f.waiters);
            link.publish();
            pump();
            return;
        }
        List<CompletableFuture<Void>> waiters = resolve(f);
        log.warn("{}: the board refused SET seq {} for light {}: {}", deviceId, f.seq, f.light, reason);
        model.refused(f.light);
        String message = "the board refused the command: " + reason;
        CommandException error = switch (nack.code()) {
            case Messages.NACK_BAD_LIGHT -> new CommandException(ErrorCode.UNKNOWN_LIGHT, message);
            case Messages.NACK_UNSUPPORTED -> new CommandException(ErrorCode.UNSUPPORTED, message);
            case Messages.NACK_OUT_OF_RANGE -> new CommandException(ErrorCode.OUT_OF_RANGE, message);
            case Messages.NACK_BUSY -> new CommandException(ErrorCode.BUSY, message);
            default -> new CommandException(ErrorCode.NACK, "nack:" + reason, message);
        };
        link.publish(); // before the waiters wake up, so they read the state this answer leaves behind
        fail(waiters, error);
        finishResync(f.light);
        pump();
        link.publish();
    }

    /**
     * Takes {@code f} and every older unresolved SET for its light out of the window and returns all their waiters:
     * the older ones were superseded by {@code f}, which carried their changes, so they share its result.
     */
    private List<CompletableFuture<Void>> resolve(InFlightSet f) {
        List<CompletableFuture<Void>> waiters = new ArrayList<>();
        int at = window.indexOf(f);
        for (int i = 0; i <= at; i++) {
            InFlightSet g = window.get(i);
            if (g.light != f.light) continue;
            cancel(g.timer);
            g.timer = null;
            waiters.addAll(g.waiters);
        }
        window.subList(0, at + 1).removeIf(g -> g.light == f.light);
        return waiters;
    }

    private InFlightSet inFlight(int seq) {
        for (InFlightSet f : window) {
            if (f.seq == seq) return f;
        }
        return null;
    }

    private boolean inFlightFor(int light) {
        for (InFlightSet f : window) {
            if (f.light == light) return true;
        }
        return false;
    }

    /**
     * {@code base} with the changes of the light's unresolved SETs and its pending change applied: what the light
     * will be once everything sent or queued for it lands. The board answers in order, so a STATE that arrives while
     * SETs are unresolved was produced before the board processed them.
     */
    LightState withOutstanding(int light, LightState base) {
        LightState s = base;
        for (InFlightSet f : window) {
            if (f.light == light) s = s.apply(f.own);
        }
        PendingChange p = pending.get(light);
        return p != null ? s.apply(p.change) : s;
    }

    /** A replayed light is in sync once its last SET is resolved; the link is online once every one is. */
    void finishResync(int light) {
        if (pending.containsKey(light) || inFlightFor(light)) return; // its last SET is not resolved yet
        if (model.resyncing.remove(light) && model.resyncing.isEmpty() && link.status() == DeviceStatus.RESYNCING) {
            link.setStatus(DeviceStatus.ONLINE);
        }
    }

    // ---------------------------------------------------------------- ending

    /** The board now has {@code n} lights: commands pending for the others fail with unknown_light. */
    void dropLightsFrom(int n) {
        for (Iterator<Map.Entry<Integer, PendingChange>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Integer, PendingChange> e = it.next();
            if (e.getKey() >= n) {
                it.remove();
                fail(e.getValue().waiters, new CommandException(ErrorCode.UNKNOWN_LIGHT,
                        "the board now has " + n + " lights"));
            }
        }
    }

    /** Fails every SET in flight or pending with {@code error}; their lights are left dirty (to replay). */
    void failAll(CommandException error) {
        List<CompletableFuture<Void>> waiters = new ArrayList<>();
        for (InFlightSet f : window) {
            cancel(f.timer);
            model.dirty.set(f.light);
            waiters.addAll(f.waiters);
        }
        window.clear();
        cancel(pacingTimer);
        pacingTimer = null;
        for (Map.Entry<Integer, PendingChange> e : pending.entrySet()) {
            model.dirty.set(e.getKey());
            waiters.addAll(e.getValue().waiters);
        }
        pending.clear();
        model.resyncing.clear();
        link.publish(); // before the waiters wake up, so they see nothing pending any more
        fail(waiters, error);
    }

    static void fail(List<CompletableFuture<Void>> waiters, CommandException e) {
        for (CompletableFuture<Void> w : waiters) w.completeExceptionally(e);
    }
}
