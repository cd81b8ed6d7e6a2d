package io.hilbridge.sim;

import io.hilbridge.concurrent.SerialExecutor;
import io.hilbridge.concurrent.Ticker;
import io.hilbridge.lights.Effect;
import io.hilbridge.lights.LightInfo;
import io.hilbridge.lights.LightKind;
import io.hilbridge.lights.LightState;
import io.hilbridge.link.Messages;
import io.hilbridge.serial.SerialTransport;

import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process board that speaks the exact bytes of the UART link (uart-link.md section 4), for tests, demos and
 * CI without hardware. It has a simulated baud rate (each byte takes 10 bit times on each direction's wire) and a
 * fault injector ({@link Faults}): bit flips, dropped and duplicated bytes, boot-text bursts, resets, unplug/replug,
 * a stalled board, and a button. This class is the board as a whole, the face tests and the CLI see; the USB cable
 * to the host (wires, adapter, plugged or not) is a {@link Cable}, and what the board's chip does with frames is
 * {@link BoardFirmware}'s.
 *
 * <p>Thread-safety: board logic runs as one {@link SerialExecutor}'s tasks, one at a time: bytes from the host on
 * the host-to-board wire's thread as they arrive (no hand-off, like firmware handling a UART interrupt), timers and
 * faults on the board's own thread ({@code hilbridge-sim-<name>}). Each direction of the wire has its own thread.
 * Every public method may be called from any thread. {@link #close()} stops all three. A board built on a test's
 * virtual clock ({@link Builder#ticker}) has no threads: its wires deliver on the sender's thread and its timers run
 * when the test advances the clock.
 */
public final class SimulatedBoard implements AutoCloseable {

    public static final String FIRMWARE_VERSION = "sim-0.1.0";

    /** The default board, exactly as the vectors' default board (protocol-spec/vectors/messages.json). */
    public static final List<LightInfo> DEFAULT_LIGHTS = List.of(
            new LightInfo(0, "Status LED", LightKind.ONOFF, 1, EnumSet.of(Effect.BLINK)),
            new LightInfo(1, "Desk lamp", LightKind.DIMMABLE, 1, EnumSet.of(Effect.BLINK, Effect.BREATHE)),
            new LightInfo(2, "RGB LED", LightKind.RGB, 1, EnumSet.of(Effect.BLINK, Effect.BREATHE, Effect.RAINBOW)),
            new LightInfo(3, "Strip", LightKind.STRIP, 8, EnumSet.of(Effect.BLINK, Effect.BREATHE, Effect.RAINBOW)));

    private static final AtomicInteger NAMES = new AtomicInteger();

    private final String name;
    private final List<LightInfo> lightInfo;
    private final Faults faults;
    private final SerialExecutor exec;
    private final Cable cable;
    private final int baud;
    private final BoardCounters counters = new BoardCounters();
    /** Confined to board tasks (exec). */
    private final BoardFirmware firmware;

    private volatile boolean stalled;
    /** Runs while a light is subscribed to the live view; confined to board tasks. */
    private SerialExecutor.Timer pixelTimer;

    private static final long PIXEL_TICK_MS = 2;
    private volatile boolean closed;

    /** The default board at 115200 baud, no faults. */
    public SimulatedBoard() {
        this(builder());
    }

    /** The default board at the given simulated baud rate (0 = unthrottled), no faults. */
    public SimulatedBoard(int baud) {
        this(builder().baud(baud));
    }

    private SimulatedBoard(Builder b) {
        this.name = b.name != null ? b.name : "board" + NAMES.getAndIncrement();
        this.lightInfo = List.copyOf(b.lights);
        if (lightInfo.isEmpty() || lightInfo.size() > Messages.MAX_LIGHTS) {
            throw new IllegalArgumentException("a board has 1.." + Messages.MAX_LIGHTS + " lights");
        }
        this.faults = b.faults;
        this.baud = b.baud;
        long seed = b.seed != null ? b.seed : new Random().nextLong();
        this.exec = new SerialExecutor(
                "hilbridge-sim-" + name,
                e -> org.slf4j.LoggerFactory.getLogger(SimulatedBoard.class).error("simulated board failed", e),
                b.ticker);
        this.cable =
                new Cable(name, b.baud, faults, seed, bytes -> run(() -> onBytes(bytes)), b.ticker != Ticker.SYSTEM);
        this.firmware = new BoardFirmware(
                lightInfo,
                b.firmwareVersion,
                b.bootText,
                faults,
                new Random(seed),
                new BoardFirmware.Uart() {
                    @Override
                    public boolean powered() {
                        return cable.plugged();
                    }

                    @Override
                    public void transmit(byte[] bytes) {
                        cable.sendToHost(bytes);
                    }

                    @Override
                    public boolean idle() {
                        return cable.toHostIdle();
                    }
                },
                counters,
                exec::nanoTime);
        faults.attach(this);
        run(firmware::boot);
        faults.schedulePeriodic(this);
    }

    public static Builder builder() {
        return new Builder();
    }

    // ================================================================== for tests and the CLI

    /** The fault injector of this board (live: changes apply to the next byte). */
    public Faults faults() {
        return faults;
    }

    /** Each light's current state on the board (index = light id). */
    public List<LightState> lights() {
        return firmware.lights();
    }

    public List<LightInfo> lightInfo() {
        return lightInfo;
    }

    public long bootId() {
        return firmware.bootId();
    }

    public int baud() {
        return baud;
    }

    public String name() {
        return name;
    }

    /** Whether a light is subscribed to the live view now (PIXELS_SUB whose lease has not run out). */
    public boolean pixelsSubscribed() {
        if (closed) return false;
        CompletableFuture<Boolean> f = new CompletableFuture<>();
        exec.execute(() -> f.complete(firmware.pixelsActive()));
        return f.join();
    }

    /** SETs applied (duplicates answered from the window are not counted). */
    public long setsApplied() {
        return counters.setsApplied.get();
    }

    /** SETs answered from the duplicate window without being applied again. */
    public long duplicatesAnswered() {
        return counters.duplicates.get();
    }

    /** Lights a SET was not applied to because a newer SET for them had been applied (ACKed all the same). */
    public long staleSkipped() {
        return counters.staleSkipped.get();
    }

    public long framesReceived() {
        return counters.framesReceived.get();
    }

    public long decodeErrors() {
        return counters.decodeErrors.get();
    }

    /** How many times the board booted (1 after construction). */
    public long boots() {
        return counters.boots.get();
    }

    /** Restarts asked for with REBOOT_REQ (each also counts in {@link #boots()}). */
    public long rebootsRequested() {
        return counters.rebootsRequested.get();
    }

    public boolean plugged() {
        return cable.plugged();
    }

    /** Nanoseconds a byte takes on the simulated wire (0 when unthrottled). */
    public long byteNanos() {
        return cable.byteNanos();
    }

    /**
     * The simulator's own timing error, for benchmarks: how late chunks arrived after their simulated end of
     * transmission, over both wires: {mean ns, max ns, chunks}. Zeros when unthrottled.
     */
    public long[] wireLatenessNanos() {
        return cable.lateness();
    }

    /**
     * Watches the simulated wires, for benchmarks and timing tests: {@code tap} sees every chunk as it arrives at the
     * far end (after faults), with the {@link System#nanoTime()} at which it was written and at which it arrived.
     * Called on the wire's own thread; keep it short. {@code null} removes it.
     */
    public void tapWires(WireTap tap) {
        cable.tap(tap);
    }

    /** See {@link #tapWires}. */
    @FunctionalInterface
    public interface WireTap {
        /** {@code toBoard}: host to board (else board to host); times from {@link System#nanoTime()}. */
        void onArrived(boolean toBoard, byte[] bytes, long sentNanos, long startNanos, long arrivedNanos);
    }

    /**
     * Makes a light's hardware stuck ({@code stuck}) or working again: the board reports FAULT OUTPUT_STUCK, or FAULT
     * 0, as the firmware does when a strip refresh does not finish in time and when a later one does.
     */
    void setLightStuck(int light, boolean stuck) {
        if (light < 0 || light >= lightInfo.size()) throw new IllegalArgumentException("no light " + light);
        run(() -> {
            if (cable.plugged()) firmware.reportFault(light, stuck);
        });
    }

    /** Presses the board's button for a light: toggles it and reports STATE with cause button. */
    public void pressButton(int light) {
        if (light < 0 || light >= lightInfo.size()) throw new IllegalArgumentException("no light " + light);
        run(() -> {
            if (cable.plugged()) firmware.pressButton(light);
        });
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        faults.detach(this);
        exec.shutdown();
        cable.closeWires();
        try {
            exec.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        cable.disconnect("simulated board closed");
    }

    @Override
    public String toString() {
        return "SimulatedBoard[" + name + ", " + (baud == 0 ? "unthrottled" : baud + " baud") + "]";
    }

    // ================================================================== the host side (LoopbackTransport)

    /** Lock order: this board, then its cable (the cable never calls back under its lock). */
    synchronized Cable.Connection attach(SerialTransport.Listener listener) throws IOException {
        if (closed) throw new IOException("simulated board " + name + " is closed");
        return cable.attach(listener);
    }

    void detach(Cable.Connection c) {
        cable.detach(c);
    }

    boolean hostWrite(Cable.Connection c, byte[] data) {
        return cable.hostWrite(c, data);
    }

    // ================================================================== faults

    void doUnplug() {
        cable.unplug();
    }

    void doReplug() {
        if (cable.replug()) run(firmware::boot); // USB power returns: the board boots
    }

    void doReset() {
        run(firmware::boot);
    }

    void doBootText() {
        run(this::sendBootText);
    }

    /** The ESP32 ROM's boot text on the board's wire now, as a reset prints it (board tasks). */
    void sendBootText() {
        cable.sendToHost(BoardFirmware.BOOT_TEXT);
    }

    void setStalled(boolean s) {
        stalled = s;
    }

    // ================================================================== board tasks

    /** Runs board logic: at once on this thread if the board is idle, else after what it is doing. */
    private void run(Runnable r) {
        exec.execute(() -> {
            if (!closed) r.run();
        });
    }

    /** Runs board logic every {@code every}, until the board is closed. */
    void schedule(Runnable r, Duration every) {
        exec.scheduleWithFixedDelay(
                () -> {
                    if (!closed) r.run();
                },
                every.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Runs {@code r} once after a delay on the board's thread (a timer: never once the board is closed). */
    void scheduleOnce(Runnable r, long delay, TimeUnit unit) {
        exec.schedule(r, delay, unit);
    }

    private void onBytes(byte[] data) {
        if (!cable.plugged() || stalled) return; // powered off, or busy elsewhere: the bytes are lost
        firmware.receive(data);
        if (pixelTimer == null && firmware.pixelsActive()) {
            pixelTimer = exec.scheduleWithFixedDelay(this::pixelTick, PIXEL_TICK_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** The live view's clock, like hb_core_tick: one chunk per tick; the timer stops when no light is subscribed. */
    private void pixelTick() {
        if (closed || !firmware.pixelsActive()) {
            SerialExecutor.cancel(pixelTimer);
            pixelTimer = null;
            return;
        }
        if (cable.plugged() && !stalled) firmware.sendPixels();
    }

    // ================================================================== builder

    public static final class Builder {
        private String name;
        private int baud = 115200;
        private List<LightInfo> lights = DEFAULT_LIGHTS;
        private String firmwareVersion = FIRMWARE_VERSION;
        private Long seed;
        private Faults faults = new Faults();
        private boolean bootText = true;
        private Ticker ticker = Ticker.SYSTEM;

        public Builder name(String n) {
            name = n;
            return this;
        }

        /** Simulated baud rate; 0 = unthrottled. */
        public Builder baud(int b) {
            if (b < 0) throw new IllegalArgumentException("baud must be >= 0: " + b);
            baud = b;
            return this;
        }

        public Builder lights(List<LightInfo> l) {
            lights = l;
            return this;
        }

        public Builder firmwareVersion(String v) {
            firmwareVersion = v;
            return this;
        }

        /** Seed of the fault injector and the boot ids, for reproducible runs. */
        public Builder seed(long s) {
            seed = s;
            return this;
        }

        public Builder faults(Faults f) {
            if (f == null) throw new IllegalArgumentException("faults is null");
            faults = f;
            return this;
        }

        /** Whether a reset prints the ESP32 ROM's boot text before the HELLO (default true). */
        public Builder bootText(boolean b) {
            bootText = b;
            return this;
        }

        /**
         * The board's clock and timers (default: real time). Another ticker (a test's virtual clock) makes a board
         * without threads, whose wires deliver on the sender's thread: it must be unthrottled (baud 0) with no
         * adapter latency, since wire time is real time.
         */
        public Builder ticker(Ticker t) {
            if (t == null) throw new IllegalArgumentException("ticker is null");
            ticker = t;
            return this;
        }

        public SimulatedBoard build() {
            return new SimulatedBoard(this);
        }
    }
}
