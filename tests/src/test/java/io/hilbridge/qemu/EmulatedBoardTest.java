package io.hilbridge.qemu;

import io.hilbridge.emulator.QemuBoard;
import io.hilbridge.lights.BoardInfo;
import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.Effect;
import io.hilbridge.lights.ErrorCode;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.LightInfo;
import io.hilbridge.lights.LightKind;
import io.hilbridge.lights.LightState;
import io.hilbridge.lights.Rgb;
import io.hilbridge.lights.StateCause;
import io.hilbridge.link.BoardLink;
import io.hilbridge.link.BoardListener;
import io.hilbridge.link.LinkConfig;
import io.hilbridge.link.LinkSession;
import io.hilbridge.serial.JSerialCommTransport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The bridge's link, through jSerialComm and a real pty, against the firmware core running on an
 * emulated RISC-V CPU (QEMU virt): the same path a USB-attached ESP32 takes, no hardware needed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmulatedBoardTest {

    /** QEMU notices the pty was opened about once a second; the handshake retries until it does. */
    private static final Duration HANDSHAKE = Duration.ofSeconds(20);

    private static final Duration ANSWER = Duration.ofSeconds(5);

    private Path dir;
    private QemuBoard board;
    private LinkSession link;
    private final List<String> states = new CopyOnWriteArrayList<>();

    @BeforeAll
    void startBoardAndLink() throws Exception {
        EmulatorTools.requireEmulator();
        dir = Files.createTempDirectory("hilbridge-qemu");
        board = EmulatorTools.startBoard(dir.resolve("board"));
        link = LinkSession.start(
                "qemu0", new JSerialCommTransport(board.link().toString(), 115200), LinkConfig.defaults());
        link.addListener(new BoardListener() {
            @Override
            public void onState(BoardLink b, int light, LightState state, StateCause cause) {
                states.add(light + ":" + cause.apiName() + ":" + state);
            }
        });
        await().atMost(HANDSHAKE).until(() -> link.status() == DeviceStatus.ONLINE);
    }

    @AfterAll
    void stop() throws Exception {
        if (link != null) link.close();
        if (board != null) board.close();
        if (dir != null) Files.deleteIfExists(dir);
    }

    @Test
    void handshakeDescribesTheDefaultBoard() {
        BoardInfo info = link.info().orElseThrow();
        assertThat(info.protocolVersion()).isEqualTo(1);
        assertThat(info.firmwareVersion()).isEqualTo("0.1.0");
        assertThat(info.lights())
                .extracting(LightInfo::name, LightInfo::kind, LightInfo::pixels)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Status LED", LightKind.ONOFF, 1),
                        org.assertj.core.groups.Tuple.tuple("Desk lamp", LightKind.DIMMABLE, 1),
                        org.assertj.core.groups.Tuple.tuple("RGB LED", LightKind.RGB, 1),
                        org.assertj.core.groups.Tuple.tuple("Strip", LightKind.STRIP, 8));
        assertThat(info.lights().get(0).effects()).containsExactly(Effect.BLINK);
        assertThat(info.lights().get(1).effects()).containsExactlyInAnyOrder(Effect.BLINK, Effect.BREATHE);
        assertThat(info.lights().get(3).effects())
                .containsExactlyInAnyOrder(Effect.BLINK, Effect.BREATHE, Effect.RAINBOW);
        assertThat(link.reportedStates()).hasSize(4);
        assertThat(board.console()).anySatisfy(l -> assertThat(l).contains("hilbridge qemu-virt board"));
    }

    @Test
    void setIsAcknowledgedAndReportedForEveryLightKind() throws Exception {
        set(0, new LightChange(true, null, null, null, Effect.NONE));
        set(1, new LightChange(true, 128, null, 300, Effect.NONE));
        set(2, new LightChange(true, 200, new Rgb(255, 128, 0), null, Effect.NONE));
        set(3, new LightChange(true, 64, new Rgb(0, 0, 255), 500, Effect.NONE));

        assertThat(link.reportedStates())
                .containsExactly(
                        new LightState(true, 255, Rgb.WHITE, Effect.NONE),
                        new LightState(true, 128, Rgb.WHITE, Effect.NONE),
                        new LightState(true, 200, new Rgb(255, 128, 0), Effect.NONE),
                        new LightState(true, 64, new Rgb(0, 0, 255), Effect.NONE));
        assertThat(states).contains("2:command:" + new LightState(true, 200, new Rgb(255, 128, 0), Effect.NONE));
        // The board itself shows each change (its console, through semihosting).
        await().atMost(ANSWER)
                .untilAsserted(() -> assertThat(board.console())
                        .anySatisfy(l -> assertThat(l)
                                .contains("light 1 (Desk lamp): on brightness 128")
                                .contains("fade 300 ms"))
                        .anySatisfy(l -> assertThat(l).contains("light 2 (RGB LED): on brightness 200 color #ff8000"))
                        .anySatisfy(l -> assertThat(l).contains("light 3 (Strip): on brightness 64 color #0000ff")));
    }

    @Test
    void effectsRunOnTheBoardAndSwitchingOffStopsThem() throws Exception {
        set(0, new LightChange(true, null, null, null, Effect.BLINK));
        set(1, new LightChange(true, null, null, null, Effect.BREATHE));
        set(3, new LightChange(true, null, null, null, Effect.RAINBOW));
        List<LightState> reported = link.reportedStates();
        assertThat(reported.get(0).effect()).isEqualTo(Effect.BLINK);
        assertThat(reported.get(1).effect()).isEqualTo(Effect.BREATHE);
        assertThat(reported.get(3).effect()).isEqualTo(Effect.RAINBOW);
        await().atMost(ANSWER)
                .untilAsserted(() -> assertThat(board.console())
                        .anySatisfy(l ->
                                assertThat(l).startsWith("light 3 (Strip): on").contains("effect rainbow")));

        set(3, new LightChange(false, null, null, null, null));
        assertThat(link.reportedStates().get(3)).satisfies(s -> {
            assertThat(s.on()).isFalse();
            assertThat(s.effect()).isEqualTo(Effect.NONE);
        });
    }

    @Test
    void unsupportedCommandsFailWithTheirCodeAndChangeNothing() throws Exception {
        LightState before = link.reportedStates().get(1);
        assertThatThrownBy(() -> set(1, new LightChange(null, null, null, null, Effect.RAINBOW)))
                .isInstanceOf(CommandException.class)
                .satisfies(e -> assertThat(((CommandException) e).code()).isEqualTo(ErrorCode.UNSUPPORTED));
        assertThatThrownBy(() -> set(7, new LightChange(true, null, null, null, null)))
                .isInstanceOf(CommandException.class)
                .satisfies(e -> assertThat(((CommandException) e).code()).isEqualTo(ErrorCode.UNKNOWN_LIGHT));
        assertThat(link.reportedStates().get(1)).isEqualTo(before);
        assertThat(link.status()).isEqualTo(DeviceStatus.ONLINE);
    }

    /** Sends a SET and waits for its ACK; rethrows the command's failure as itself. */
    private void set(int light, LightChange change) throws Exception {
        try {
            link.set(light, change).get(ANSWER.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) throw cause;
            throw e;
        }
    }
}
