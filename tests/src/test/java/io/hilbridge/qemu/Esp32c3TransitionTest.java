package io.hilbridge.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hilbridge.emulator.Esp32c3Board;
import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.Effect;
import io.hilbridge.lights.ErrorCode;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.LightState;
import io.hilbridge.lights.Rgb;
import io.hilbridge.link.LinkConfig;
import io.hilbridge.link.LinkSession;
import io.hilbridge.serial.JSerialCommTransport;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A transition (a hardware fade of an LEDC light) on the emulated ESP32-C3. The emulator has no LEDC: its registers
 * read 0, and ESP-IDF's fade call reads the LEDC clock source through them and calls {@code abort()} on the 0, so the
 * chip resets; each retransmission of the SET resets it again. What must hold whatever the board does: the command
 * ends in an ack or a {@code timeout} (never silence), and the bridge brings the light to its target once the board
 * answers, without a transition (uart-link.md: repair after a timeout). Its own boot, apart from
 * {@link Esp32c3BoardTest}: the resets would disturb those tests.
 */
class Esp32c3TransitionTest {

    private static final Duration HANDSHAKE = Duration.ofSeconds(30);

    private Esp32c3Board board;
    private LinkSession link;

    @BeforeEach
    void start() throws Exception {
        Esp32c3Tools.requireEsp32c3();
        board = Esp32c3Tools.startBoard();
        link = LinkSession.start("esp32c3", new JSerialCommTransport(board.link().toString(), 115200),
                LinkConfig.defaults());
        await("the emulated ESP32-C3 comes online").atMost(HANDSHAKE).until(() -> link.status() == DeviceStatus.ONLINE);
    }

    @AfterEach
    void stop() throws Exception {
        if (link != null) link.close();
        if (board != null) board.close();
    }

    @Test
    void aTransitionEndsInItsTargetStateEvenWhenTheFadeResetsTheChip() throws Exception {
        long bootId = link.info().orElseThrow().bootId();
        LightState target = new LightState(true, 40, new Rgb(0, 255, 0), Effect.NONE);
        String outcome;
        try {
            link.set(2, new LightChange(true, 40, new Rgb(0, 255, 0), 500, Effect.NONE)).get(30, TimeUnit.SECONDS);
            outcome = "acknowledged";
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(CommandException.class);
            assertThat(((CommandException) e.getCause()).code()).isEqualTo(ErrorCode.TIMEOUT);
            outcome = "timed out";
        }
        System.out.println("esp32c3 transition on the LEDC light: " + outcome + "; boot id "
                + Long.toHexString(bootId) + " -> " + Long.toHexString(link.info().orElseThrow().bootId()));

        await("light 2 at its target and the board online").atMost(HANDSHAKE).untilAsserted(() -> {
            assertThat(link.status()).isEqualTo(DeviceStatus.ONLINE);
            assertThat(link.reportedStates().get(2)).isEqualTo(target);
            assertThat(link.pending(2)).isFalse();
        });
        if (outcome.equals("timed out")) {
            assertThat(link.info().orElseThrow().bootId()).as("the fade reset the chip").isNotEqualTo(bootId);
        }
    }
}
