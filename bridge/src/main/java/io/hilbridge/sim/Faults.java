package io.hilbridge.sim;

import io.hilbridge.link.Frame;
import io.hilbridge.link.Messages;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;

/**
 * Faults of one simulated board. Rates apply per byte on both directions of the wire and may be changed at any
 * time; the actions (reset, unplug, ...) act on the board this injector is attached to. {@link #parse} reads the
 * CLI form, e.g. {@code bitflip=0.001,drop=0.0005,dup=0,reset-every=30s}, as {@code --sim-faults} takes it.
 *
 * <p>Thread-safety: every method may be called from any thread (volatile rates, a concurrent set, a lock on the
 * lost-frame counts); the periodic faults are read once, when the board is built.
 */
public final class Faults {
    private volatile double bitFlipRate;
    private volatile double dropRate;
    private volatile double duplicateRate;
    private Duration resetEvery;
    private Duration unplugEvery;
    private Duration buttonEvery;
    private Duration bootTextEvery;
    private Duration adapterLatency;
    private final Set<Integer> stuckAtBoot = new ConcurrentSkipListSet<>();
    private volatile SimulatedBoard board;
    private final int[] lose = new int[256];

    public Faults() {}

    public static Faults none() {
        return new Faults();
    }

    /**
     * Parses {@code key=value} pairs separated by commas. Keys: {@code bitflip}, {@code drop}, {@code dup}
     * (probabilities per byte, 0..1), {@code reset-every}, {@code unplug-every} (unplugged for 2 s),
     * {@code button-every}, {@code boottext-every} (durations like {@code 30s} or {@code 500ms}), {@code latency}
     * (an FTDI-like adapter's latency timer on the board-to-host side, 1ms..255ms, e.g. {@code 16ms}),
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
                case "latency" -> f.adapterLatency(latency(value));
                case "stuck-light" -> f.stuckAtBoot(lightId(key, value));
                default ->
                    throw new IllegalArgumentException("unknown fault '" + key + "' (known: bitflip, drop,"
                            + " dup, reset-every, unplug-every, button-every, boottext-every, latency, stuck-light)");
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
            else if (v.endsWith("s"))
                d = Duration.ofMillis((long) (Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
            else if (v.endsWith("m")) d = Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)) * 60);
            else throw new NumberFormatException();
            if (d.toMillis() < 100) throw new IllegalArgumentException("fault " + key + " must be >= 100ms");
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("fault " + key + ": '" + value + "' is not a duration like 30s");
        }
    }

    private static Duration latency(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        try {
            if (!v.endsWith("ms")) throw new NumberFormatException();
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("fault latency: '" + value + "' is not milliseconds like 16ms");
        }
    }

    /**
     * Holds the board's bytes like an FTDI chip whose latency timer is {@code d} (1..255 ms, as the chip allows):
     * sent when 62 bytes are waiting or the timer runs out. Read when the board is built.
     */
    public Faults adapterLatency(Duration d) {
        if (d != null && (d.toMillis() < 1 || d.toMillis() > 255)) {
            throw new IllegalArgumentException("fault latency must be 1ms..255ms: " + d.toMillis() + "ms");
        }
        adapterLatency = d;
        return this;
    }

    public Duration adapterLatency() {
        return adapterLatency;
    }

    private static int lightId(String key, String value) {
        try {
            int id = Integer.parseInt(value);
            if (id >= 0 && id < Messages.MAX_LIGHTS) return id;
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new IllegalArgumentException(
                "fault " + key + ": '" + value + "' is not a light id 0.." + (Messages.MAX_LIGHTS - 1));
    }

    private static double check(double r, String what) {
        if (!(r >= 0 && r <= 1)) throw new IllegalArgumentException(what + " must be in 0..1: " + r);
        return r;
    }

    public Faults bitFlipRate(double r) {
        bitFlipRate = check(r, "bit-flip rate");
        return this;
    }

    public Faults dropRate(double r) {
        dropRate = check(r, "drop rate");
        return this;
    }

    public Faults duplicateRate(double r) {
        duplicateRate = check(r, "duplicate rate");
        return this;
    }

    public double bitFlipRate() {
        return bitFlipRate;
    }

    public double dropRate() {
        return dropRate;
    }

    public double duplicateRate() {
        return duplicateRate;
    }

    /** Sets every per-byte rate to 0. */
    public Faults clearRates() {
        bitFlipRate = 0;
        dropRate = 0;
        duplicateRate = 0;
        return this;
    }

    /** The ESP32 ROM's boot text, injected into the board's output now (without a reset). */
    public void bootTextBurst() {
        board().doBootText();
    }

    /** Resets the board: new boot id, lights off, boot text, unsolicited HELLO. */
    public void reset() {
        board().doReset();
    }

    /** Pulls the cable: the host's transport reports a disconnect and cannot reopen until {@link #replug}. */
    public void unplug() {
        board().doUnplug();
    }

    /** Plugs the cable back in: USB power returns and the board boots (new boot id). */
    public void replug() {
        board().doReplug();
    }

    /** The board stops reading and answering (bytes sent to it are lost) until {@link #unstall}. */
    public void stall() {
        board().setStalled(true);
    }

    public void unstall() {
        board().setStalled(false);
    }

    public void pressButton(int light) {
        board().pressButton(light);
    }

    /** Light {@code light}'s hardware is stuck from every boot on (the board reports FAULT after its HELLO). */
    public Faults stuckAtBoot(int light) {
        stuckAtBoot.add(light);
        return this;
    }

    public Set<Integer> stuckAtBoot() {
        return Set.copyOf(stuckAtBoot);
    }

    /** Light {@code light}'s hardware gets stuck now (FAULT OUTPUT_STUCK), or works again (FAULT 0). */
    public void stickLight(int light, boolean stuck) {
        board().setLightStuck(light, stuck);
    }

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
        if (bootTextEvery != null) b.schedule(b::sendBootText, bootTextEvery);
        if (buttonEvery != null) b.schedule(() -> b.pressButton(0), buttonEvery);
        if (unplugEvery != null) {
            b.schedule(
                    () -> {
                        b.doUnplug();
                        b.scheduleOnce(b::doReplug, 2, TimeUnit.SECONDS); // a timer: not while closed (shut down)
                    },
                    unplugEvery);
        }
    }

    /** Applies the per-byte faults to one chunk; returns the chunk itself when there are none. */
    byte[] corrupt(byte[] chunk, Random random) {
        double flip = bitFlipRate, drop = dropRate, dup = duplicateRate;
        if (flip == 0 && drop == 0 && dup == 0) return chunk;
        ByteArrayOutputStream out = new ByteArrayOutputStream(chunk.length + 8);
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
        StringBuilder s = new StringBuilder("bitflip=" + bitFlipRate + ",drop=" + dropRate + ",dup=" + duplicateRate);
        for (int light : stuckAtBoot) s.append(",stuck-light=").append(light);
        return s.toString();
    }
}
