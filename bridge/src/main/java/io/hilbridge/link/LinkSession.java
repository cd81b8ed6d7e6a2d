package io.hilbridge.link;

import io.hilbridge.concurrent.SerialExecutor;
import io.hilbridge.concurrent.SerialExecutor.Timer;
import io.hilbridge.lights.BoardInfo;
import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.Effect;
import io.hilbridge.lights.ErrorCode;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.LightFault;
import io.hilbridge.lights.LightInfo;
import io.hilbridge.lights.LightState;
import io.hilbridge.lights.StateCause;
import io.hilbridge.serial.SerialTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static io.hilbridge.concurrent.SerialExecutor.cancel;

/**
 * The host side of the UART link to one board (uart-link.md sections 5 and 6): handshake, a window of SETs in flight
 * with bounded retransmit, per-light coalescing and merging of desired state, superseded SETs that are never
 * retransmitted, writes paced to the wire, heartbeat, replay after a board reset, and reconnect after a loss of
 * contact.
 *
 * <p>Thread-safety: every public method may be called from any thread and returns without waiting for I/O. All
 * protocol state is confined to one {@link SerialExecutor} per board: its tasks run one at a time, on the calling
 * thread when the link is idle (a client's command, a chunk of bytes from the board's reader thread) and otherwise
 * after the task running now; timers, and opening and closing the port, run on the link's own thread
 * ({@code hilbridge-link-<deviceId>}). Listener callbacks and the completion of the futures returned by {@link #set}
 * run inside such a task, on whichever thread runs it, so they must not block (use the async variants for slow
 * work); a command they send runs after them. Readers see immutable snapshots published through volatile fields.
 */
public final class LinkSession implements BoardLink {
    private static final Logger log = LoggerFactory.getLogger(LinkSession.class);

    private final String deviceId;
    private final SerialTransport transport;
    private final LinkConfig config;
    private final SerialExecutor exec;
    private final Logger boardLog;
    private final CopyOnWriteArrayList<BoardListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closing = new AtomicBoolean();

    // ---- confined to link tasks (SerialExecutor)
    private final FrameDecoder decoder;
    private int connection; // generation of the transport connection; callbacks of older ones are ignored
    private boolean open;
    private boolean closed;
    private boolean handshaking;
    private long helloDelayMs;
    private long reconnectDelayMs;
    private int nextSeq;
    private Long bootId;
    private BoardInfo info;
    private LightState[] reported = new LightState[0];
    private LightState[] desired = new LightState[0];
    /** Lights the board reports faulted (FAULT), until a FAULT 0 or a sync STATE without a FAULT after it. */
    private final Map<Integer, LightFault> faults = new TreeMap<>();
    /** A faulted light whose sync STATE just arrived: unless the next frame is its FAULT, the fault is gone. */
    private int faultUnconfirmed = -1;
    /** Lights a client has set at least once: replayed after a board reset. */
    private BitSet touched = new BitSet();
    /** Lights whose desired state may not have reached the board (a command failed with timeout/offline). */
    private BitSet dirty = new BitSet();
    /** Lights repaired once since their last ack: a second timeout leaves them dirty until the next handshake. */
    private BitSet repaired = new BitSet();
    private final Set<Integer> resyncing = new TreeSet<>();
    /** Per light, the newest desired change not yet sent, in the order lights were first queued. */
    private final LinkedHashMap<Integer, Pending> pending = new LinkedHashMap<>();
    /** SETs written and not yet resolved, oldest first (at most {@link LinkConfig#window()}). */
    private final List<InFlight> window = new ArrayList<>();
    /** New SETs written since the link started (not retransmissions): numbers them for the span rule. */
    private long setsWritten;
    private WirePacer pacer = new WirePacer(0);
    private Timer pacingTimer;
    private int lastStateGen = -1;
    /**
     * Seqs of the SETs sent since the last HELLO_REQ, newest last, at most the board's window (8). A new SET never
     * reuses one of them: after the 16-bit counter wraps (about 18 h of heartbeats without a command) the board would
     * answer it from its duplicate window without applying it.
     */
    private final java.util.ArrayDeque<Integer> recentSetSeqs = new java.util.ArrayDeque<>();
    private static final int BOARD_WINDOW = 8;
    /**
     * A SET on the wire (fixed size), and what the board sends back for a SET that changes its one light: one
     * ACK_STATE, or STATE and ACK from a board that does not send ACK_STATE (uart-link.md section 6, pacing).
     */
    private static final int SET_WIRE_BYTES = FrameEncoder.encode(Frame.SET, 0, new byte[10]).length;
    private static final int SET_ANSWER_BYTES_ONE_FRAME = FrameEncoder.encode(Frame.ACK_STATE, 0, new byte[11]).length;
    private static final int SET_ANSWER_BYTES_TWO_FRAMES = FrameEncoder.encode(Frame.STATE, 0, new byte[10]).length
            + FrameEncoder.encode(Frame.ACK, 0, new byte[4]).length;
    /** The board has answered a SET with ACK_STATE since its HELLO: pace for one frame per answer. */
    private volatile boolean boardSendsAckState;
    /** A HELLO_REQ is due (state_gen disagreed) as soon as no SET is in flight. */
    private boolean verifyBoot;
    private long lastRxNanos;
    private long lastPingNanos;
    private int missedPings;
    private Timer helloTimer;
    private Timer reconnectTimer;
    private Timer heartbeatTimer;

    // ---- published for other threads
    private volatile DeviceStatus status = DeviceStatus.CONNECTING;
    private volatile BoardInfo infoSnapshot;
    private volatile List<LightState> reportedSnapshot = List.of();
    private volatile List<LightState> desiredSnapshot = List.of();
    private volatile Set<Integer> pendingSnapshot = Set.of();
    private volatile Map<Integer, LightFault> faultsSnapshot = Map.of();

    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong framesReceived = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final AtomicLong[] decodeErrors = new AtomicLong[DecodeError.values().length];
    private final AtomicLong retransmits = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();
    private final AtomicLong nacks = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong resets = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong internalErrors = new AtomicLong();
    private volatile long lastRttMicros = -1;

    private static final class Pending {
        LightChange change;
        final List<CompletableFuture<Void>> waiters = new ArrayList<>(2);
        /** True when {@link #change} is the light's complete desired state (a replay or a repair). */
        boolean fullState;

        Pending(LightChange change) {
            this.change = change;
        }
    }

    private static final class InFlight {
        final int seq;
        final int light;
        /** The pending change this SET took off the queue (what its own clients asked for). */
        final LightChange own;
        /** {@link #own} is the light's complete desired state (a replay or a repair). */
        final boolean ownFull;
        /** What the wire carries: {@link #own} merged onto the light's unresolved older SETs. */
        final boolean fullState;
        final byte[] wire;
        final List<CompletableFuture<Void>> waiters;
        /** Position among the new SETs written ({@link #setsWritten}), for the span rule. */
        final long index;
        final long firstSentNanos;
        int transmissions;
        boolean lastAnswerMalformed;
        /** A newer SET for this light was written: never retransmitted, resolved by its own answer or the newer's. */
        boolean superseded;
        Timer timer;

        InFlight(int seq, int light, LightChange own, boolean ownFull, boolean fullState, byte[] wire,
                 List<CompletableFuture<Void>> waiters, long index) {
            this.seq = seq;
            this.light = light;
            this.own = own;
            this.ownFull = ownFull;
            this.fullState = fullState;
            this.wire = wire;
            this.waiters = waiters;
            this.index = index;
            this.firstSentNanos = System.nanoTime();
        }
    }

    private LinkSession(String deviceId, SerialTransport transport, LinkConfig config) {
        this.deviceId = deviceId;
        this.transport = transport;
        this.config = config;
        this.boardLog = LoggerFactory.getLogger("io.hilbridge.board." + deviceId);
        for (int i = 0; i < decodeErrors.length; i++) decodeErrors[i] = new AtomicLong();
        this.decoder = new FrameDecoder(new FrameDecoder.Listener() {
            @Override
            public void onFrame(Frame frame) {
                onFrameReceived(frame);
            }

            @Override
            public void onError(DecodeError error) {
                decodeErrors[error.ordinal()].incrementAndGet();
                log.debug("{}: dropped bytes from the board ({})", deviceId, error.kind());
            }
        });
        this.exec = new SerialExecutor("hilbridge-link-" + deviceId, e -> {
            internalErrors.incrementAndGet();
            log.error("{}: unexpected error in the link", deviceId, e);
        });
    }

    /**
     * Starts a session: opens the transport on the link's own thread and begins the handshake. Returns at once; the
     * status is {@link DeviceStatus#CONNECTING} until the first HELLO.
     */
    public static LinkSession start(String deviceId, SerialTransport transport, LinkConfig config) {
        if (deviceId == null || deviceId.isBlank()) throw new IllegalArgumentException("deviceId is empty");
        if (transport == null) throw new IllegalArgumentException("transport is null");
        if (config == null) throw new IllegalArgumentException("config is null");
        LinkSession s = new LinkSession(deviceId, transport, config);
        s.exec.executeAtHome(s::connect);
        long hb = Math.max(1, config.heartbeatInterval().toMillis() / 4);
        s.heartbeatTimer = s.exec.scheduleWithFixedDelay(s::heartbeat, hb, TimeUnit.MILLISECONDS);
        return s;
    }

    // ================================================================== BoardLink

    @Override
    public String deviceId() {
        return deviceId;
    }

    @Override
    public String transport() {
        return transport.describe();
    }

    @Override
    public DeviceStatus status() {
        return status;
    }

    @Override
    public Optional<BoardInfo> info() {
        return Optional.ofNullable(infoSnapshot);
    }

    @Override
    public List<LightState> reportedStates() {
        return reportedSnapshot;
    }

    @Override
    public List<LightState> desiredStates() {
        return desiredSnapshot;
    }

    @Override
    public Map<Integer, LightFault> faults() {
        return faultsSnapshot;
    }

    @Override
    public boolean pending(int light) {
        return pendingSnapshot.contains(light);
    }

    @Override
    public CompletableFuture<Void> set(int light, LightChange change) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        if (change == null || change.isEmpty()) {
            f.completeExceptionally(new CommandException(ErrorCode.BAD_REQUEST, "the change sets no field"));
            return f;
        }
        exec.execute(() -> {
            try {
                accept(light, change, f);
            } catch (RuntimeException e) {
                internalErrors.incrementAndGet();
                log.error("{}: unexpected error accepting a command", deviceId, e);
                f.completeExceptionally(new CommandException(ErrorCode.NACK, "nack:internal", e.toString()));
            }
        });
        return f;
    }

    @Override
    public void addListener(BoardListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(BoardListener listener) {
        listeners.remove(listener);
    }

    @Override
    public LinkStats stats() {
        return new LinkStats(framesSent.get(), framesReceived.get(), bytesSent.get(), bytesReceived.get(),
                decodeErrors[DecodeError.COBS.ordinal()].get(), decodeErrors[DecodeError.RUNT.ordinal()].get(),
                decodeErrors[DecodeError.CRC.ordinal()].get(), decodeErrors[DecodeError.VERSION.ordinal()].get(),
                decodeErrors[DecodeError.OVERSIZE.ordinal()].get(), retransmits.get(), timeouts.get(), nacks.get(),
                reconnects.get(), resets.get(), lastRttMicros);
    }

    /** Bugs caught in link tasks (logged, the link carries on); tests expect 0. */
    public long internalErrors() {
        return internalErrors.get();
    }

    /** Frames from the board that decoded but whose payload did not fit its type (counted and dropped). */
    public long malformedFrames() {
        return malformed.get();
    }

    /**
     * Fails what is pending with {@code device_offline}, closes the port and stops the link's thread. Waits for that
     * (at most 5 s) unless called from a listener callback or a future's completion, which cannot wait for the link
     * without waiting for themselves: the link then closes right after the callback returns.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) return;
        CompletableFuture<Void> done = new CompletableFuture<>();
        exec.executeAtHome(() -> {
            try {
                shutdownInTask();
            } finally {
                exec.shutdown(); // from its own thread: it ends once this task returns
                done.complete(null);
            }
        });
        if (exec.inTask() || exec.onHomeThread()) return; // cannot wait for a task queued behind our own
        try {
            done.get(5, TimeUnit.SECONDS);
            if (!exec.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("{}: link thread did not stop within 5 s", deviceId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.warn("{}: closing the link did not finish within 5 s", deviceId);
            exec.shutdown();
        }
    }

    // ================================================================== commands (link tasks)

    private void accept(int light, LightChange change, CompletableFuture<Void> f) {
        if (closed) {
            f.completeExceptionally(offline("the link to " + deviceId + " is closed"));
            return;
        }
        if ((status != DeviceStatus.ONLINE && status != DeviceStatus.RESYNCING) || info == null) {
            f.completeExceptionally(offline(deviceId + " is " + status.apiName()));
            return;
        }
        if (change.brightness() != null && (change.brightness() < 0 || change.brightness() > 255)) {
            f.completeExceptionally(new CommandException(ErrorCode.OUT_OF_RANGE,
                    "brightness must be 0..255, not " + change.brightness()));
            return;
        }
        if (change.transitionMs() != null && (change.transitionMs() < 0 || change.transitionMs() > 65535)) {
            f.completeExceptionally(new CommandException(ErrorCode.OUT_OF_RANGE,
                    "transitionMs must be 0..65535, not " + change.transitionMs()));
            return;
        }
        List<LightInfo> lights = info.lights();
        if (light == ALL_LIGHTS) {
            // All-or-nothing like the board's own rule: refuse before queueing anything.
            for (LightInfo li : lights) {
                String field = change.unsupportedField(li);
                if (field != null) {
                    f.completeExceptionally(unsupported(li, field));
                    return;
                }
            }
            // Expanded into one SET per light so that coalescing and replay stay per light.
            List<CompletableFuture<Void>> parts = new ArrayList<>(lights.size());
            for (LightInfo li : lights) {
                CompletableFuture<Void> part = new CompletableFuture<>();
                parts.add(part);
                enqueue(li.id(), change, part);
            }
            CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).whenComplete((v, err) -> {
                if (err == null) {
                    f.complete(null);
                } else {
                    f.completeExceptionally(err instanceof CompletionException && err.getCause() != null
                            ? err.getCause() : err);
                }
            });
            pump();
            return;
        }
        if (light < 0 || light >= lights.size()) {
            f.completeExceptionally(new CommandException(ErrorCode.UNKNOWN_LIGHT,
                    deviceId + " has no light " + light + " (it has " + lights.size() + ")"));
            return;
        }
        String field = change.unsupportedField(lights.get(light));
        if (field != null) {
            f.completeExceptionally(unsupported(lights.get(light), field));
            return;
        }
        enqueue(light, change, f);
        pump();
    }

    private static CommandException unsupported(LightInfo li, String field) {
        return new CommandException(ErrorCode.UNSUPPORTED,
                "light " + li.id() + " (" + li.kind().name().toLowerCase(java.util.Locale.ROOT) + ") does not support "
                        + field);
    }

    private void enqueue(int light, LightChange change, CompletableFuture<Void> f) {
        Pending p = pending.get(light);
        if (p == null) {
            p = new Pending(change);
            pending.put(light, p);
        } else {
            if (p.waiters.size() >= config.maxWaitersPerLight()) {
                f.completeExceptionally(new CommandException(ErrorCode.BUSY,
                        "light " + light + " already has " + p.waiters.size() + " commands waiting"));
                return;
            }
            p.change = coalesce(p.change, change);
        }
        p.waiters.add(f);
        desired[light] = desired[light].apply(change);
        touched.set(light);
        publish();
    }

    /**
     * One change with the effect of {@code earlier} then {@code later}, as the board applies them (uart-link.md
     * section 3): later fields win, and switching off without naming an effect stops a running one, so an effect
     * named earlier must become NONE ({@link LightChange#then} alone would keep it).
     */
    static LightChange coalesce(LightChange earlier, LightChange later) {
        return explicitEffect(earlier).then(explicitEffect(later));
    }

    /** "Off" without an effect stops the running one: say so explicitly, so that a later "on" cannot revive it. */
    private static LightChange explicitEffect(LightChange c) {
        if (Boolean.FALSE.equals(c.on()) && c.effect() == null) {
            return new LightChange(c.on(), c.brightness(), c.color(), c.transitionMs(), Effect.NONE);
        }
        return c;
    }

    /** Queues the light's complete desired state (replay after reset, or repair after a timeout). */
    private void enqueueFullState(int light) {
        LightInfo li = info.lights().get(light);
        LightState d = desired[light];
        LightChange full = new LightChange(d.on(), li.kind().dimmable() ? d.brightness() : null,
                li.kind().colored() ? d.color() : null, null,
                d.effect() == Effect.NONE || li.effects().contains(d.effect()) ? d.effect() : Effect.NONE);
        Pending p = pending.get(light);
        if (p == null) {
            p = new Pending(full);
            pending.put(light, p);
        } else {
            // The desired state already contains the pending change; keep its transition.
            p.change = coalesce(p.change, full);
        }
        p.fullState = true;
        publish();
    }

    /**
     * Writes pending SETs while the window has room (uart-link.md section 6): at most {@link LinkConfig#window()} in
     * flight, every retransmittable one among the last 8 SETs written (so the board's duplicate window still knows
     * it), and only once the wire has drained what was written before (pacing), so that what goes out next is the
     * newest pending change.
     */
    private void pump() {
        if (!open || handshaking) return;
        if (status != DeviceStatus.ONLINE && status != DeviceStatus.RESYNCING) return;
        if (verifyBoot) {
            // HELLO_REQ clears the board's duplicate window and per-light order: only with nothing in flight, and no
            // new SET until it is out.
            if (!window.isEmpty()) return;
            verifyBoot = false;
            sendHelloReqFrame();
        }
        while (!pending.isEmpty() && window.size() < config.window() && spanAllowsNewSet()) {
            long wait = pacer.setDelayNanos(System.nanoTime(), SET_WIRE_BYTES, setAnswerBytes());
            if (wait > 0) {
                if (pacingTimer == null) {
                    pacingTimer = exec.schedule(() -> {
                        pacingTimer = null;
                        pump();
                    }, wait, TimeUnit.NANOSECONDS);
                }
                return;
            }
            writeNextSet();
        }
    }

    private int setAnswerBytes() {
        return boardSendsAckState ? SET_ANSWER_BYTES_ONE_FRAME : SET_ANSWER_BYTES_TWO_FRAMES;
    }

    /** For tests: the bytes the pacing expects the board to answer a SET with. In a link task, or after one ran. */
    int pacedAnswerBytes() {
        return setAnswerBytes();
    }

    /** Counting the next SET, every in-flight SET that may still be retransmitted is among the last 8 written. */
    private boolean spanAllowsNewSet() {
        for (InFlight f : window) {
            if (!f.superseded && setsWritten - f.index >= BOARD_WINDOW) return false;
        }
        return true;
    }

    private void writeNextSet() {
        Iterator<Map.Entry<Integer, Pending>> it = pending.entrySet().iterator();
        Map.Entry<Integer, Pending> e = it.next();
        it.remove();
        int light = e.getKey();
        Pending p = e.getValue();
        // Merge: the light's unresolved SETs, oldest first, then the pending change. If an older one was lost and
        // this one applied, nothing the older one carried is lost; the board may then ignore the older one as stale.
        LightChange carried = null;
        boolean full = p.fullState;
        for (InFlight f : window) {
            if (f.light != light) continue;
            carried = carried == null ? f.own : coalesce(carried, f.own);
            full |= f.ownFull;
            f.superseded = true; // never retransmitted from now on: this SET carries what it did
            cancel(f.timer);
            f.timer = null;
        }
        carried = carried == null ? p.change : coalesce(carried, p.change);
        int seq = nextSeq();
        while (recentSetSeqs.contains(seq)) seq = nextSeq();
        recentSetSeqs.addLast(seq);
        if (recentSetSeqs.size() > BOARD_WINDOW) recentSetSeqs.removeFirst();
        byte[] wire = FrameEncoder.encode(Frame.SET, seq, Messages.SetCommand.of(light, carried).encode());
        InFlight f = new InFlight(seq, light, p.change, p.fullState, full, wire, p.waiters, setsWritten++);
        window.add(f);
        transmit(f);
        publish();
    }

    private void transmit(InFlight f) {
        f.transmissions++;
        f.lastAnswerMalformed = false;
        send(f.wire, setAnswerBytes());
        long rto = config.rto(f.transmissions).toNanos();
        f.timer = exec.schedule(() -> onRetransmitTimer(f), rto, TimeUnit.NANOSECONDS);
    }

    private void onRetransmitTimer(InFlight f) {
        if (!window.contains(f) || f.superseded) return;
        if (f.transmissions <= config.retries()) {
            retransmits.incrementAndGet();
            log.debug("{}: no answer to SET seq {} (transmission {}), retransmitting", deviceId, f.seq,
                    f.transmissions);
            transmit(f);
            return;
        }
        List<CompletableFuture<Void>> waiters = resolve(f);
        if (f.lastAnswerMalformed) {
            nacks.incrementAndGet();
            publish(); // before the waiters wake up, so they read the state this answer leaves behind
            fail(waiters, new CommandException(ErrorCode.NACK, "nack:malformed",
                    "the board found every transmission malformed"));
            finishResync(f.light);
            pump();
            return;
        }
        timeouts.incrementAndGet();
        log.warn("{}: SET seq {} for light {} got no answer after {} transmissions", deviceId, f.seq, f.light,
                f.transmissions);
        // Its effect is unknown: repair the light once with its full desired state, else leave it to the handshake.
        dirty.set(f.light);
        if (f.light < desired.length && !repaired.get(f.light)) {
            repaired.set(f.light);
            enqueueFullState(f.light);
        }
        publish(); // before the waiters wake up, so they read the state this answer leaves behind
        fail(waiters, new CommandException(ErrorCode.TIMEOUT,
                "the board did not answer within " + f.transmissions + " transmissions"));
        finishResync(f.light);
        pump();
    }

    /**
     * Takes {@code f} and every older unresolved SET for its light out of the window and returns all their waiters:
     * the older ones were superseded by {@code f}, which carried their changes, so they share its result.
     */
    private List<CompletableFuture<Void>> resolve(InFlight f) {
        List<CompletableFuture<Void>> waiters = new ArrayList<>();
        int at = window.indexOf(f);
        for (int i = 0; i <= at; i++) {
            InFlight g = window.get(i);
            if (g.light != f.light) continue;
            cancel(g.timer);
            g.timer = null;
            waiters.addAll(g.waiters);
        }
        window.subList(0, at + 1).removeIf(g -> g.light == f.light);
        return waiters;
    }

    private InFlight inFlight(int seq) {
        for (InFlight f : window) {
            if (f.seq == seq) return f;
        }
        return null;
    }

    private boolean inFlightFor(int light) {
        for (InFlight f : window) {
            if (f.light == light) return true;
        }
        return false;
    }

    /**
     * {@code base} with the changes of the light's unresolved SETs and its pending change applied: what the light
     * will be once everything sent or queued for it lands. The board answers in order, so a STATE that arrives while
     * SETs are unresolved was produced before the board processed them.
     */
    private LightState withOutstanding(int light, LightState base) {
        LightState s = base;
        for (InFlight f : window) {
            if (f.light == light) s = s.apply(f.own);
        }
        Pending p = pending.get(light);
        return p != null ? s.apply(p.change) : s;
    }

    // ================================================================== frames from the board (link tasks)

    private void onFrameReceived(Frame frame) {
        framesReceived.incrementAndGet();
        lastRxNanos = System.nanoTime();
        missedPings = 0;
        int unconfirmed = faultUnconfirmed;
        faultUnconfirmed = -1;
        if (unconfirmed >= 0 && !(frame.type() == Frame.FAULT && frame.payloadLength() == 4
                && (frame.payload()[0] & 0xFF) == unconfirmed)) {
            clearFault(unconfirmed); // a sync STATE without a FAULT after it: the light works
        }
        try {
            switch (frame.type()) {
                case Frame.HELLO -> onHello(Messages.Hello.decode(frame.payload()));
                case Frame.ACK -> onAck(Messages.Ack.decode(frame.payload()));
                case Frame.ACK_STATE -> onAckState(Messages.AckState.decode(frame.payload()));
                case Frame.NACK -> onNack(Messages.Nack.decode(frame.payload()));
                case Frame.STATE -> onState(Messages.State.decode(frame.payload()));
                case Frame.PONG -> onPong(Messages.Pong.decode(frame.payload()));
                case Frame.LOG -> onLog(Messages.Log.decode(frame.payload()));
                case Frame.FAULT -> onFault(Messages.Fault.decode(frame.payload()));
                default -> {
                    malformed.incrementAndGet();
                    log.warn("{}: ignoring a frame of type {} the host does not handle", deviceId,
                            Frame.typeName(frame.type()));
                }
            }
        } catch (MalformedPayloadException | IllegalArgumentException e) {
            long n = malformed.incrementAndGet();
            // Usually line noise (uart-link.md section 2), sometimes a firmware mismatch: warn at 1, 2, 4, 8, ...
            if (Long.bitCount(n) == 1) {
                log.warn("{}: dropped a malformed {} from the board ({} so far): {}", deviceId,
                        Frame.typeName(frame.type()), n, e.getMessage());
            } else {
                log.debug("{}: dropped a malformed {} from the board: {}", deviceId, Frame.typeName(frame.type()),
                        e.getMessage());
            }
        }
    }

    private void onHello(Messages.Hello hello) {
        BoardInfo newInfo = hello.toBoardInfo();
        boolean newBoot = bootId == null || bootId != newInfo.bootId();
        boolean firstContact = bootId == null;
        int n = newInfo.lights().size();
        if (info == null || !info.lights().equals(newInfo.lights())) {
            resize(n);
        }
        BitSet replay = (BitSet) dirty.clone();
        if (newBoot) {
            if (!firstContact) {
                resets.incrementAndGet();
                log.info("{}: the board reset (boot id {} -> {}); replaying the desired state", deviceId,
                        Long.toHexString(bootId), Long.toHexString(newInfo.bootId()));
            }
            Arrays.fill(reported, LightState.BOOT);
            for (int i = 0; i < n; i++) {
                if (!touched.get(i)) desired[i] = LightState.BOOT;
            }
            lastStateGen = -1;
            replay.or(touched);
        }
        verifyBoot = false;
        boardSendsAckState = false; // maybe new firmware: learn again which answer it sends
        bootId = newInfo.bootId();
        info = newInfo;
        infoSnapshot = newInfo;
        if (handshaking) {
            handshaking = false;
            cancel(helloTimer);
            helloTimer = null;
        }
        dirty.clear();
        repaired.clear();
        for (int light = replay.nextSetBit(0); light >= 0 && light < n; light = replay.nextSetBit(light + 1)) {
            enqueueFullState(light);
            resyncing.add(light);
        }
        sendFrame(Frame.STATE_REQ, new Messages.StateReq(ALL_LIGHTS).encode());
        publish();
        for (BoardListener l : listeners) {
            try {
                l.onHello(this, newInfo);
            } catch (RuntimeException e) {
                log.warn("{}: listener failed in onHello", deviceId, e);
            }
        }
        setStatus(resyncing.isEmpty() ? DeviceStatus.ONLINE : DeviceStatus.RESYNCING);
        pump();
    }

    private void resize(int n) {
        LightState[] r = new LightState[n];
        LightState[] d = new LightState[n];
        for (int i = 0; i < n; i++) {
            r[i] = i < reported.length ? reported[i] : LightState.BOOT;
            d[i] = i < desired.length ? desired[i] : LightState.BOOT;
        }
        reported = r;
        desired = d;
        faults.keySet().removeIf(light -> light >= n);
        touched = touched.get(0, n);
        dirty = dirty.get(0, n);
        repaired = repaired.get(0, n);
        // Pending commands for lights that no longer exist cannot be delivered.
        for (Iterator<Map.Entry<Integer, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Integer, Pending> e = it.next();
            if (e.getKey() >= n) {
                it.remove();
                fail(e.getValue().waiters, new CommandException(ErrorCode.UNKNOWN_LIGHT,
                        "the board now has " + n + " lights"));
            }
        }
        resyncing.removeIf(l -> l >= n);
    }

    private void onAck(Messages.Ack ack) {
        InFlight f = inFlight(ack.ackSeq());
        if (f == null) {
            log.debug("{}: stale ACK for seq {}", deviceId, ack.ackSeq());
            return;
        }
        List<CompletableFuture<Void>> waiters = resolve(f);
        long rtt = System.nanoTime() - f.firstSentNanos;
        lastRttMicros = rtt / 1000;
        repaired.clear(f.light);
        if (f.fullState) dirty.clear(f.light);
        checkStateGen(ack.stateGen());
        repairDirty();
        // The window has room again: the next SET goes out before the answers are delivered (their callbacks may
        // be slow, e.g. a broadcast to every WebSocket client), so a flood's newest value waits for nobody.
        pump();
        publish(); // before the waiters wake up, so they read the state this answer leaves behind
        for (CompletableFuture<Void> w : waiters) w.complete(null);
        for (BoardListener l : listeners) {
            try {
                l.onRoundTrip(this, rtt);
            } catch (RuntimeException e) {
                log.warn("{}: listener failed in onRoundTrip", deviceId, e);
            }
        }
        finishResync(f.light);
    }

    /**
     * A SET changed exactly one light: its STATE (cause command) and its ACK in one frame (uart-link.md section 6,
     * ACK_STATE). A repeat from the board's duplicate window, whose change the host already has (state_gen not
     * newer than the last one seen), counts as an ACK alone: its light state may be older than what the host knows.
     */
    private void onAckState(Messages.AckState a) {
        boardSendsAckState = true;
        a.state().toLightState(); // throws MalformedPayloadException for a bad value before anything changes
        if (lastStateGen < 0 || (short) (a.stateGen() - lastStateGen) > 0) {
            onState(a.state());
        }
        onAck(a.ack());
    }

    /**
     * The link works again (an ACK or PONG arrived): lights left dirty by a repair that timed out as well get
     * another full-state SET, so the board converges without waiting for a new handshake.
     */
    private void repairDirty() {
        if (info == null) return;
        for (int light = dirty.nextSetBit(0); light >= 0 && light < desired.length;
             light = dirty.nextSetBit(light + 1)) {
            if (pending.containsKey(light) || inFlightFor(light)) continue;
            enqueueFullState(light);
        }
    }

    private void onNack(Messages.Nack nack) {
        InFlight f = inFlight(nack.ackSeq());
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
        nacks.incrementAndGet();
        String reason = Messages.nackName(nack.code());
        if (f.superseded) {
            // A newer SET for the light carries this one's change too: its clients get that SET's result.
            InFlight newest = null;
            for (InFlight g : window) {
                if (g.light == f.light) newest = g;
            }
            log.warn("{}: the board refused superseded SET seq {} for light {}: {}; its clients get the answer to "
                    + "seq {}", deviceId, f.seq, f.light, reason, newest.seq);
            window.remove(f);
            newest.waiters.addAll(f.waiters);
            publish();
            pump();
            return;
        }
        List<CompletableFuture<Void>> waiters = resolve(f);
        log.warn("{}: the board refused SET seq {} for light {}: {}", deviceId, f.seq, f.light, reason);
        // The board changed nothing: what it reports is the truth, plus whatever is still waiting to be sent.
        if (f.light < desired.length) {
            desired[f.light] = withOutstanding(f.light, reported[f.light]);
        }
        String message = "the board refused the command: " + reason;
        CommandException error = switch (nack.code()) {
            case Messages.NACK_BAD_LIGHT -> new CommandException(ErrorCode.UNKNOWN_LIGHT, message);
            case Messages.NACK_UNSUPPORTED -> new CommandException(ErrorCode.UNSUPPORTED, message);
            case Messages.NACK_OUT_OF_RANGE -> new CommandException(ErrorCode.OUT_OF_RANGE, message);
            case Messages.NACK_BUSY -> new CommandException(ErrorCode.BUSY, message);
            default -> new CommandException(ErrorCode.NACK, "nack:" + reason, message);
        };
        publish(); // before the waiters wake up, so they read the state this answer leaves behind
        fail(waiters, error);
        finishResync(f.light);
        pump();
        publish();
    }

    private void onState(Messages.State s) {
        if (info == null || s.light() >= reported.length) {
            log.debug("{}: STATE for unknown light {}", deviceId, s.light());
            return;
        }
        LightState state = s.toLightState();
        StateCause cause = s.toCause();
        int light = s.light();
        reported[light] = state;
        // Every change increments state_gen by one, so a gap means a STATE in between was lost. Sync answers carry
        // the current value without a change.
        boolean gap = cause != StateCause.SYNC && lastStateGen >= 0 && s.stateGen() != ((lastStateGen + 1) & 0xFFFF);
        lastStateGen = s.stateGen();
        if (gap) {
            log.debug("{}: state_gen jumped to {}: a STATE was lost, asking for all", deviceId, s.stateGen());
            stateGenMismatch();
        }
        if (!touched.get(light)) {
            desired[light] = state;
        } else if (cause == StateCause.BUTTON || cause == StateCause.EFFECT || cause == StateCause.FAILSAFE) {
            // The board's own change is what a person (or the board) wants now; commands sent after it (the board
            // answers in order, so those still unresolved) or still pending win.
            desired[light] = withOutstanding(light, state);
        }
        if (cause == StateCause.SYNC && faults.containsKey(light)) {
            faultUnconfirmed = light; // judged on the next frame, so a fault that persists never blinks off
        }
        publish();
        for (BoardListener l : listeners) {
            try {
                l.onState(this, light, state, cause);
            } catch (RuntimeException e) {
                log.warn("{}: listener failed in onState", deviceId, e);
            }
        }
    }

    private void onFault(Messages.Fault f) {
        if (info == null || f.light() >= reported.length) {
            log.debug("{}: FAULT for unknown light {}", deviceId, f.light());
            return;
        }
        // A fault change moves state_gen by one like a STATE; a FAULT in a sync answer repeats the current value.
        boolean gap = lastStateGen >= 0 && f.stateGen() != lastStateGen
                && f.stateGen() != ((lastStateGen + 1) & 0xFFFF);
        lastStateGen = f.stateGen();
        Optional<LightFault> fault = f.toLightFault();
        LightFault before = fault.isPresent() ? faults.put(f.light(), fault.get()) : faults.remove(f.light());
        if (before != fault.orElse(null)) {
            log.warn("{}: light {} {}", deviceId, f.light(),
                    fault.map(x -> "is faulted: " + x.apiName()).orElse("works again"));
            publish();
            notifyFault(f.light(), fault);
        }
        if (gap) {
            log.debug("{}: state_gen jumped to {} at a FAULT: a frame was lost, asking for all", deviceId,
                    f.stateGen());
            stateGenMismatch();
        }
    }

    private void clearFault(int light) {
        if (faults.remove(light) != null) {
            log.info("{}: light {} works again", deviceId, light);
            publish();
            notifyFault(light, Optional.empty());
        }
    }

    private void notifyFault(int light, Optional<LightFault> fault) {
        for (BoardListener l : listeners) {
            try {
                l.onFault(this, light, fault);
            } catch (RuntimeException e) {
                log.warn("{}: listener failed in onFault", deviceId, e);
            }
        }
    }

    private void onPong(Messages.Pong pong) {
        checkStateGen(pong.stateGen());
        repairDirty();
        pump();
    }

    private void checkStateGen(int boardGen) {
        if (lastStateGen >= 0 && boardGen != lastStateGen) {
            log.debug("{}: state_gen {} != last STATE's {}: a STATE was lost, asking for all", deviceId, boardGen,
                    lastStateGen);
            lastStateGen = boardGen; // ask once per mismatch, not for every frame until the answer arrives
            stateGenMismatch();
        }
    }

    /**
     * A STATE was lost, or the board reset and its HELLO was lost (state_gen restarts at 0). Ask for every state,
     * and for a HELLO to compare boot ids; the HELLO_REQ waits until no SET is in flight, since it clears the
     * board's duplicate window.
     */
    private void stateGenMismatch() {
        sendFrame(Frame.STATE_REQ, new Messages.StateReq(ALL_LIGHTS).encode());
        verifyBoot = true;
        pump();
    }

    private void onLog(Messages.Log l) {
        switch (l.level()) {
            case 1 -> boardLog.error("{}", l.text());
            case 2 -> boardLog.warn("{}", l.text());
            case 3 -> boardLog.info("{}", l.text());
            default -> boardLog.debug("{}", l.text());
        }
        for (BoardListener listener : listeners) {
            try {
                listener.onLog(this, l.level(), l.text());
            } catch (RuntimeException e) {
                log.warn("{}: listener failed in onLog", deviceId, e);
            }
        }
    }

    private void finishResync(int light) {
        if (pending.containsKey(light) || inFlightFor(light)) return; // its last SET is not resolved yet
        if (resyncing.remove(light) && resyncing.isEmpty() && status == DeviceStatus.RESYNCING) {
            setStatus(DeviceStatus.ONLINE);
        }
    }

    // ================================================================== connection (link tasks)

    private void connect() {
        if (closed) return;
        reconnectTimer = null;
        int gen = ++connection;
        try {
            transport.open(new SerialTransport.Listener() {
                @Override
                public void onBytes(byte[] data, int offset, int length) {
                    byte[] copy = Arrays.copyOfRange(data, offset, offset + length);
                    exec.execute(() -> {
                        if (gen == connection && open) {
                            bytesReceived.addAndGet(copy.length);
                            decoder.feed(copy);
                        }
                    });
                }

                @Override
                public void onDisconnect(String reason) {
                    exec.execute(() -> {
                        if (gen == connection && open) lost(reason);
                    });
                }
            });
        } catch (IOException | RuntimeException e) {
            log.debug("{}: cannot open {}: {}", deviceId, transport.describe(), e.toString());
            if (status == DeviceStatus.CONNECTING) {
                log.warn("{}: cannot open {}: {} (retrying)", deviceId, transport.describe(), e.getMessage());
                setStatus(DeviceStatus.OFFLINE);
            }
            scheduleReconnect();
            return;
        }
        open = true;
        pacer = new WirePacer(Math.max(0, transport.baud()));
        if (gen > 1) reconnects.incrementAndGet();
        reconnectDelayMs = 0;
        decoder.reset();
        lastRxNanos = System.nanoTime();
        missedPings = 0;
        log.info("{}: opened {}, waiting for the board's HELLO", deviceId, transport.describe());
        startHandshake();
    }

    private void scheduleReconnect() {
        if (closed || reconnectTimer != null) return;
        long base = config.reconnectBackoff().toMillis();
        reconnectDelayMs = reconnectDelayMs == 0 ? base
                : Math.min(reconnectDelayMs * 2, config.maxReconnectBackoff().toMillis());
        // Opening a port may block: on the link's own thread, never on a caller's.
        reconnectTimer = exec.schedule(() -> exec.executeAtHome(this::connect), reconnectDelayMs,
                TimeUnit.MILLISECONDS);
    }

    private void startHandshake() {
        handshaking = true;
        nextSeq = ThreadLocalRandom.current().nextInt(0x10000);
        helloDelayMs = config.helloInterval().toMillis();
        sendHelloRequest();
    }

    private void sendHelloRequest() {
        if (!handshaking || !open || closed) return;
        sendHelloReqFrame();
        helloTimer = exec.schedule(this::sendHelloRequest, helloDelayMs, TimeUnit.MILLISECONDS);
        helloDelayMs = Math.min(helloDelayMs * 2, config.maxHelloInterval().toMillis());
    }

    private void heartbeat() {
        if (!open || handshaking || closed) return;
        long now = System.nanoTime();
        long interval = config.heartbeatInterval().toNanos();
        if (now - lastRxNanos < interval) return;
        if (now - lastPingNanos < interval) return;
        if (missedPings >= config.missedHeartbeats()) {
            lost("no answer to " + missedPings + " heartbeats");
            return;
        }
        missedPings++;
        lastPingNanos = now;
        sendFrame(Frame.PING, new byte[0]);
    }

    /** Contact lost: fail what is pending, close the transport, reconnect with backoff. */
    private void lost(String reason) {
        log.warn("{}: lost contact with the board: {}", deviceId, reason);
        open = false;
        handshaking = false;
        connection++;
        cancel(helloTimer);
        helloTimer = null;
        // Closing the port may wait for its threads: on the link's own thread, before any reconnect (also there).
        exec.executeAtHome(transport::close);
        // Status first: whoever hears about a failed command must already see the board offline.
        setStatus(DeviceStatus.OFFLINE);
        failEverything(deviceId + " went offline: " + reason);
        scheduleReconnect();
    }

    private void failEverything(String message) {
        CommandException error = offline(message);
        List<CompletableFuture<Void>> waiters = new ArrayList<>();
        for (InFlight f : window) {
            cancel(f.timer);
            dirty.set(f.light);
            waiters.addAll(f.waiters);
        }
        window.clear();
        cancel(pacingTimer);
        pacingTimer = null;
        for (Map.Entry<Integer, Pending> e : pending.entrySet()) {
            dirty.set(e.getKey());
            waiters.addAll(e.getValue().waiters);
        }
        pending.clear();
        resyncing.clear();
        publish(); // before the waiters wake up, so they see nothing pending any more
        fail(waiters, error);
    }

    private void shutdownInTask() {
        if (closed) return;
        closed = true;
        open = false;
        connection++;
        cancel(helloTimer);
        cancel(reconnectTimer);
        cancel(heartbeatTimer);
        transport.close();
        setStatus(DeviceStatus.OFFLINE);
        failEverything("the link to " + deviceId + " was closed");
    }

    // ================================================================== helpers (link tasks)

    private int nextSeq() {
        int s = nextSeq;
        nextSeq = (nextSeq + 1) & 0xFFFF;
        return s;
    }

    /**
     * Tests only: moves the host's sequence counter, as if that many frames had gone by, so the 16-bit wrap rules
     * (section 6) can be tested without sending 65,536 frames. Completes once a link task has moved it.
     */
    CompletableFuture<Void> moveSequenceForTest(int next) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        exec.execute(() -> {
            nextSeq = next & 0xFFFF;
            done.complete(null);
        });
        return done;
    }

    /** HELLO_REQ clears the board's duplicate window, so the host's record of recent SET seqs starts over too. */
    private void sendHelloReqFrame() {
        recentSetSeqs.clear();
        sendFrame(Frame.HELLO_REQ, new byte[0]);
    }

    private void sendFrame(int type, byte[] payload) {
        send(FrameEncoder.encode(type, nextSeq(), payload));
    }

    private void send(byte[] wire) {
        send(wire, 0);
    }

    /** {@code answerBytes}: what the board sends back for it (a SET's ACK_STATE, or STATE and ACK), for pacing; 0 for others. */
    private void send(byte[] wire, int answerBytes) {
        if (!open) return;
        if (transport.write(wire)) {
            // Stamped after the write returned: the estimate errs late, never early (WirePacer).
            if (answerBytes > 0) pacer.wroteSet(wire.length, answerBytes, System.nanoTime());
            else pacer.wrote(wire.length, System.nanoTime());
            framesSent.incrementAndGet();
            bytesSent.addAndGet(wire.length);
        } else {
            log.debug("{}: transport refused {} bytes (queue full or closed)", deviceId, wire.length);
        }
    }

    private void setStatus(DeviceStatus s) {
        if (status == s) return;
        status = s;
        log.info("{}: {}", deviceId, s.apiName());
        for (BoardListener l : listeners) {
            try {
                l.onStatus(this, s);
            } catch (RuntimeException e) {
                log.warn("{}: listener failed in onStatus", deviceId, e);
            }
        }
    }

    private void publish() {
        reportedSnapshot = List.of(reported);
        desiredSnapshot = List.of(desired);
        Set<Integer> p = new TreeSet<>(pending.keySet());
        for (InFlight f : window) p.add(f.light);
        pendingSnapshot = Collections.unmodifiableSet(p);
        faultsSnapshot = Map.copyOf(faults);
    }

    private static void fail(List<CompletableFuture<Void>> waiters, CommandException e) {
        for (CompletableFuture<Void> w : waiters) w.completeExceptionally(e);
    }

    private static CommandException offline(String message) {
        return new CommandException(ErrorCode.DEVICE_OFFLINE, message);
    }

}
