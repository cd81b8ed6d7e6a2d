package io.hilbridge.qemu;

import io.hilbridge.emulator.QemuBoard;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.Effect;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.LightState;
import io.hilbridge.lights.Rgb;
import io.hilbridge.link.LinkConfig;
import io.hilbridge.link.LinkSession;
import io.hilbridge.serial.JSerialCommTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Power-cycling the emulated board (killing and restarting QEMU: the pty disappears and comes
 * back, the board boots with all lights off and a new boot_id) makes the bridge reconnect on its
 * own and replay what clients last asked for.
 */
class EmulatedBoardRebootTest {

    private static final Duration HANDSHAKE = Duration.ofSeconds(20);

    private Path dir;
    private QemuBoard board;
    private LinkSession link;

    @BeforeEach
    void start() throws Exception {
        EmulatorTools.requireEmulator();
        dir = Files.createTempDirectory("hilbridge-qemu");
        board = EmulatorTools.startBoard(dir.resolve("board"));
        link = connect();
    }

    private LinkSession connect() {
        LinkSession l = LinkSession.start(
                "qemu0", new JSerialCommTransport(board.link().toString(), 115200), LinkConfig.defaults());
        await().atMost(HANDSHAKE).until(() -> l.status() == DeviceStatus.ONLINE);
        return l;
    }

    @AfterEach
    void stop() throws Exception {
        if (link != null) link.close();
        if (board != null) board.close();
        if (dir != null) Files.deleteIfExists(dir);
    }

    @Test
    void rebootReconnectsAndReplaysTheDesiredState() throws Exception {
        link.set(2, new LightChange(true, 180, new Rgb(10, 200, 30), null, Effect.BREATHE))
                .get(5, TimeUnit.SECONDS);
        link.set(3, new LightChange(true, 90, new Rgb(255, 0, 255), null, null)).get(5, TimeUnit.SECONDS);
        long bootId = link.info().orElseThrow().bootId();
        List<LightState> desired = link.desiredStates();

        board.restart();

        // A new boot: new boot_id; every light the board lost is set again from the desired state.
        await().atMost(HANDSHAKE).untilAsserted(() -> {
            assertThat(link.status()).isEqualTo(DeviceStatus.ONLINE);
            assertThat(link.info().orElseThrow().bootId()).isNotEqualTo(bootId);
            assertThat(link.reportedStates().get(2))
                    .isEqualTo(new LightState(true, 180, new Rgb(10, 200, 30), Effect.BREATHE));
            assertThat(link.reportedStates().get(3))
                    .isEqualTo(new LightState(true, 90, new Rgb(255, 0, 255), Effect.NONE));
        });
        assertThat(link.desiredStates()).isEqualTo(desired);
        // The replay reached the new emulator, not just the bridge's view of it.
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(board.console())
                        .anySatisfy(l -> assertThat(l)
                                .contains("light 2 (RGB LED): on brightness 180 color #0ac81e effect breathe"))
                        .anySatisfy(l -> assertThat(l).contains("light 3 (Strip): on brightness 90 color #ff00ff")));
    }

    @Test
    void theResetCommandRestartsTheEmulatedMachineAndReplays() throws Exception {
        link.set(2, new LightChange(true, 60, new Rgb(1, 2, 3), null, null)).get(5, TimeUnit.SECONDS);
        long bootId = link.info().orElseThrow().bootId();

        // A pty has no reset line: REBOOT_REQ; the virt board acknowledges it and resets the machine.
        long newBoot = link.reset().get(30, TimeUnit.SECONDS);

        assertThat(newBoot)
                .isNotEqualTo(bootId)
                .isEqualTo(link.info().orElseThrow().bootId());
        assertThat(link.stats().resets()).isEqualTo(1);
        assertThat(link.status()).isEqualTo(DeviceStatus.ONLINE);
        assertThat(link.reportedStates().get(2)).isEqualTo(new LightState(true, 60, new Rgb(1, 2, 3), Effect.NONE));
        // The replay reached the restarted machine: the light is set again after the reboot line.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            List<String> console = List.copyOf(board.console());
            int reboot = console.indexOf(console.stream()
                    .filter(l -> l.contains("reboot requested by the host"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no reboot line in " + console)));
            assertThat(console.subList(reboot, console.size()))
                    .anySatisfy(l -> assertThat(l).contains("light 2 (RGB LED): on brightness 60 color #010203"));
        });
    }

    @Test
    void aNewBridgeSessionFindsTheSameBootAndLearnsItsLights() throws Exception {
        link.set(1, new LightChange(true, 42, null, null, Effect.BLINK)).get(5, TimeUnit.SECONDS);
        long bootId = link.info().orElseThrow().bootId();
        link.close(); // the pty is closed: QEMU stops delivering output until it sees it opened again

        link = connect();

        // Same boot: nothing to replay; STATE_REQ tells the fresh session what the board shows.
        assertThat(link.info().orElseThrow().bootId()).isEqualTo(bootId);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(link.reportedStates().get(1))
                        .isEqualTo(new LightState(true, 42, Rgb.WHITE, Effect.BLINK)));
    }
}
