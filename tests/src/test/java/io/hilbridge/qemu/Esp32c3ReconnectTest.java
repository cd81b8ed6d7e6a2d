package io.hilbridge.qemu;

import io.hilbridge.emulator.Esp32c3Board;
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

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Closing the port and opening it again, as a bridge restart or a reconnect does: the chip keeps running, the link
 * path leads to a fresh pty (socat ends with the port and a new one is started), and the new session finds the same
 * boot and learns the lights from the board.
 */
class Esp32c3ReconnectTest {

    private static final Duration HANDSHAKE = Duration.ofSeconds(30);

    private Esp32c3Board board;
    private LinkSession link;

    @BeforeEach
    void start() throws Exception {
        Esp32c3Tools.requireEsp32c3();
        board = Esp32c3Tools.startBoard();
        link = connect();
    }

    private LinkSession connect() {
        LinkSession l = LinkSession.start(
                "esp32c3", new JSerialCommTransport(board.link().toString(), 115200), LinkConfig.defaults());
        await("the emulated ESP32-C3 comes online").atMost(HANDSHAKE).until(() -> l.status() == DeviceStatus.ONLINE);
        return l;
    }

    @AfterEach
    void stop() throws Exception {
        if (link != null) link.close();
        if (board != null) board.close();
    }

    @Test
    void aNewSessionOnTheSameLinkFindsTheSameBootAndItsLights() throws Exception {
        link.set(1, new LightChange(true, 42, null, null, Effect.NONE)).get(5, TimeUnit.SECONDS);
        long bootId = link.info().orElseThrow().bootId();
        long firstSocat = board.socatPid();
        long qemu = board.pid();
        link.close();

        link = connect();

        // (The pty's number may come back: the kernel reuses free ones.)
        assertThat(board.socatPid())
                .as("a new socat and pty behind the link")
                .isNotEqualTo(firstSocat)
                .isPositive();
        assertThat(board.pid()).as("the same QEMU").isEqualTo(qemu);
        assertThat(link.info().orElseThrow().bootId()).as("the same boot").isEqualTo(bootId);
        await("light 1 learnt from the board")
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(link.reportedStates().get(1))
                        .isEqualTo(new LightState(true, 42, Rgb.WHITE, Effect.NONE)));
    }
}
