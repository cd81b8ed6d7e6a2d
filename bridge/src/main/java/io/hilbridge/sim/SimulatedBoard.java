package io.hilbridge.sim;

import io.hilbridge.concurrent.SerialExecutor;
import io.hilbridge.lights.Effect;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.LightInfo;
import io.hilbridge.lights.LightKind;
import io.hilbridge.lights.LightState;
import io.hilbridge.lights.StateCause;
import io.hilbridge.link.DecodeError;
import io.hilbridge.link.Frame;
import io.hilbridge.link.FrameDecoder;
import io.hilbridge.link.FrameEncoder;
import io.hilbridge.link.MalformedPayloadException;
import io.hilbridge.link.Messages;
import io.hilbridge.serial.SerialTransport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-process board that speaks the exact bytes of the UART link (uart-link.md section 4), for tests, demos and
 * CI without hardware. It has a simulated baud rate (each byte takes 10 bit times on each direction's wire) and a
 * fault injector ({@link Faults}): bit flips, dropped and duplicated bytes, boot-text bursts, resets, unplug/replug,
 * a stalled board, and a button.
 *
 * <p>Thread-safety: board logic runs as one {@link SerialExecutor}'s tasks, one at a time: bytes from the host on
 * the host-to-board wire's thread as they arrive (no hand-off, like firmware handling a UART interrupt), timers and
 * faults on the board's own thread ({@code hilbridge-sim-<name>}). Each direction of the wire has its own thread.
 * Every public method may be called from any thread. {@link #close()} stops all three.
 */
public final class SimulatedBoard implements AutoCloseable {

    public static final String FIRMWARE_VERSION = "sim-0.1.0";

    /** The default board, exactly as the vectors' default board (protocol-spec/vectors/messages.json). */
    public static final List<LightInfo> DEFAULT_LIGHTS = List.of(
            new LightInfo(0, "Status LED", LightKind.ONOFF, 1, EnumSet.of(Effect.BLINK)),
            new LightInfo(1, "Desk lamp", LightKind.DIMMABLE, 1, EnumSet.of(Effect.BLINK, Effect.BREATHE)),
            new LightInfo(2, "RGB LED", LightKind.RGB, 1, EnumSet.of(Effect.BLINK, Effect.BREATHE, Effect.RAINBOW)),
            new LightInfo(3, "Strip", LightKind.STRIP, 8, EnumSet.of(Effect.BLINK, Effect.BREATHE, Effect.RAINBOW)));

    /** What the ESP32 ROM prints at 115200 on every reset (no 0x00 in it, no way to turn it off). */
    static final byte[] BOOT_TEXT = ("ets Jun  8 2016 00:22:57\r\n\r\nrst:0x1 (POWERON_RESET),boot:0x13 "
            + "(SPI_FAST_FLASH_BOOT)\r\nconfigsip: 0, SPIWP:0xee\r\nclk_drv:0x00,q_drv:0x00,d_drv:0x00,cs0_drv:0x00\r\n"
            + "mode:DIO, clock div:2\r\nload:0x3fff0030,len:7104\r\nentry 0x400805f0\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    private static final int WINDOW = 8;
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final String name;
    private final List<LightInfo> lightInfo;
    private final String firmwareVersion;
    private final boolean bootTextOnReset;
    private final Faults faults;
    private final Random random;
    private final SerialExecutor exec;
    private final Wire toBoard;
    private final Wire toHost;
    private final int baud;

    private volatile Connection connection;
    private volatile boolean plugged = true;
    private volatile boolean stalled;
    private volatile boolean closed;

    // ---- confined to board tasks (exec)
    private final FrameDecoder decoder;
    private final LightState[] lights;
    private int stateGen;
    private int seq;
    private long bootId;
    private long bootNanos;
    private final int[] windowSeq = new int[WINDOW];
    private final byte[][] windowAnswer = new byte[WINDOW][];
    private final int[] windowType = new int[WINDOW];
    private int windowCount;
    private int windowNext;
    /** Per light, the seq of the last SET applied to it, or -1 (uart-link.md section 4, per-light ordering). */
    private final int[] lastApplied;
    /** Lights whose hardware this board reports faulted (FAULT, uart-link.md section 3). Board tasks only. */
    private final java.util.BitSet faulted = new java.util.BitSet();
    /** The lights the SET being handled changed, in order; its answer depends on how many (section 4, dispatch). */
    private final List<Integer> changedBySet = new java.util.ArrayList<>();

    // ---- published
    private volatile List<LightState> snapshot;
    private volatile long bootIdSnapshot;
    private final AtomicLong setsApplied = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong staleSkipped = new AtomicLong();
    private final AtomicLong framesReceived = new AtomicLong();
    private final AtomicLong decodeErrors = new AtomicLong();
    private final AtomicLong boots = new AtomicLong();

    /** The host side currently attached (a {@link LoopbackTransport} connection). */
    static final class Connection {
        final SerialTransport.Listener listener;

        Connection(SerialTransport.Listener listener) {
            this.listener = listener;
        }
    }

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
        this.firmwareVersion = b.firmwareVersion;
        this.bootTextOnReset = b.bootText;
        this.faults = b.faults;
        this.baud = b.baud;
        long seed = b.seed != null ? b.seed : new Random().nextLong();
        this.random = new Random(seed);
        this.lights = new LightState[lightInfo.size()];
        this.lastApplied = new int[lightInfo.size()];
        this.decoder = new FrameDecoder(new FrameDecoder.Listener() {
            @Override
            public void onFrame(Frame frame) {
                framesReceived.incrementAndGet();
                dispatch(frame);
            }

            @Override
            public void onError(DecodeError error) {
                decodeErrors.incrementAndGet();
            }
        });
        this.exec = new SerialExecutor("hilbridge-sim-" + name,
                e -> org.slf4j.LoggerFactory.getLogger(SimulatedBoard.class).error("simulated board failed", e));
        this.toBoard = new Wire("hilbridge-sim-" + name + "-rx", b.baud, faults, new Random(seed ^ 0x5DEECE66DL),
                bytes -> run(() -> onBytes(bytes)));
        this.toHost = new Wire("hilbridge-sim-" + name + "-tx", b.baud, faults, new Random(seed ^ 0xB5AD4ECEDAL),
                this::deliverToHost);
        faults.attach(this);
        run(this::boot);
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
        return snapshot;
    }

    public List<LightInfo> lightInfo() {
        return lightInfo;
    }

    public long bootId() {
        return bootIdSnapshot;
    }

    public int baud() {
        return baud;
    }

    public String name() {
        return name;
    }

    /** SETs applied (duplicates answered from the window are not counted). */
    public long setsApplied() {
        return setsApplied.get();
    }

    /** SETs answered from the duplicate window without being applied again. */
    public long duplicatesAnswered() {
        return duplicates.get();
    }

    /** Lights a SET was not applied to because a newer SET for them had been applied (ACKed all the same). */
    public long staleSkipped() {
        return staleSkipped.get();
    }

    public long framesReceived() {
        return framesReceived.get();
    }

    public long decodeErrors() {
        return decodeErrors.get();
    }

    /** How many times the board booted (1 after construction). */
    public long boots() {
        return boots.get();
    }

    public boolean plugged() {
        return plugged;
    }

    /** Nanoseconds a byte takes on the simulated wire (0 when unthrottled). */
    public long byteNanos() {
        return toHost.byteNanos();
    }

    /**
     * The simulator's own timing error, for benchmarks: how late chunks arrived after their simulated end of
     * transmission, over both wires: {mean ns, max ns, chunks}. Zeros when unthrottled.
     */
    public long[] wireLatenessNanos() {
        long[] a = toBoard.lateness();
        long[] b = toHost.lateness();
        long n = a[2] + b[2];
        return new long[] {n == 0 ? 0 : (a[0] * a[2] + b[0] * b[2]) / n, Math.max(a[1], b[1]), n};
    }

    /**
     * Watches the simulated wires, for benchmarks and timing tests: {@code tap} sees every chunk as it arrives at the
     * far end (after faults), with the {@link System#nanoTime()} at which it was written and at which it arrived.
     * Called on the wire's own thread; keep it short. {@code null} removes it.
     */
    public void tapWires(WireTap tap) {
        toBoard.tap(tap == null ? null : (bytes, sent, start, arrived) -> tap.onArrived(true, bytes, sent, start, arrived));
        toHost.tap(tap == null ? null : (bytes, sent, start, arrived) -> tap.onArrived(false, bytes, sent, start, arrived));
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
            if (plugged) reportFault(light, stuck);
        });
    }

    private void reportFault(int light, boolean stuck) {
        if (faulted.get(light) == stuck) return;
        faulted.set(light, stuck);
        stateGen = (stateGen + 1) & 0xFFFF; // a fault change is a change of the light
        sendFault(light);
    }

    private void sendFault(int light) {
        send(Frame.FAULT, new Messages.Fault(light, faulted.get(light) ? 1 : 0, stateGen).encode());
    }

    /** Presses the board's button for a light: toggles it and reports STATE with cause button. */
    public void pressButton(int light) {
        if (light < 0 || light >= lightInfo.size()) throw new IllegalArgumentException("no light " + light);
        run(() -> {
            if (!plugged) return;
            LightState s = lights[light];
            change(light, new LightState(!s.on(), s.brightness(), s.color(), s.on() ? Effect.NONE : s.effect()),
                    StateCause.BUTTON);
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
        toBoard.close();
        toHost.close();
        try {
            exec.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Connection c = connection;
        connection = null;
        if (c != null) c.listener.onDisconnect("simulated board closed");
    }

    @Override
    public String toString() {
        return "SimulatedBoard[" + name + ", " + (baud == 0 ? "unthrottled" : baud + " baud") + "]";
    }

    // ================================================================== the host side (LoopbackTransport)

    synchronized Connection attach(SerialTransport.Listener listener) throws java.io.IOException {
        if (closed) throw new java.io.IOException("simulated board " + name + " is closed");
        if (!plugged) throw new java.io.IOException("simulated board " + name + " is unplugged");
        if (connection != null) throw new java.io.IOException("simulated board " + name + " is already open");
        Connection c = new Connection(listener);
        connection = c;
        return c;
    }

    synchronized void detach(Connection c) {
        if (connection == c) connection = null;
    }

    boolean hostWrite(Connection c, byte[] data) {
        if (connection != c || !plugged) return false;
        toBoard.send(data);
        return true;
    }

    private void deliverToHost(byte[] data) {
        Connection c = connection;
        if (c != null && plugged) c.listener.onBytes(data, 0, data.length);
    }

    // ================================================================== faults

    void doUnplug() {
        Connection c;
        synchronized (this) {
            if (!plugged) return;
            plugged = false;
            c = connection;
            connection = null;
        }
        toBoard.clear();
        toHost.clear();
        if (c != null) c.listener.onDisconnect("unplugged (simulated)");
    }

    void doReplug() {
        synchronized (this) {
            if (plugged) return;
            plugged = true;
        }
        run(this::boot); // USB power returns: the board boots
    }

    void doReset() {
        run(this::boot);
    }

    void doBootText() {
        run(() -> toHost.send(BOOT_TEXT));
    }

    void setStalled(boolean s) {
        stalled = s;
    }

    // ================================================================== board logic (board tasks)

    /** Runs board logic: at once on this thread if the board is idle, else after what it is doing. */
    private void run(Runnable r) {
        exec.execute(() -> {
            if (!closed) r.run();
        });
    }

    /** Runs board logic every {@code every}, until the board is closed. */
    void schedule(Runnable r, Duration every) {
        exec.scheduleWithFixedDelay(() -> {
            if (!closed) r.run();
        }, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void boot() {
        boots.incrementAndGet();
        for (int i = 0; i < lights.length; i++) lights[i] = LightState.BOOT;
        stateGen = 0;
        seq = 0;
        windowCount = 0;
        windowNext = 0;
        java.util.Arrays.fill(lastApplied, -1);
        bootId = random.nextLong() & 0xFFFFFFFFL;
        bootNanos = System.nanoTime();
        decoder.reset();
        publish();
        if (bootTextOnReset) toHost.send(BOOT_TEXT);
        send(Frame.HELLO, hello());
        send(Frame.LOG, new Messages.Log(3, "boot " + Long.toHexString(bootId)).encode());
        faulted.clear();
        for (int light : faults.stuckAtBoot()) {
            if (light < lights.length) reportFault(light, true); // found stuck while booting
        }
    }

    private byte[] hello() {
        return new Messages.Hello(1, firmwareVersion, bootId, lightInfo).encode();
    }

    private void onBytes(byte[] data) {
        if (!plugged || stalled) return; // powered off, or busy elsewhere: the bytes are lost
        decoder.feed(data);
    }

    private void dispatch(Frame f) {
        byte[] p = f.payload();
        switch (f.type()) {
            case Frame.HELLO_REQ, Frame.SET, Frame.STATE_REQ, Frame.PING -> ageLastApplied(f.seq());
            default -> { }
        }
        switch (f.type()) {
            case Frame.HELLO_REQ -> {
                if (p.length != 0) {
                    nack(f.seq(), Messages.NACK_MALFORMED);
                    return;
                }
                windowCount = 0; // a new host session starts its sequence numbers anew
                windowNext = 0; // lookups scan entries [0, windowCount): new ones must start at 0
                java.util.Arrays.fill(lastApplied, -1); // and its per-light ordering too
                send(Frame.HELLO, hello());
            }
            case Frame.SET -> onSet(f.seq(), p);
            case Frame.STATE_REQ -> {
                if (p.length != 1) {
                    nack(f.seq(), Messages.NACK_MALFORMED);
                    return;
                }
                int light = p[0] & 0xFF;
                if (light == 0xFF) {
                    for (int i = 0; i < lights.length; i++) sendSyncState(i);
                } else if (light < lights.length) {
                    sendSyncState(light);
                } else {
                    nack(f.seq(), Messages.NACK_BAD_LIGHT);
                }
            }
            case Frame.PING -> {
                if (p.length != 0) {
                    nack(f.seq(), Messages.NACK_MALFORMED);
                    return;
                }
                long uptime = (System.nanoTime() - bootNanos) / 1_000_000 & 0xFFFFFFFFL;
                send(Frame.PONG, new Messages.Pong(f.seq(), stateGen, uptime).encode());
            }
            default -> nack(f.seq(), Messages.NACK_UNKNOWN_TYPE);
        }
    }

    private void onSet(int setSeq, byte[] p) {
        for (int i = 0; i < windowCount; i++) {
            if (windowSeq[i] == setSeq) {
                duplicates.incrementAndGet();
                send(windowType[i], windowAnswer[i]); // the remembered answer, not applied again
                return;
            }
        }
        int type;
        byte[] answer;
        changedBySet.clear();
        int code = applySet(setSeq, p);
        if (code == 0 && changedBySet.size() == 1) {
            // Exactly one light changed: its STATE and the ACK in one frame, remembered as the answer to repeat.
            int light = changedBySet.get(0);
            type = Frame.ACK_STATE;
            answer = Messages.AckState.of(setSeq, stateGen, light, lights[light]).encode();
        } else if (code == 0) {
            // None, or several (0xFF): one STATE per changed light, each with the state_gen after its change.
            int n = changedBySet.size();
            for (int k = 0; k < n; k++) {
                int light = changedBySet.get(k);
                send(Frame.STATE, Messages.State.of(light, StateCause.COMMAND, lights[light],
                        (stateGen - n + k + 1) & 0xFFFF).encode());
            }
            type = Frame.ACK;
            answer = new Messages.Ack(setSeq, stateGen).encode();
        } else {
            type = Frame.NACK;
            answer = new Messages.Nack(setSeq, code).encode();
        }
        if (code == Messages.NACK_MALFORMED) {
            // A wrong length is almost always line corruption (uart-link.md section 2): not remembered, so the
            // host's retransmission of this seq is judged afresh.
            send(type, answer);
            return;
        }
        windowSeq[windowNext] = setSeq;
        windowType[windowNext] = type;
        windowAnswer[windowNext] = answer;
        windowNext = (windowNext + 1) % WINDOW;
        windowCount = Math.min(windowCount + 1, WINDOW);
        send(type, answer);
    }

    /**
     * Ageing of the per-light order (uart-link.md section 4): a remembered seq 16384 or more away from the host's
     * counter is forgotten, so the 16-bit counter can never come half-way round and make a new SET look old.
     */
    private void ageLastApplied(int seq) {
        for (int i = 0; i < lastApplied.length; i++) {
            if (lastApplied[i] >= 0 && ((seq - lastApplied[i] + 0x4000) & 0xFFFF) >= 0x8000) lastApplied[i] = -1;
        }
    }

    /** A newer SET for this light was applied already: this one was superseded and must not put back its values. */
    private boolean staleFor(int light, int seq) {
        if (lastApplied[light] < 0) return false;
        int d = (short) (seq - lastApplied[light]);
        return d < 0 && d > -16384;
    }

    /**
     * Validates and applies a SET; returns 0 or the NACK code. All-or-nothing; lights it is stale for keep their
     * state (it is still ACKed).
     */
    private int applySet(int seq, byte[] p) {
        if (p.length != 10) return Messages.NACK_MALFORMED;
        Messages.SetCommand cmd = Messages.SetCommand.decode(p);
        int light = cmd.light();
        if (light != 0xFF && light >= lights.length) return Messages.NACK_BAD_LIGHT;
        LightChange change;
        try {
            change = cmd.toChange();
        } catch (MalformedPayloadException e) {
            return Messages.NACK_OUT_OF_RANGE;
        }
        int from = light == 0xFF ? 0 : light;
        int to = light == 0xFF ? lights.length - 1 : light;
        for (int i = from; i <= to; i++) {
            if (change.unsupportedField(lightInfo.get(i)) != null) return Messages.NACK_UNSUPPORTED;
        }
        setsApplied.incrementAndGet();
        for (int i = from; i <= to; i++) {
            if (staleFor(i, seq)) {
                staleSkipped.incrementAndGet();
                continue;
            }
            lastApplied[i] = seq;
            change(i, lights[i].apply(change), StateCause.COMMAND);
        }
        return 0;
    }

    /** A command's change is reported by the SET's answer (onSet); the board's own changes at once. */
    private void change(int light, LightState next, StateCause cause) {
        if (next.equals(lights[light])) return;
        lights[light] = next;
        stateGen = (stateGen + 1) & 0xFFFF;
        publish();
        if (cause == StateCause.COMMAND) {
            changedBySet.add(light);
        } else {
            sendState(light, cause);
        }
    }

    private void sendState(int light, StateCause cause) {
        send(Frame.STATE, Messages.State.of(light, cause, lights[light], stateGen).encode());
    }

    /** A STATE_REQ's answer for one light: STATE (sync), then FAULT when the light is faulted. */
    private void sendSyncState(int light) {
        sendState(light, StateCause.SYNC);
        if (faulted.get(light)) sendFault(light);
    }

    private void nack(int ackSeq, int code) {
        send(Frame.NACK, new Messages.Nack(ackSeq, code).encode());
    }

    private void send(int type, byte[] payload) {
        if (!plugged) return;
        if (faults.loseFrame(type)) {
            seq = (seq + 1) & 0xFFFF; // sent, and lost on the way
            return;
        }
        toHost.send(FrameEncoder.encode(type, seq, payload));
        seq = (seq + 1) & 0xFFFF;
    }

    private void publish() {
        snapshot = List.of(lights.clone());
        bootIdSnapshot = bootId;
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

        public Builder name(String n) { name = n; return this; }

        /** Simulated baud rate; 0 = unthrottled. */
        public Builder baud(int b) {
            if (b < 0) throw new IllegalArgumentException("baud must be >= 0: " + b);
            baud = b;
            return this;
        }

        public Builder lights(List<LightInfo> l) { lights = l; return this; }

        public Builder firmwareVersion(String v) { firmwareVersion = v; return this; }

        /** Seed of the fault injector and the boot ids, for reproducible runs. */
        public Builder seed(long s) { seed = s; return this; }

        public Builder faults(Faults f) {
            if (f == null) throw new IllegalArgumentException("faults is null");
            faults = f;
            return this;
        }

        /** Whether a reset prints the ESP32 ROM's boot text before the HELLO (default true). */
        public Builder bootText(boolean b) { bootText = b; return this; }

        public SimulatedBoard build() {
            return new SimulatedBoard(this);
        }
    }

    // ================================================================== the fault injector

    /**
     * Faults of one simulated board. Rates apply per byte on both directions of the wire and may be changed at any
     * time; the actions (reset, unplug, ...) act on the board this injector is attached to. {@link #parse} reads the
     * CLI form, e.g. {@code bitflip=0.001,drop=0.0005,dup=0,reset-every=30s}. Thread-safe.
     */
    public static final class Faults {
        private volatile double bitFlipRate;
        private volatile double dropRate;
        private volatile double duplicateRate;
        private Duration resetEvery;
        private Duration unplugEvery;
        private Duration buttonEvery;
        private Duration bootTextEvery;
        private final java.util.Set<Integer> stuckAtBoot = new java.util.concurrent.ConcurrentSkipListSet<>();
        private volatile SimulatedBoard board;
        private final int[] lose = new int[256];

        public Faults() {}

        public static Faults none() {
            return new Faults();
        }

        /**
         * Parses {@code key=value} pairs separated by commas. Keys: {@code bitflip}, {@code drop}, {@code dup}
         * (probabilities per byte, 0..1), {@code reset-every}, {@code unplug-every} (unplugged for 2 s),
         * {@code button-every}, {@code boottext-every} (durations like {@code 30s} or {@code 500ms}),
         * {@code stuck-light} (a light id whose hardware is stuck from boot: the board reports FAULT; may repeat).
         * Empty or {@code none} means no faults. Throws IllegalArgumentException naming the bad part.
         */
        public static Faults parse(String spec) {
            Faults f = new Faults();
            if (spec == null || spec.isBlank() || spec.trim().equalsIgnoreCase("none")) return f;
            for (String part : spec.split(",")) {
                String p = part.trim();
                if (p.isEmpty()) continue;
                int eq = p.indexOf('=');
                if (eq <= 0) throw new IllegalArgumentException("fault '" + p + "' must be key=value");
                String key = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                String value = p.substring(eq + 1).trim();
                switch (key) {
                    case "bitflip" -> f.bitFlipRate(rate(key, value));
                    case "drop" -> f.dropRate(rate(key, value));
                    case "dup", "duplicate" -> f.duplicateRate(rate(key, value));
                    case "reset-every" -> f.resetEvery = duration(key, value);
                    case "unplug-every" -> f.unplugEvery = duration(key, value);
                    case "button-every" -> f.buttonEvery = duration(key, value);
                    case "boottext-every" -> f.bootTextEvery = duration(key, value);
                    case "stuck-light" -> f.stuckAtBoot(lightId(key, value));
                    default -> throw new IllegalArgumentException("unknown fault '" + key + "' (known: bitflip, drop,"
                            + " dup, reset-every, unplug-every, button-every, boottext-every, stuck-light)");
                }
            }
            return f;
        }

        private static double rate(String key, String value) {
            double d;
            try {
                d = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("fault " + key + ": '" + value + "' is not a number");
            }
            if (!(d >= 0 && d <= 1)) throw new IllegalArgumentException("fault " + key + " must be in 0..1: " + value);
            return d;
        }

        private static Duration duration(String key, String value) {
            String v = value.toLowerCase(Locale.ROOT);
            try {
                Duration d;
                if (v.endsWith("ms")) d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
                else if (v.endsWith("s")) d = Duration.ofMillis((long) (Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
                else if (v.endsWith("m")) d = Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)) * 60);
                else throw new NumberFormatException();
                if (d.toMillis() < 100) throw new IllegalArgumentException("fault " + key + " must be >= 100ms");
                return d;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("fault " + key + ": '" + value + "' is not a duration like 30s");
            }
        }

        private static int lightId(String key, String value) {
            try {
                int id = Integer.parseInt(value);
                if (id >= 0 && id < Messages.MAX_LIGHTS) return id;
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
            throw new IllegalArgumentException("fault " + key + ": '" + value + "' is not a light id 0.."
                    + (Messages.MAX_LIGHTS - 1));
        }

        private static double check(double r, String what) {
            if (!(r >= 0 && r <= 1)) throw new IllegalArgumentException(what + " must be in 0..1: " + r);
            return r;
        }

        public Faults bitFlipRate(double r) { bitFlipRate = check(r, "bit-flip rate"); return this; }
        public Faults dropRate(double r) { dropRate = check(r, "drop rate"); return this; }
        public Faults duplicateRate(double r) { duplicateRate = check(r, "duplicate rate"); return this; }
        public double bitFlipRate() { return bitFlipRate; }
        public double dropRate() { return dropRate; }
        public double duplicateRate() { return duplicateRate; }

        /** Sets every per-byte rate to 0. */
        public Faults clearRates() {
            bitFlipRate = 0;
            dropRate = 0;
            duplicateRate = 0;
            return this;
        }

        /** The ESP32 ROM's boot text, injected into the board's output now (without a reset). */
        public void bootTextBurst() { board().doBootText(); }

        /** Resets the board: new boot id, lights off, boot text, unsolicited HELLO. */
        public void reset() { board().doReset(); }

        /** Pulls the cable: the host's transport reports a disconnect and cannot reopen until {@link #replug}. */
        public void unplug() { board().doUnplug(); }

        /** Plugs the cable back in: USB power returns and the board boots (new boot id). */
        public void replug() { board().doReplug(); }

        /** The board stops reading and answering (bytes sent to it are lost) until {@link #unstall}. */
        public void stall() { board().setStalled(true); }

        public void unstall() { board().setStalled(false); }

        public void pressButton(int light) { board().pressButton(light); }

        /** Light {@code light}'s hardware is stuck from every boot on (the board reports FAULT after its HELLO). */
        public Faults stuckAtBoot(int light) {
            stuckAtBoot.add(light);
            return this;
        }

        public java.util.Set<Integer> stuckAtBoot() { return java.util.Set.copyOf(stuckAtBoot); }

        /** Light {@code light}'s hardware gets stuck now (FAULT OUTPUT_STUCK), or works again (FAULT 0). */
        public void stickLight(int light, boolean stuck) { board().setLightStuck(light, stuck); }

        /**
         * The next {@code count} frames of this type the board sends are lost on the wire (e.g. {@link Frame#ACK}
         * to make the host retransmit a SET the board already applied). Replaces an earlier count for the type.
         */
        public void loseNext(int frameType, int count) {
            if (frameType < 0 || frameType > 0xFF || count < 0) throw new IllegalArgumentException("bad loseNext");
            synchronized (lose) {
                lose[frameType] = count;
            }
        }

        boolean loseFrame(int type) {
            synchronized (lose) {
                if (lose[type] == 0) return false;
                lose[type]--;
                return true;
            }
        }

        private SimulatedBoard board() {
            SimulatedBoard b = board;
            if (b == null) throw new IllegalStateException("these faults are not attached to a simulated board");
            return b;
        }

        void attach(SimulatedBoard b) {
            if (board != null && board != b) {
                throw new IllegalStateException("these faults are already attached to " + board);
            }
            board = b;
        }

        void detach(SimulatedBoard b) {
            if (board == b) board = null;
        }

        void schedulePeriodic(SimulatedBoard b) {
            if (resetEvery != null) b.schedule(b::doReset, resetEvery);
            if (bootTextEvery != null) b.schedule(() -> b.toHost.send(BOOT_TEXT), bootTextEvery);
            if (buttonEvery != null) b.schedule(() -> b.pressButton(0), buttonEvery);
            if (unplugEvery != null) {
                b.schedule(() -> {
                    b.doUnplug();
                    b.exec.schedule(b::doReplug, 2, TimeUnit.SECONDS); // a timer: not while closed (shut down)
                }, unplugEvery);
            }
        }

        /** Applies the per-byte faults to one chunk; returns the chunk itself when there are none. */
        byte[] corrupt(byte[] chunk, Random random) {
            double flip = bitFlipRate, drop = dropRate, dup = duplicateRate;
            if (flip == 0 && drop == 0 && dup == 0) return chunk;
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(chunk.length + 8);
            for (byte b : chunk) {
                if (drop > 0 && random.nextDouble() < drop) continue;
                int v = b;
                if (flip > 0 && random.nextDouble() < flip) v ^= 1 << random.nextInt(8);
                out.write(v);
                if (dup > 0 && random.nextDouble() < dup) out.write(v);
            }
            return out.toByteArray();
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder("bitflip=" + bitFlipRate + ",drop=" + dropRate + ",dup="
                    + duplicateRate);
            for (int light : stuckAtBoot) s.append(",stuck-light=").append(light);
            return s.toString();
        }
    }
}
