package io.hilbridge.junit;

import io.hilbridge.app.Bridge;
import io.hilbridge.app.BridgeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How a board is started (junit/README.md, "A board that is not there"): the checks that its tools are there, with
 * the environment given as an argument so each case is the same on every machine; a bridge elsewhere (url:) with and
 * without its token; and what the rig records and closes.
 */
class RigStarterTest {
    private static final java.time.Duration WAIT = java.time.Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @Test
    void theQemuBoardNeedsQemuAndUnlessAnImageIsGivenTheCompilerAndPicolibcThatBuildIt() {
        Set<String> programs = Set.of("qemu-system-riscv32", "riscv64-unknown-elf-gcc", "/opt/my-qemu");
        Path picolibc = Path.of("/usr/lib/picolibc/riscv64-unknown-elf/picolibc.specs");
        assertThat(RigStarter.missingQemuPackages(Map.of(), programs::contains, picolibc::equals))
                .isEmpty();
        assertThat(RigStarter.missingQemuPackages(Map.of(), p -> false, p -> false))
                .containsExactly("qemu-system-misc", "gcc-riscv64-unknown-elf", "picolibc-riscv64-unknown-elf");
        assertThat(RigStarter.missingQemuPackages(
                        Map.of("HILBRIDGE_QEMU", "/opt/other-qemu"), programs::contains, picolibc::equals))
                .as("HILBRIDGE_QEMU names the emulator looked for")
                .containsExactly("qemu-system-misc");
        assertThat(RigStarter.missingQemuPackages(
                        Map.of("HILBRIDGE_QEMU", "/opt/my-qemu", "HILBRIDGE_QEMU_IMAGE", "core.elf"),
                        "/opt/my-qemu"::equals,
                        p -> false))
                .as("a given image needs no compiler")
                .isEmpty();
        assertThat(RigStarter.missingQemuPackages(Map.of("HILBRIDGE_QEMU_IMAGE", " "), programs::contains, p -> false))
                .as("a blank image is none")
                .containsExactly("picolibc-riscv64-unknown-elf");
    }

    @Test
    void aBoardOnAPortThatStaysOfflineAsksWhetherThePortIsBusy() {
        for (BoardSpec.Kind kind : List.of(BoardSpec.Kind.SERIAL, BoardSpec.Kind.AUTO)) {
            assertThat(RigStarter.notOnlineHint(kind))
                    .as("%s", kind)
                    .isEqualTo(" Is the port busy (another program has it open) or is other firmware running on the"
                            + " board?");
        }
        for (BoardSpec.Kind kind : List.of(
                BoardSpec.Kind.SIM,
                BoardSpec.Kind.HOST_SIM,
                BoardSpec.Kind.QEMU,
                BoardSpec.Kind.QEMU_ESP32C3,
                BoardSpec.Kind.URL)) {
            assertThat(RigStarter.notOnlineHint(kind)).as("%s", kind).isEmpty();
        }
    }

    @Test
    void aBoardWhoseProgramsAreMissingIsNotStartedAndTheLineNamesWhatToInstallOrSet() {
        assertMissing("host-sim", Map.of("HILBRIDGE_SIM", dir.resolve("no-sim").toString()), HostSimProcess.NOT_BUILT);
        // The compiler and picolibc are looked up on this machine (no image is given): the line names those missing.
        String toBuild = (Executables.onPath("riscv64-unknown-elf-gcc") ? "" : " gcc-riscv64-unknown-elf")
                + (java.nio.file.Files.exists(Path.of("/usr/lib/picolibc/riscv64-unknown-elf/picolibc.specs"))
                        ? ""
                        : " picolibc-riscv64-unknown-elf");
        String qemu = "apt-get install qemu-system-misc" + toBuild;
        assertThat(assertMissing(
                        "qemu", Map.of("HILBRIDGE_QEMU", dir.resolve("no-qemu").toString()), qemu))
                .as("the whole line")
                .isIn(
                        "hilbridge board qemu is not available: " + qemu,
                        "hilbridge board qemu is not available: " + qemu + " (CI=true)");
        assertMissing(
                "qemu-esp32c3",
                Map.of(),
                "the emulated ESP32-C3 needs QEMU with Espressif's esp32c3 machine: set HILBRIDGE_ESP32C3_QEMU to its"
                        + " qemu-system-riscv32 (or HILBRIDGE_ESP_KIT to the hilbridge toolchain kit)");
        assertMissing(
                "qemu-esp32c3",
                Map.of("HILBRIDGE_ESP32C3_QEMU", "/bin/true", "HILBRIDGE_ESP32C3_IMAGE", dir + "/none.bin"),
                "HILBRIDGE_ESP32C3_IMAGE=" + dir + "/none.bin: no such file");
    }

    /**
     * Skipped with the line, or (a board CI installs the tools of, under CI=true) failed with it; returns the line.
     */
    private String assertMissing(String board, Map<String, String> env, String what) {
        BoardSpec spec = BoardSpec.parse(board);
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> RigStarter.start(spec, dir, null, env));
        assertThat(t)
                .as(board)
                .isInstanceOf(Presence.required(spec) ? AssertionFailedError.class : TestAbortedException.class)
                .hasMessageStartingWith("hilbridge board " + board + " is not available: " + what);
        return t.getMessage();
    }

    @Test
    void aBridgeElsewhereThatRefusesSaysWhetherATokenWasGiven() {
        try (Bridge bridge = Bridge.start(BridgeConfig.loopback().withToken("right-token"), line -> {})) {
            String ws = "ws://127.0.0.1:" + bridge.httpPort() + "/ws";
            BoardSpec spec = BoardSpec.parse("url:" + ws);
            assertThatThrownBy(() -> RigStarter.start(spec, dir, null, Map.of()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("hilbridge board url:" + ws + " refused the connection (no token given;"
                            + " accepted: the bridge's --token, in HILBRIDGE_TOKEN): ");
            assertThatThrownBy(() -> RigStarter.start(spec, dir, null, Map.of("HILBRIDGE_TOKEN", "wrong-token")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("hilbridge board url:" + ws + " refused the connection (the token in"
                            + " HILBRIDGE_TOKEN was refused; accepted: the bridge's --token, in HILBRIDGE_TOKEN): ");
        }
    }

    @Test
    void aBridgeElsewhereIsOnlineOnceStartedTheClientsViewIsRecordedAndCloseEndsEveryClient() throws Exception {
        try (Bridge bridge = Bridge.start(BridgeConfig.loopback().withToken("right-token"), line -> {})) {
            String ws = "ws://127.0.0.1:" + bridge.httpPort() + "/ws";
            var sim = bridge.simulatedBoard(BoardRig.DEVICE).orElseThrow();
            // The board is unplugged when the rig starts and plugged in a second later: start waits for it.
            sim.faults().unplug();
            java.util.concurrent.CompletableFuture.runAsync(
                    () -> sim.faults().replug(),
                    java.util.concurrent.CompletableFuture.delayedExecutor(1, java.util.concurrent.TimeUnit.SECONDS));
            BoardRig rig =
                    RigStarter.start(BoardSpec.parse("url:" + ws), dir, null, Map.of("HILBRIDGE_TOKEN", "right-token"));
            var other = rig.newClient();
            try {
                assertThat(rig.client().device(BoardRig.DEVICE).orElseThrow().online())
                        .as("online when start returns")
                        .isTrue();
                unplugReplugAndConfirmALight(rig, sim);
                // A board elsewhere resets with its boot text through the bridge's reset command.
                rig.client().skipLog(BoardRig.DEVICE);
                assertThatCode(() -> new BoardFaults(rig).resetWithBootText()).doesNotThrowAnyException();
                assertThat(rig.client()
                                .awaitLog(BoardRig.DEVICE, java.util.regex.Pattern.compile("rst:0x1"), WAIT)
                                .boot())
                        .isTrue();
                // The link cannot be watched from here: the client's view of the device is what the events hold.
                assertThat(rig.events.render(""))
                        .contains(" client: board0 OFFLINE\n")
                        .contains(" client: board0 ONLINE\n")
                        .contains(" client: board0 light 0 confirmed {on=true");
                assertThat(other.connected()).isTrue();
            } finally {
                rig.close();
            }
            assertThat(rig.client().connected()).isFalse();
            assertThat(other.connected())
                    .as("a client from newClient() closes with the rig")
                    .isFalse();
        }
    }

    @Test
    void aBoardThatNeverComesOnlineFailsAfterItsDeadlineWithTheEventsAndLeavesNoClient() throws Exception {
        // Costs the url: board's online deadline, 15 s.
        try (Bridge bridge = Bridge.start(BridgeConfig.loopback(), line -> {})) {
            bridge.simulatedBoard(BoardRig.DEVICE).orElseThrow().faults().unplug();
            String ws = "ws://127.0.0.1:" + bridge.httpPort() + "/ws";
            assertThatThrownBy(() -> RigStarter.start(BoardSpec.parse("url:" + ws), dir, null, Map.of()))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("hilbridge board url:" + ws + " did not come online within PT15S: ")
                    .hasMessageContaining(".\nrecent link events:\n  ");
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (bridge.webSocketConnections() > 0 && System.nanoTime() < deadline) Thread.sleep(10);
            assertThat(bridge.webSocketConnections())
                    .as("the failed start's client closed within %s", WAIT)
                    .isZero();
        }
    }

    @Test
    void aBridgeInThisJvmIsOnlineOnceStartedAndItsLinkNotTheClientsViewIsRecorded() throws Exception {
        BoardRig rig = RigStarter.start(BoardSpec.parse("sim"), dir, null, Map.of());
        try {
            assertThat(rig.client().device(BoardRig.DEVICE).orElseThrow().online())
                    .as("online when start returns")
                    .isTrue();
            unplugReplugAndConfirmALight(rig, rig.simulated().orElseThrow());
            String events = rig.events.render("");
            assertThat(events)
                    .contains(" bridge: ")
                    .contains(" board0: link OFFLINE\n")
                    .contains(" client: board0 light 0 confirmed {on=true");
            assertThat(events).doesNotContain(" client: board0 OFFLINE").doesNotContain(" client: board0 ONLINE");
        } finally {
            rig.close();
        }
        assertThat(rig.client().connected()).isFalse();
        assertThatThrownBy(() -> io.hilbridge.client.HilbridgeClient.connect(rig.ws, null)
                        .close())
                .as("the rig's bridge is closed with it")
                .isInstanceOf(io.hilbridge.client.HilbridgeException.class);
    }

    /**
     * The board goes offline and back, then light 0 is turned on; returns once this test's own listener (added after
     * the rig's, on the same client thread) heard the confirmation, so the rig's recorder heard everything before it.
     */
    private static void unplugReplugAndConfirmALight(BoardRig rig, io.hilbridge.sim.SimulatedBoard sim)
            throws Exception {
        var confirmed = new java.util.concurrent.CompletableFuture<Void>();
        rig.client().addListener(new io.hilbridge.client.ClientListener() {
            @Override
            public void onState(io.hilbridge.client.StateEvent e) {
                if (e.light() == 0 && e.state().on()) confirmed.complete(null);
            }
        });
        sim.faults().unplug();
        rig.client().awaitStatus(BoardRig.DEVICE, io.hilbridge.client.DeviceStatus.OFFLINE, WAIT);
        sim.faults().replug();
        rig.client().awaitStatus(BoardRig.DEVICE, io.hilbridge.client.DeviceStatus.ONLINE, WAIT);
        rig.client()
                .set(BoardRig.DEVICE, 0, io.hilbridge.client.LightChange.turnOn())
                .get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        try {
            confirmed.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the client heard no confirmation of light 0 on within " + WAIT);
        }
    }
}
