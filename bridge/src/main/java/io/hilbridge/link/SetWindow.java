package io.hilbridge.link;

import io.hilbridge.concurrent.SerialExecutor;
import io.hilbridge.concurrent.SerialExecutor.Timer;
import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.ErrorCode;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.LightState;
import io.hilbridge.lights.PixelRuns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.hilbridge.concurrent.SerialExecutor.cancel;

/**
 * Sends the queued changes to the board as SETs (uart-link.md section 6): takes them from the {@link SetQueue} while
 * the window has room ({@link SetsInFlight}) and the wire has drained ({@link SetPacing}), numbers them, retransmits
 * a SET that gets no answer (bounded), resolves each by its ACK or NACK, and repairs lights whose SET timed out.
 *
 * <p>Thread-safety: confined to the tasks of its {@link LinkSession} (see there); other threads read only
 * {@link #pendingSnapshot}.
 */
final class SetWindow {
    private static final Logger log = LoggerFactory.getLogger(LinkSession.class);

    private final LinkSession link;
    private final String deviceId;
    private final LinkConfig config;
    private final SerialExecutor exec;
    private final LinkCounters counters;
    private final BoardModel model;
    private final SetQueue queue;
    private final SetsInFlight window = new SetsInFlight();
    private final SetSeqs seqs;
    final SetPacing pacing;
    private Timer pacingTimer;
    /** A HELLO_REQ is due (state_gen disagreed) as soon as no SET is in flight. */
    private boolean verifyBoot;

    volatile Set<Integer> pendingSnapshot = Set.of();

    SetWindow(
            LinkSession link,
            String deviceId,
            LinkConfig config,
            SerialExecutor exec,
            LinkCounters counters,
            BoardModel model,
            SetQueue queue) {
        this.link = link;
        this.deviceId = deviceId;
        this.config = config;
        this.exec = exec;
        this.pacing = new SetPacing(exec::nanoTime);
        this.counters = counters;
        this.model = model;
        this.queue = queue;
        this.seqs = new SetSeqs(link::nextSeq);
    }

    /** The lights with a change queued or in flight, for other threads. */
    void publish() {
        Set<Integer> p = new TreeSet<>();
        queue.addLightsTo(p);
        window.addLightsTo(p);
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
        seqs.helloRequested();
    }

    /** A HELLO_REQ is to follow as soon as no SET is in flight (it clears the board's duplicate window). */
    void verifyBootWhenIdle() {
        verifyBoot = true;
    }

    /**
     * The link works again (an ACK or PONG arrived): lights left dirty by a repair that timed out as well get
     * another full-state SET, so the board converges without waiting for a new handshake.
     */
    void repairDirty() {
        for (int light = model.dirty.nextSetBit(0);
                light >= 0 && light < model.desired.length;
                light = model.dirty.nextSetBit(light + 1)) {
            if (queue.has(light) || window.holds(light)) continue;
            queue.enqueueFullState(light);
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
        while (!queue.isEmpty() && window.size() < config.window() && window.spanAllowsNewSet()) {
            long wait = pacing.setDelayNanos(exec.nanoTime());
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

    private void writeNextSet() {
        PendingChange p = queue.takeFirst();
        SetsInFlight.Carried carried = window.supersede(p);
        int seq = seqs.next();
        // A merge that carries per-pixel colours goes as SET_PIXELS, any other as SET (uart-link.md section 6).
        LightChange c = carried.change();
        byte[] wire = c.pixels() != null
                ? FrameEncoder.encode(
                        Frame.SET_PIXELS, seq, Messages.SetPixels.of(p.light, c).encode())
                : FrameEncoder.encode(
                        Frame.SET, seq, Messages.SetCommand.of(p.light, c).encode());
        InFlightSet f = window.add(seq, p, carried, wire, exec.nanoTime());
        transmit(f); // the light moved from the queue to the window: the pending lights are the same, no publish
    }

    private void transmit(InFlightSet f) {
        f.transmissions++;
        f.lastAnswerMalformed = false;
        link.send(f.wire, pacing.setAnswerBytes());
        long rto = config.rto(f.transmissions).toNanos();
        f.timer = exec.schedule(() -> onRetransmitTimer(f), rto, TimeUnit.NANOSECONDS);
    }

    /** Runs only for an unresolved SET that is not superseded: resolving or superseding it cancels this timer. */
    private void onRetransmitTimer(InFlightSet f) {
        if (f.transmissions <= config.retries()) {
            counters.retransmits.incrementAndGet();
            log.debug(
                    "{}: no answer to SET seq {} (transmission {}), retransmitting", deviceId, f.seq, f.transmissions);
            transmit(f);
            return;
        }
        List<CompletableFuture<Void>> waiters = window.resolve(f);
        if (f.lastAnswerMalformed) {
            counters.nacks.incrementAndGet();
            link.publish(); // before the waiters wake up, so they read the state this answer leaves behind
            fail(
                    waiters,
                    new CommandException(
                            ErrorCode.NACK, "nack:malformed", "the board found every transmission malformed"));
            finishResync(f.light);
            pump();
            return;
        }
        counters.timeouts.incrementAndGet();
        log.warn(
                "{}: SET seq {} for light {} got no answer after {} transmissions",
                deviceId,
                f.seq,
                f.light,
                f.transmissions);
        // Its effect is unknown: repair the light once with its full desired state, else leave it to the handshake.
        if (model.timedOut(f.light)) queue.enqueueFullState(f.light);
        link.publish(); // before the waiters wake up, so they read the state this answer leaves behind
        fail(
                waiters,
                new CommandException(
                        ErrorCode.TIMEOUT, "the board did not answer within " + f.transmissions + " transmissions"));
        finishResync(f.light);
        pump();
    }

    // ---------------------------------------------------------------- answers

    /** An ACK for a SET; a stale one (no SET in flight has its seq) changes nothing. */
    void onAck(Messages.Ack ack) {
        InFlightSet f = window.find(ack.ackSeq());
        if (f == null) {
            log.debug("{}: stale ACK for seq {}", deviceId, ack.ackSeq());
            return;
        }
        List<CompletableFuture<Void>> waiters = window.resolve(f);
        long rtt = exec.nanoTime() - f.firstSentNanos;
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
    }

    void onNack(Messages.Nack nack) {
        InFlightSet f = window.find(nack.ackSeq());
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
            InFlightSet newest = window.handOverToNewest(f);
            log.warn(
                    "{}: the board refused superseded SET seq {} for light {}: {}; its clients get the answer to "
                            + "seq {}",
                    deviceId,
                    f.seq,
                    f.light,
                    reason,
                    newest.seq);
            pump(); // the light stays pending (the newer SET holds it): nothing to publish
            return;
        }
        List<CompletableFuture<Void>> waiters = window.resolve(f);
        log.warn("{}: the board refused SET seq {} for light {}: {}", deviceId, f.seq, f.light, reason);
        model.refused(f.light);
        CommandException error = refusal(nack.code(), reason);
        link.publish(); // before the waiters wake up, so they read the state this answer leaves behind
        fail(waiters, error);
        finishResync(f.light);
        pump();
    }

    /** The error a client gets for a SET the board refused with {@code code}. */
    private static CommandException refusal(int code, String reason) {
        String message = "the board refused the command: " + reason;
        return switch (code) {
            case Messages.NACK_BAD_LIGHT -> new CommandException(ErrorCode.UNKNOWN_LIGHT, message);
            case Messages.NACK_UNSUPPORTED -> new CommandException(ErrorCode.UNSUPPORTED, message);
            case Messages.NACK_OUT_OF_RANGE -> new CommandException(ErrorCode.OUT_OF_RANGE, message);
            case Messages.NACK_BUSY -> new CommandException(ErrorCode.BUSY, message);
            default -> new CommandException(ErrorCode.NACK, "nack:" + reason, message);
        };
    }

    /**
     * {@code base} with the changes of the light's unresolved SETs and its pending change applied: what the light
     * will be once everything sent or queued for it lands. The board answers in order, so a STATE that arrives while
     * SETs are unresolved was produced before the board processed them.
     */
    /** The per-pixel colours the unresolved SET {@code seq} carries; null when none or no such SET. */
    PixelRuns pixelsSentWith(int seq) {
        InFlightSet f = window.find(seq);
        return f == null ? null : f.pixels;
    }

    LightState withOutstanding(int light, LightState base) {
        LightState s = window.applyTo(light, base);
        LightChange queued = queue.changeFor(light);
        return queued != null ? s.apply(queued) : s;
    }

    /** A replayed light is in sync once its last SET is resolved; the link is online once every one is. */
    void finishResync(int light) {
        if (queue.has(light) || window.holds(light)) return; // its last SET is not resolved yet
        if (model.resyncing.remove(light) && model.resyncing.isEmpty() && link.status() == DeviceStatus.RESYNCING) {
            link.setStatus(DeviceStatus.ONLINE);
        }
    }

    // ---------------------------------------------------------------- ending

    /** Fails every SET in flight or pending with {@code error}; their lights are left dirty (to replay). */
    void failAll(CommandException error) {
        List<CompletableFuture<Void>> waiters = new ArrayList<>();
        window.drainInto(waiters, model.dirty);
        cancel(pacingTimer);
        pacingTimer = null;
        queue.drainInto(waiters);
        model.resyncing.clear();
        link.publish(); // before the waiters wake up, so they see nothing pending any more
        fail(waiters, error);
    }

    static void fail(List<CompletableFuture<Void>> waiters, CommandException e) {
        for (CompletableFuture<Void> w : waiters) w.completeExceptionally(e);
    }
}
