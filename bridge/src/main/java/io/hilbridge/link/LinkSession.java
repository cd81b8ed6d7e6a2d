package io.hilbridge.link;

import io.hilbridge.command.CommandErrors;
import io.hilbridge.command.CommandValidator;
import io.hilbridge.command.LightCommand;
import io.hilbridge.concurrent.SerialExecutor;
import io.hilbridge.concurrent.Ticker;
import io.hilbridge.lights.BoardInfo;
import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.Effect;
import io.hilbridge.lights.ErrorCode;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.LightFault;
import io.hilbridge.lights.LightState;
import io.hilbridge.serial.BoardReset;
import io.hilbridge.serial.SerialTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The host side of the UART link to one board (uart-link.md sections 5 and 6). It takes commands and hands them, and
 * the board's frames ({@link InboundFrames}), to its parts: {@link LinkConnection} (open, handshake, heartbeat,
 * loss, reconnect, close), {@link SetQueue} (per light the newest change not yet sent, coalesced),
 * {@link SetWindow} (SETs in flight with bounded retransmit, superseding, pacing; {@link SetsInFlight},
 * {@link SetSeqs}),
 * {@link BoardModel} (desired and reported state, faults, state generation, replay after a board reset),
 * {@link LinkReset} (the reset on request: by the transport's {@link BoardReset}, else REBOOT_REQ) and
 * {@link LinkCounters}.
 *
 * <p>Thread-safety, for this class and all its parts: every public method may be called from any thread and returns
 * without waiting for I/O. All protocol state is confined to one {@link SerialExecutor} per board: its tasks run one
 * at a time, on the calling thread when the link is idle (a client's command on the caller's thread, a chunk of bytes
 * from the board on the port's reader thread) and otherwise after the task running now; timers, and opening and
 * closing the port, run on the link's own thread ({@code hilbridge-link-<deviceId>}). Listener callbacks and the
 * completion of the futures returned by {@link #submit} run inside such a task, on whichever thread runs it, so they
 * must not block (use the async variants for slow work); a command they send runs after them. Readers see immutable
 * snapshots published through volatile fields.
 */
public final class LinkSession implements BoardLink {
    private static final Logger log = LoggerFactory.getLogger(LinkSession.class);

    private final String deviceId;
    private final SerialTransport transport;
    private final SerialExecutor exec;
    private final CopyOnWriteArrayList<BoardListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closing = new AtomicBoolean();

    // ---- the parts, confined to link tasks (see the class comment)
    final LinkCounters counters = new LinkCounters();
    final BoardModel model;
    final SetQueue queue;
    final SetWindow window;
    final LinkReset resets;
    final LinkConnection connection;
    final InboundFrames inbound;
    final PixelWatch pixels;
    private int nextSeq;

    private volatile DeviceStatus status = DeviceStatus.CONNECTING;

    private LinkSession(String deviceId, SerialTransport transport, LinkConfig config, Ticker ticker) {
        this.deviceId = deviceId;
        this.transport = transport;
        this.exec = new SerialExecutor("hilbridge-link-" + deviceId, this::onInternalError, ticker);
        this.model = new BoardModel(this, deviceId);
        this.queue = new SetQueue(this, config, model);
        this.window = new SetWindow(this, deviceId, config, exec, counters, model, queue);
        this.resets = new LinkReset(this, deviceId, transport, config, exec, counters, model);
        this.inbound = new InboundFrames(this, deviceId, counters);
        this.pixels = new PixelWatch(this, deviceId, exec);
        this.connection =
                new LinkConnection(this, deviceId, transport, config, exec, counters, new FrameDecoder(inbound));
    }

    /**
     * Starts a session: opens the transport on the link's own thread and begins the handshake. Returns at once; the
     * status is {@link DeviceStatus#CONNECTING} until the first HELLO.
     */
    public static LinkSession start(String deviceId, SerialTransport transport, LinkConfig config) {
        return start(deviceId, transport, config, Ticker.SYSTEM);
    }

    /** As above, on {@code ticker}'s time: every timer and time stamp of the link reads it (tests: a virtual one). */
    static LinkSession start(String deviceId, SerialTransport transport, LinkConfig config, Ticker ticker) {
        if (deviceId == null || deviceId.isBlank()) throw new IllegalArgumentException("deviceId is empty");
        if (transport == null) throw new IllegalArgumentException("transport is null");
        if (config == null) throw new IllegalArgumentException("config is null");
        LinkSession s = new LinkSession(deviceId, transport, config, ticker);
        s.connection.start();
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
        return Optional.ofNullable(model.infoSnapshot);
    }

    @Override
    public List<LightState> reportedStates() {
        return model.reportedSnapshot;
    }

    @Override
    public List<LightState> desiredStates() {
        return model.desiredSnapshot;
    }

    @Override
    public Map<Integer, LightFault> faults() {
        return model.faultsSnapshot;
    }

    @Override
    public boolean pending(int light) {
        return window.pendingSnapshot.contains(light);
    }

    @Override
    public CompletableFuture<Void> submit(LightCommand command) {
        if (command == null) throw new IllegalArgumentException("command is null");
        CompletableFuture<Void> f = new CompletableFuture<>();
        exec.execute(() -> acceptSafely(command, f));
        return f;
    }

    /** Every command accepted in one link task (all checked first), so a scene is never half queued. */
    @Override
    public CompletableFuture<Void> submitAll(List<LightCommand> commands) {
        if (commands == null || commands.isEmpty()) throw new IllegalArgumentException("no commands");
        CompletableFuture<Void> f = new CompletableFuture<>();
        exec.execute(() -> {
            try {
                List<LightCommand> checked = new ArrayList<>(commands.size());
                for (LightCommand c : commands) checked.add(checkAccepted(c));
                for (LightCommand c : checked) {
                    for (int light : c.lights()) {
                        if (queue.full(light)) {
                            throw new CommandException(
                                    ErrorCode.BUSY, "light " + light + " already has too many commands waiting");
                        }
                    }
                }
                List<CompletableFuture<Void>> parts = new ArrayList<>(checked.size());
                for (LightCommand c : checked) {
                    CompletableFuture<Void> part = new CompletableFuture<>();
                    parts.add(part);
                    enqueue(c, part);
                }
                window.pump();
                completeWhenAll(parts, f);
            } catch (CommandException e) {
                f.completeExceptionally(e);
            } catch (RuntimeException e) {
                counters.internalErrors.incrementAndGet();
                log.error("{}: unexpected error accepting commands", deviceId, e);
                f.completeExceptionally(new CommandException(ErrorCode.NACK, "nack:internal", e.toString()));
            }
        });
        return f;
    }

    @Override
    public void watchPixels(boolean wanted) {
        exec.execute(() -> pixels.setWanted(wanted));
    }

    @Override
    public CompletableFuture<Long> reset() {
        CompletableFuture<Long> f = new CompletableFuture<>();
        exec.execute(() -> {
            try {
                resets.start(true).done.whenComplete((id, e) -> {
                    if (e == null) f.complete(id);
                    else f.completeExceptionally(e);
                });
            } catch (CommandException e) {
                f.completeExceptionally(e);
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
        return counters.stats();
    }

    /** Bugs caught in link tasks (logged, the link carries on); tests expect 0. */
    public long internalErrors() {
        return counters.internalErrors.get();
    }

    /** Frames from the board that decoded but whose payload did not fit its type (counted and dropped). */
    public long malformedFrames() {
        return counters.malformed.get();
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
                connection.shutdown();
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
        } catch (ExecutionException | TimeoutException e) {
            log.warn("{}: closing the link did not finish within 5 s", deviceId);
            exec.shutdown();
        }
    }

    // ================================================================== commands (link tasks)

    private void acceptSafely(LightCommand command, CompletableFuture<Void> f) {
        try {
            accept(command, f);
        } catch (CommandException e) {
            f.completeExceptionally(e);
        } catch (RuntimeException e) {
            counters.internalErrors.incrementAndGet();
            log.error("{}: unexpected error accepting a command", deviceId, e);
            f.completeExceptionally(new CommandException(ErrorCode.NACK, "nack:internal", e.toString()));
        }
    }

    /**
     * Queues every light of a validated command, or none: only the checks that need the link's own state are made
     * here (the rules themselves are {@link CommandValidator}'s). Each light gets its own SET, so that coalescing
     * and replay stay per light; the command completes when all of them are acknowledged.
     */
    private void accept(LightCommand command, CompletableFuture<Void> f) {
        enqueue(checkAccepted(command), f);
        window.pump();
    }

    /** The checks that need the link's own state; returns the command to queue (re-checked after a new HELLO). */
    private LightCommand checkAccepted(LightCommand command) {
        if (connection.closed()) throw CommandErrors.linkClosed(deviceId);
        CommandValidator.checkAcceptsCommands(deviceId, model.info, status);
        if (resets.running()) throw CommandErrors.beingReset(deviceId);
        return CommandValidator.revalidate(command, model.info, status);
    }

    private void enqueue(LightCommand checked, CompletableFuture<Void> f) {
        List<Integer> lights = checked.lights();
        List<CompletableFuture<Void>> parts = new ArrayList<>(lights.size());
        for (int light : lights) {
            CompletableFuture<Void> part = new CompletableFuture<>();
            parts.add(part);
            queue.enqueue(light, checked.change(), part);
        }
        completeWhenAll(parts, f);
    }

    private static void completeWhenAll(List<CompletableFuture<Void>> parts, CompletableFuture<Void> f) {
        CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).whenComplete((v, err) -> {
            if (err == null) {
                f.complete(null);
            } else {
                f.completeExceptionally(
                        err instanceof CompletionException && err.getCause() != null ? err.getCause() : err);
            }
        });
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
            return new LightChange(c.on(), c.brightness(), c.color(), c.transitionMs(), Effect.NONE, c.pixels());
        }
        return c;
    }

    // ================================================================== shared by the parts (link tasks)

    /**
     * A STATE was lost, or the board reset and its HELLO was lost (state_gen restarts at 0). Ask for every state,
     * and for a HELLO to compare boot ids; the HELLO_REQ waits until no SET is in flight, since it clears the
     * board's duplicate window.
     */
    void stateGenMismatch() {
        sendFrame(Frame.STATE_REQ, new Messages.StateReq(ALL_LIGHTS).encode());
        window.verifyBootWhenIdle();
        window.pump();
    }

    /**
     * New SETs may go out: the board is online (or resyncing), and no reset waits for it. Online implies an open port
     * and no handshake: a loss of contact, a reset and a reconnect each set another status in the same task.
     */
    boolean mayWriteSets() {
        if (resets.awaitingNewBoot()) return false; // nothing new for a board that is about to restart
        return status == DeviceStatus.ONLINE || status == DeviceStatus.RESYNCING;
    }

    /** A handshake starts the sequence counter at a random value. */
    void startSequence(int seq) {
        nextSeq = seq;
    }

    /** The seq the next frame will carry. */
    int peekSeq() {
        return nextSeq;
    }

    int nextSeq() {
        int s = nextSeq;
        nextSeq = (nextSeq + 1) & 0xFFFF;
        return s;
    }

    /**
     * Tests only: moves the host's sequence counter, as if that many frames had gone by, so the 16-bit wrap rules
     * (section 6) can be tested without sending 65,536 frames. {@code next}: a 16-bit seq. Completes once a link
     * task has moved it.
     */
    CompletableFuture<Void> moveSequenceForTest(int next) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        exec.execute(() -> {
            nextSeq = next;
            done.complete(null);
        });
        return done;
    }

    /** For tests: the bytes the pacing expects the board to answer a SET with. In a link task, or after one ran. */
    int pacedAnswerBytes() {
        return window.pacing.setAnswerBytes();
    }

    /** HELLO_REQ clears the board's duplicate window, so the host's record of recent SET seqs starts over too. */
    void sendHelloReqFrame() {
        window.helloRequested();
        sendFrame(Frame.HELLO_REQ, new byte[0]);
    }

    void sendFrame(int type, byte[] payload) {
        send(FrameEncoder.encode(type, nextSeq(), payload), 0);
    }

    /**
     * Writes a frame if the port is open. {@code answerBytes}: what the board sends back for it (a SET's ACK_STATE,
     * or STATE and ACK), for pacing; 0 for others.
     */
    void send(byte[] wire, int answerBytes) {
        if (!connection.isOpen()) return;
        if (transport.write(wire)) {
            window.pacing.wrote(wire.length, answerBytes);
            counters.wrote(wire.length);
        } else {
            log.debug("{}: transport refused {} bytes (queue full or closed)", deviceId, wire.length);
        }
    }

    void setStatus(DeviceStatus s) {
        if (status == s) return;
        status = s;
        log.info("{}: {}", deviceId, s.apiName());
        notifyListeners("onStatus", l -> l.onStatus(this, s));
        if (s == DeviceStatus.ONLINE) resets.online();
    }

    /** Publishes the snapshots other threads read (before waking anyone, so they read the state left behind). */
    void publish() {
        model.publish();
        window.publish();
    }

    /** Tells every listener, one at a time; one that throws is logged and the others are still told. */
    void notifyListeners(String event, Consumer<BoardListener> call) {
        for (BoardListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                log.warn("{}: listener failed in {}", deviceId, event, e);
            }
        }
    }

    private void onInternalError(RuntimeException e) {
        counters.internalErrors.incrementAndGet();
        log.error("{}: unexpected error in the link", deviceId, e);
    }

    static CommandException offline(String message) {
        return new CommandException(ErrorCode.DEVICE_OFFLINE, message);
    }
}
