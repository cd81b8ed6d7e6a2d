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
 * A transition on the emulated ESP32-C3. The emulator has no LEDC: its registers read 0, and ESP-IDF's hardware fade
 * reads the LEDC clock source through them and calls {@code abort()} on the 0. The emulator's image therefore fades in
 * software ({@code CONFIG_HB_LEDC_HW_FADES=n}, firmware/variants/qemu.defaults): the SET is acknowledged, the chip
 * does not reset, and the light reaches its target. Its own boot, apart from {@link Esp32c3BoardTest}.
 */
class Esp32c3TransitionTest {

    private static final Duration HANDSHAKE = Duration.ofSeconds(30);

    private Esp32c3Board board;
    private LinkSession link;

    @BeforeEach
    void start() throws Exception {
        Esp32c3Tools.requireEsp32c3();
        board = Esp32c3Tools.startBoard();
        link = LinkSession.start(
                "esp32c3", new JSerialCommTransport(board.link().toString(), 115200), LinkConfig.defaults());
        await("the emulated ESP32-C3 comes online").atMost(HANDSHAKE).until(() -> link.status() == DeviceStatus.ONLINE);
    }

    @AfterEach
    void stop() throws Exception {
        if (link != null) link.close();
        if (board != null) board.close();
    }

    @Test
    void aTransitionIsAcknowledgedAndEndsInItsTargetWithoutResettingTheChip() throws Exception {
        long bootId = link.info().orElseThrow().bootId();
        LightState target = new LightState(true, 40, new Rgb(0, 255, 0), Effect.NONE);

        link.set(2, new LightChange(true, 40, new Rgb(0, 255, 0), 500, Effect.NONE))
                .get(5, TimeUnit.SECONDS);

        assertThat(link.reportedStates().get(2)).isEqualTo(target);
        assertThat(link.pending(2)).isFalse();
        // A second transition mid-fade takes over (the core restarts the fade from what is shown).
        link.set(1, new LightChange(true, 200, null, 1000, Effect.NONE)).get(5, TimeUnit.SECONDS);
        link.set(1, new LightChange(true, 10, null, 1000, Effect.NONE)).get(5, TimeUnit.SECONDS);
        assertThat(link.reportedStates().get(1).brightness()).isEqualTo(10);
        assertThat(link.status()).isEqualTo(DeviceStatus.ONLINE);
        assertThat(link.info().orElseThrow().bootId())
                .as("no reset of the chip")
                .isEqualTo(bootId);
        assertThat(link.stats().resets()).as("the link saw no reboot").isZero();
    }
}
