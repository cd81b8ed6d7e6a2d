package io.hilbridge.serial;

import java.util.ArrayList;
import java.util.List;

/**
 * A fake port for the line-policy tests: records every call the bridge makes ({@link #calls()}, in order, with the
 * fake clock), plays what the OS does on open and close, passes the levels through the adapter's quirk, and feeds the
 * result to a {@link BoardChip}. Time only moves through {@link #pause}. Not thread-safe.
 */
final class SimulatedPortLines implements ModemLines {

    /** What a driver does to a change of the lines. */
    enum Quirk {
        NONE,
        /** The driver inverts both lines (reported for CP210x and CH340 vendor drivers). */
        INVERTED,
        /** A change of both lines reaches the adapter as two requests, DTR's first (macOS CH34x driver). */
        SPLIT_DTR_FIRST,
        /** ... RTS's first. */
        SPLIT_RTS_FIRST
    }

    private final HostOs os;
    private final Quirk quirk;
    private final BoardChip chip;
    private final List<String> calls = new ArrayList<>();
    private boolean dtr;
    private boolean rts;
    private boolean presetDtr = true;
    private boolean presetRts = true;
    private boolean open;
    private long now;

    SimulatedPortLines(HostOs os, Quirk quirk, BoardChip chip) {
        this.os = os;
        this.quirk = quirk;
        this.chip = chip;
        apply(false, false); // a freshly plugged adapter: both released
    }

    final LinePolicy.Pause pause = d -> {
        calls.add("pause " + d.toMillis());
        now += d.toMillis();
    };

    @Override
    public void presetBeforeOpen(boolean d, boolean r) {
        calls.add("preset " + bits(d, r));
        presetDtr = d;
        presetRts = r;
    }

    @Override
    public boolean set(boolean d, boolean r) {
        if (!open) throw new AssertionError("lines set on a closed port");
        calls.add("set " + bits(d, r));
        change(d, r);
        return true;
    }

    /**
     * The OS opens the port: Linux and macOS raise both lines (one driver request; Linux's tty layer does it whenever
     * the baud rate is not 0); on Windows jSerialComm opens with the preset levels.
     */
    void open() {
        open = true;
        now++;
        if (os == HostOs.WINDOWS) {
            if (dtr != presetDtr || rts != presetRts) apply(presetDtr, presetRts);
        } else if (!dtr || !rts) {
            apply(true, true);
        }
    }

    /** The OS closes it: HUPCL drops both lines, unless jSerialComm turned HUPCL off (a line preset released). */
    void close() {
        open = false;
        now++;
        boolean hupcl = presetDtr && presetRts;
        if (os != HostOs.WINDOWS && hupcl) apply(false, false);
    }

    /** A change requested through the API, with the driver's quirk. */
    private void change(boolean d, boolean r) {
        now++;
        boolean both = d != dtr && r != rts;
        if (both && quirk == Quirk.SPLIT_DTR_FIRST) {
            apply(d, rts);
        } else if (both && quirk == Quirk.SPLIT_RTS_FIRST) {
            apply(dtr, r);
        }
        apply(d, r);
    }

    private void apply(boolean d, boolean r) {
        dtr = d;
        rts = r;
        boolean inv = quirk == Quirk.INVERTED;
        chip.lines(d ^ inv, r ^ inv, now);
    }

    List<String> calls() {
        return calls;
    }

    /** Host-side levels now (before inversion). */
    boolean dtr() {
        return dtr;
    }

    boolean rts() {
        return rts;
    }

    private static String bits(boolean d, boolean r) {
        return "DTR=" + (d ? 1 : 0) + " RTS=" + (r ? 1 : 0);
    }
}
