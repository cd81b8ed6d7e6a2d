package io.hilbridge.serial;

import java.time.Duration;
import java.util.Optional;

/**
 * What the bridge does to DTR and RTS of one port, per adapter family and OS (the why, with sources, is in
 * docs/serial-lines.md). On an ESP32 dev board two cross-coupled transistors turn the lines into EN and IO0:
 * RTS asserted with DTR released holds the chip in reset, DTR asserted with RTS released pulls IO0 low (the chip boots
 * into the ROM's download mode if it leaves reset then), equal levels do nothing. So the rules are:
 * <ul>
 *   <li>outside a requested reset the lines only ever rest at equal levels, and change together ({@link ModemLines#set});
 *   <li>no sequence ever asks for DTR asserted with RTS released;</li>
 *   <li>where a driver may split or reorder a change of both lines (WCH's CH34x driver on macOS), every change moves
 *       one line only, so no intermediate state can appear;</li>
 *   <li>a reset is esptool's hard reset: RTS asserted (EN low) for 100 ms, then released; on the USB-Serial/JTAG
 *       esptool's USB variant (200 ms, then 200 ms for the chip to come back); families whose lines are not wired to
 *       EN (TinyUSB CDC, unknown adapters, pseudo-terminals) get no line reset: the link asks the firmware instead.</li>
 * </ul>
 * Immutable and thread-safe; the {@link ModemLines} it drives are not.
 */
public final class LinePolicy {

    /** Levels of both lines; {@code true} = asserted. */
    public record Levels(boolean dtr, boolean rts) {
        public static final Levels RELEASED = new Levels(false, false);
        public static final Levels ASSERTED = new Levels(true, true);
        /** EN low on the auto-reset circuit. */
        public static final Levels RESET = new Levels(false, true);

        @Override
        public String toString() {
            return "DTR=" + (dtr ? 1 : 0) + " RTS=" + (rts ? 1 : 0);
        }
    }

    /** Pauses the calling thread for a line pulse's width (the real one sleeps; tests advance a fake clock). */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration d) throws InterruptedException;

        Pause SLEEP = d -> Thread.sleep(d.toMillis());
    }

    static final Duration RESET_HOLD = Duration.ofMillis(100);
    static final Duration USB_RESET_HOLD = Duration.ofMillis(200);
    static final Duration USB_RESET_SETTLE = Duration.ofMillis(200);

    private final AdapterFamily family;
    private final HostOs os;
    private final Levels preset;
    /** Levels set right after opening; null leaves them as the OS opened the port. */
    private final Levels afterOpen;
    /** Levels set right before closing; null leaves them. */
    private final Levels beforeClose;
    /** Levels the lines rest at during a reset pulse and after it; null: no line reset for this family. */
    private final Levels resetHold;

    private final Levels resetRelease;
    private final Duration hold;
    private final Duration settle;

    private LinePolicy(
            AdapterFamily family,
            HostOs os,
            Levels preset,
            Levels afterOpen,
            Levels beforeClose,
            Levels resetHold,
            Levels resetRelease,
            Duration hold,
            Duration settle) {
        this.family = family;
        this.os = os;
        this.preset = preset;
        this.afterOpen = afterOpen;
        this.beforeClose = beforeClose;
        this.resetHold = resetHold;
        this.resetRelease = resetRelease;
        this.hold = hold;
        this.settle = settle;
    }

    /** The policy for a family on an OS. */
    public static LinePolicy of(AdapterFamily family, HostOs os) {
        return switch (family) {
            case CP210X, FTDI -> uartBridge(family, os);
            case CH34X ->
                os == HostOs.MACOS
                        // The macOS driver may send a change of both lines as two requests in either order: rest at
                        // both
                        // asserted (as the OS opened the port) and pulse by dropping DTR alone, one line per step.
                        ? new LinePolicy(
                                family,
                                os,
                                Levels.RELEASED,
                                null,
                                null,
                                Levels.RESET,
                                Levels.ASSERTED,
                                RESET_HOLD,
                                Duration.ZERO)
                        : uartBridge(family, os);
            case ESP_USB_SERIAL_JTAG ->
                new LinePolicy(
                        family,
                        os,
                        Levels.RELEASED,
                        Levels.RELEASED,
                        Levels.RELEASED,
                        Levels.RESET,
                        Levels.RELEASED,
                        USB_RESET_HOLD,
                        USB_RESET_SETTLE);
            // DTR is "host connected" for TinyUSB: keep it asserted (RTS too, so the levels stay equal).
            case TINYUSB_CDC ->
                new LinePolicy(
                        family,
                        os,
                        Levels.ASSERTED,
                        Levels.ASSERTED,
                        Levels.RELEASED,
                        null,
                        null,
                        Duration.ZERO,
                        Duration.ZERO);
            case UNKNOWN ->
                new LinePolicy(
                        family,
                        os,
                        Levels.RELEASED,
                        Levels.RELEASED,
                        Levels.RELEASED,
                        null,
                        null,
                        Duration.ZERO,
                        Duration.ZERO);
        };
    }

    private static LinePolicy uartBridge(AdapterFamily family, HostOs os) {
        return new LinePolicy(
                family,
                os,
                Levels.RELEASED,
                Levels.RELEASED,
                Levels.RELEASED,
                Levels.RESET,
                Levels.RELEASED,
                RESET_HOLD,
                Duration.ZERO);
    }

    public AdapterFamily family() {
        return family;
    }

    public HostOs os() {
        return os;
    }

    /** Whether {@link #reset} toggles lines for this family; otherwise the firmware must be asked to reboot. */
    public boolean resetsByLines() {
        return resetHold != null;
    }

    /** Before {@code openPort()}: the levels the port should open with (jSerialComm then also turns HUPCL off). */
    public void beforeOpen(ModemLines lines) {
        lines.presetBeforeOpen(preset.dtr(), preset.rts());
    }

    /** Right after opening: one call to the resting levels (Linux raised both lines when the port opened). */
    public void afterOpen(ModemLines lines) {
        if (afterOpen != null) lines.set(afterOpen.dtr(), afterOpen.rts());
    }

    /** Right before closing. */
    public void beforeClose(ModemLines lines) {
        if (beforeClose != null) lines.set(beforeClose.dtr(), beforeClose.rts());
    }

    /**
     * esptool's hard reset on these lines: hold, pause, release (and for the USB-Serial/JTAG a second pause while the
     * chip comes back). Blocks the caller for the pulse. Throws IllegalStateException for a family without a line
     * reset ({@link #resetsByLines()}), and IOException when the adapter refused a line change.
     */
    public void reset(ModemLines lines, Pause pause) throws java.io.IOException, InterruptedException {
        if (resetHold == null) {
            throw new IllegalStateException(family.displayName() + " has no reset line: ask the firmware to reboot");
        }
        if (!lines.set(resetHold.dtr(), resetHold.rts())) {
            throw new java.io.IOException("the adapter refused to set " + resetHold + " (reset pulse)");
        }
        try {
            pause.pause(hold);
        } finally {
            // Released even when interrupted: the board must not be left held in reset.
            lines.set(resetRelease.dtr(), resetRelease.rts());
        }
        if (!settle.isZero()) pause.pause(settle);
    }

    /** For people and logs, e.g. "CP210x on LINUX: lines released, reset by an RTS pulse of 100 ms". */
    public String describe() {
        String rest = afterOpen == null ? "lines left as the OS opened them" : "lines at " + afterOpen;
        return family.displayName() + " on " + os + ": " + rest + ", "
                + (resetHold == null
                        ? "reset by asking the firmware"
                        : "reset by " + resetHold + " for " + hold.toMillis() + " ms");
    }

    /** The levels during the reset pulse, if this family resets by lines. */
    public Optional<Levels> resetLevels() {
        return Optional.ofNullable(resetHold);
    }
}
