package io.hilbridge.api;

import io.hilbridge.command.LightCommand;
import io.hilbridge.lights.BoardInfo;
import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.Effect;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.LightFault;
import io.hilbridge.lights.LightInfo;
import io.hilbridge.lights.LightKind;
import io.hilbridge.lights.LightState;
import io.hilbridge.lights.StateCause;
import io.hilbridge.link.BoardLink;
import io.hilbridge.link.BoardListener;
import io.hilbridge.link.LinkStats;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A board link for tests. In {@link Mode#AUTO_ACK} a command behaves like a well-behaved board (reported state changes,
 * STATE for each changed light, then ack) synchronously on the caller's thread; in {@link Mode#MANUAL} the future
 * is kept in {@link #calls} for the test to complete; {@link #failWith} makes every set fail with that error.
 * Thread-safe enough for tests (synchronized).
 */
public final class FakeBoardLink implements BoardLink {
    public enum Mode {
        AUTO_ACK,
        MANUAL
    }

    public record Call(int light, LightChange change, CompletableFuture<Void> future) {}

    private final String id;
    private final List<BoardListener> listeners = new CopyOnWriteArrayList<>();
    public final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile BoardInfo info;
    private volatile DeviceStatus status = DeviceStatus.ONLINE;
    private final List<LightState> reported = new ArrayList<>();
    private final List<LightState> desired = new ArrayList<>();
    private final Map<Integer, LightFault> faults = new TreeMap<>();
    private volatile Mode mode = Mode.AUTO_ACK;
    private volatile CommandException failure;
    private volatile RuntimeException thrown;
    private volatile LinkStats stats = new LinkStats(10, 9, 100, 90, 1, 0, 2, 0, 0, 3, 0, 1, 0, 0, 850, 0);

    public FakeBoardLink(String id, BoardInfo info) {
        this.id = id;
        setInfo(info);
    }

    /** board0 with an on/off LED, a dimmable LED, an RGB LED and an 8-pixel strip. */
    public static FakeBoardLink standard(String id) {
        return new FakeBoardLink(id, standardInfo());
    }

    public static BoardInfo standardInfo() {
        return new BoardInfo(
                1,
                "0.1.0",
                42,
                List.of(
                        new LightInfo(0, "Onboard LED", LightKind.ONOFF, 1, Set.of(Effect.BLINK)),
                        new LightInfo(1, "Desk", LightKind.DIMMABLE, 1, Set.of(Effect.BLINK, Effect.BREATHE)),
                        new LightInfo(2, "RGB", LightKind.RGB, 1, Set.of(Effect.BLINK, Effect.BREATHE, Effect.RAINBOW)),
                        new LightInfo(3, "Strip", LightKind.STRIP, 8, Set.of(Effect.RAINBOW))));
    }

    public synchronized void setInfo(BoardInfo info) {
        this.info = info;
        reported.clear();
        desired.clear();
        if (info != null) {
            for (int i = 0; i < info.lights().size(); i++) {
                reported.add(LightState.BOOT);
                desired.add(LightState.BOOT);
            }
        }
    }

    public void mode(Mode m) {
        mode = m;
    }

    public void failWith(CommandException e) {
        failure = e;
    }

    /** A link with a bug: {@link #submit} and {@link #reset} throw {@code e} instead of failing their future. */
    public void throwOnCall(RuntimeException e) {
        thrown = e;
    }

    public void stats(LinkStats s) {
        stats = s;
    }

    /** Simulates a status change reported by the link. */
    public void status(DeviceStatus s) {
        status = s;
        for (BoardListener l : listeners) l.onStatus(this, s);
    }

    /** Simulates the board changing a light by itself (button, effect end). */
    public void boardChanges(int light, LightState s, StateCause cause) {
        synchronized (this) {
            reported.set(light, s);
        }
        for (BoardListener l : listeners) l.onState(this, light, s, cause);
    }

    /** Simulates the board reporting a light's hardware fault (present) or its end (empty). */
    public void boardFault(int light, Optional<LightFault> fault) {
        synchronized (this) {
            if (fault.isPresent()) faults.put(light, fault.get());
            else faults.remove(light);
        }
        for (BoardListener l : listeners) l.onFault(this, light, fault);
    }

    public void hello(BoardInfo newInfo) {
        setInfo(newInfo);
        for (BoardListener l : listeners) l.onHello(this, newInfo);
    }

    /** Simulates a LOG frame from the board. */
    public void boardLog(int level, String text) {
        for (BoardListener l : listeners) l.onLog(this, level, text);
    }

    /** Simulates a line the board printed outside frames (boot banner). */
    public void consoleText(String line) {
        for (BoardListener l : listeners) l.onConsoleText(this, line);
    }

    /** What the API last asked of the live view (watchPixels), and how often it changed its mind. */
    public volatile boolean pixelsWatched;

    public final java.util.concurrent.atomic.AtomicInteger pixelWatchCalls =
            new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public void watchPixels(boolean wanted) {
        pixelsWatched = wanted;
        pixelWatchCalls.incrementAndGet();
    }

    /** Simulates a PIXELS chunk from the board. */
    public void boardShows(io.hilbridge.link.Messages.Pixels p) {
        for (BoardListener l : listeners) l.onPixels(this, p);
    }

    public void roundTrip(long nanos) {
        for (BoardListener l : listeners) l.onRoundTrip(this, nanos);
    }

    public int listenerCount() {
        return listeners.size();
    }

    @Override
    public String deviceId() {
        return id;
    }

    @Override
    public String transport() {
        return "simulated (fake)";
    }

    @Override
    public DeviceStatus status() {
        return status;
    }

    @Override
    public Optional<BoardInfo> info() {
        return Optional.ofNullable(info);
    }

    @Override
    public synchronized List<LightState> reportedStates() {
        Runnable hook = duringNextSnapshot;
        duringNextSnapshot = null;
        if (hook != null) hook.run();
        return List.copyOf(reported);
    }

    private Runnable duringNextSnapshot;

    /** Runs {@code action} inside the next {@link #reportedStates()} call: the board acts while a snapshot is taken. */
    public synchronized void duringNextSnapshot(Runnable action) {
        duringNextSnapshot = action;
    }

    /** As after a HELLO before any STATE: the lights are known, their reported and desired states not yet. */
    public synchronized void forgetStates() {
        reported.clear();
        desired.clear();
    }

    @Override
    public synchronized List<LightState> desiredStates() {
        return List.copyOf(desired);
    }

    @Override
    public synchronized Map<Integer, LightFault> faults() {
        return Map.copyOf(faults);
    }

    @Override
    public boolean pending(int light) {
        for (Call c : calls) if (c.light == light && !c.future.isDone()) return true;
        return false;
    }

    /** Resets that were asked for. */
    public final java.util.concurrent.atomic.AtomicInteger resets = new java.util.concurrent.atomic.AtomicInteger();

    /** Boot id a successful reset answers with. */
    public static final long RESET_BOOT_ID = 0x1234ABCDL;

    /** Succeeds at once with {@link #RESET_BOOT_ID}, or fails with the {@link #failWith} error. */
    @Override
    public CompletableFuture<Long> reset() {
        resets.incrementAndGet();
        if (thrown != null) throw thrown;
        return failure != null
                ? CompletableFuture.failedFuture(failure)
                : CompletableFuture.completedFuture(RESET_BOOT_ID);
    }

    /**
     * Records one {@link Call} per addressed light ({@code "all"}: one call for {@link #ALL_LIGHTS}, as the wire would
     * carry it) and completes once every call has.
     */
    @Override
    public CompletableFuture<Void> submit(LightCommand command) {
        if (thrown != null) throw thrown;
        if (command.all()) return record(ALL_LIGHTS, command.change());
        List<CompletableFuture<Void>> each = new ArrayList<>();
        for (int light : command.lights()) each.add(record(light, command.change()));
        return each.size() == 1 ? each.get(0) : CompletableFuture.allOf(each.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> record(int light, LightChange change) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        calls.add(new Call(light, change, f));
        if (failure != null) {
            f.completeExceptionally(failure);
            return f;
        }
        if (mode == Mode.AUTO_ACK) {
            List<Integer> lights = new ArrayList<>();
            if (light == ALL_LIGHTS) {
                for (int i = 0; i < info.lights().size(); i++) lights.add(i);
            } else {
                lights.add(light);
            }
            for (int l : lights) {
                LightState before;
                LightState after;
                synchronized (this) {
                    before = reported.get(l);
                    after = before.apply(change);
                    reported.set(l, after);
                    desired.set(l, desired.get(l).apply(change));
                }
                if (!after.equals(before)) {
                    for (BoardListener li : listeners) li.onState(this, l, after, StateCause.COMMAND);
                }
            }
            f.complete(null);
        }
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
        return stats;
    }

    @Override
    public void close() {
        for (Call c : calls)
            c.future.completeExceptionally(
                    new CommandException(io.hilbridge.lights.ErrorCode.DEVICE_OFFLINE, "closed"));
    }

    public List<Call> callsSnapshot() {
        return Collections.unmodifiableList(new ArrayList<>(calls));
    }
}
