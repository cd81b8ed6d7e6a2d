package io.hilbridge.junit;

import io.hilbridge.client.DeviceStatus;
import io.hilbridge.sim.SimulatedBoard;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Faults as an API, for the board under test. What a board cannot do skips the test with the reason (see
 * {@link Presence#cannot}): line noise only on the simulated board, unplug and button press on the simulated board
 * and hilbridge-sim; a reset on every board (on real and emulated boards through the bridge's reset command: the
 * serial lines' EN/RTS, or REBOOT_REQ where the port has none).
 *
 * <p>Thread-safe; meant to be called from the test's thread.
 */
public final class BoardFaults {
    private static final Duration BOOT_WAIT = Duration.ofSeconds(30);
    private static final Duration OFFLINE_WAIT = Duration.ofSeconds(10);

    private final BoardRig rig;

    BoardFaults(BoardRig rig) {
        this.rig = rig;
    }

    /**
     * Noise on the simulated UART from now on: each byte's bits flip with {@code bitFlipRate}, and a byte is lost or
     * repeated with {@code dropRate}. {@link #quietLine()} ends it (isolation before the next test does too).
     */
    public void lineNoise(double bitFlipRate, double dropRate) {
        Optional<SimulatedBoard> sim = rig.simulated();
        if (sim.isEmpty()) {
            throw Presence.cannot(
                    rig.spec,
                    "add line noise",
                    "only the simulated board (sim) has a line whose noise the test controls");
        }
        sim.get().faults().bitFlipRate(bitFlipRate).dropRate(dropRate).duplicateRate(dropRate);
    }

    /** Ends {@link #lineNoise}: back to the board spec's own rates ({@code sim:faults=...}); a no-op elsewhere. */
    public void quietLine() {
        rig.simulated().ifPresent(s -> {
            io.hilbridge.sim.Faults configured = io.hilbridge.sim.Faults.parse(rig.spec.argument());
            s.faults()
                    .bitFlipRate(configured.bitFlipRate())
                    .dropRate(configured.dropRate())
                    .duplicateRate(configured.duplicateRate());
        });
    }

    /**
     * Pulls the USB cable for {@code duration}, then plugs it back in. Returns once the bridge saw the board go
     * offline and the cable is back; the board then boots again (check with the assertions, or
     * {@link Board#awaitOnline}).
     */
    public void unplugFor(Duration duration) {
        long start = System.nanoTime();
        if (rig.simulated().isPresent()) {
            rig.simulated().get().faults().unplug();
            awaitOffline();
            holdFor(duration, start);
            rig.simulated().get().faults().replug();
        } else if (rig.hostSim != null) {
            rig.hostSim.kill();
            awaitOffline();
            holdFor(duration, start);
            rig.hostSim.restart();
        } else {
            throw Presence.cannot(
                    rig.spec,
                    "be unplugged",
                    "only the simulated board (sim) and hilbridge-sim "
                            + "(host-sim) can be; a real or emulated board stays connected");
        }
    }

    /**
     * Resets the board so it prints its ROM boot text and boots again; returns once its HELLO (new boot id) arrived.
     * The bridge then replays the desired state.
     */
    public void resetWithBootText() {
        if (rig.simulated().isPresent()) {
            CompletableFuture<Long> boot = rig.watch.nextBoot();
            rig.simulated().get().faults().reset(); // a reset sends the ROM boot text before the HELLO
            LinkWatch.await(boot, BOOT_WAIT, "a reset of the simulated board");
        } else if (rig.hostSim != null) {
            CompletableFuture<Long> boot = rig.watch.nextBoot();
            rig.hostSim.command("reboot"); // started with --boot-text: each boot prints it
            LinkWatch.await(boot, BOOT_WAIT, "\"reboot\" to hilbridge-sim");
        } else {
            resetThroughBridge();
        }
    }

    /** The bridge's reset command (reset lines, or REBOOT_REQ): returns once the board is back with a new boot id. */
    public void resetThroughBridge() {
        rig.client().board(BoardRig.DEVICE).reset();
    }

    /** Presses the board's button for {@code light} (the firmware toggles the light and reports it). */
    public void pressButton(int light) {
        if (rig.simulated().isPresent()) {
            rig.simulated().get().faults().pressButton(light);
        } else if (rig.hostSim != null) {
            rig.hostSim.command("button " + light);
        } else {
            throw Presence.cannot(
                    rig.spec,
                    "press a button",
                    "only the simulated board (sim) and hilbridge-sim "
                            + "(host-sim) have a button the test can press; on a bench, press it by hand");
        }
    }

    private void awaitOffline() {
        rig.client().awaitStatus(BoardRig.DEVICE, DeviceStatus.OFFLINE, OFFLINE_WAIT);
    }

    /** The fault's own length, not a synchronisation: the board stays unplugged this long. */
    private static void holdFor(Duration duration, long startNanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(duration.toNanos() - (System.nanoTime() - startNanos)); // none when <= 0
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the board was unplugged", e);
        }
    }
}
