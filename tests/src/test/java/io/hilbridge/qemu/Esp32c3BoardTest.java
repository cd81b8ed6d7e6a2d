package io.hilbridge.qemu;

import io.hilbridge.emulator.Esp32c3Board;
import io.hilbridge.lights.BoardInfo;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.Effect;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.LightFault;
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

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bridge's link, through jSerialComm and a real pty, against the ESP-IDF firmware image on an emulated ESP32-C3
 * (QEMU's esp32c3 machine, ROM and bootloader included): one boot for the whole class. Registers the firmware wrote
 * are read back through QEMU's gdb stub.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Esp32c3BoardTest {

    private static final Duration HANDSHAKE = Duration.ofSeconds(30);
    private static final Duration ANSWER = Duration.ofSeconds(5);
    /** GPIO_OUT_REG and GPIO_ENABLE_REG of the ESP32-C3 (technical reference manual, GPIO matrix). */
    private static final long GPIO_OUT = 0x6000_4004L;

    private static final long GPIO_ENABLE = 0x6000_4020L;
    private static final long GPIO_IN = 0x6000_403CL;
    private static final int BOOT_BUTTON_GPIO = 9; // CONFIG_HB_BUTTON_GPIO's ESP32-C3 default
    private static final int STATUS_LED_GPIO = 3; // CONFIG_HB_ONOFF_GPIO's ESP32-C3 default

    private Esp32c3Board board;
    private RecordingTransport transport;
    private LinkSession link;
    private final List<String> states = new CopyOnWriteArrayList<>();
    /** Every STATE with cause button since boot (never cleared). */
    private final List<String> buttonPresses = new CopyOnWriteArrayList<>();

    @BeforeAll
    void startBoardAndLink() throws Exception {
        Esp32c3Tools.requireEsp32c3();
        board = Esp32c3Tools.startBoard();
        transport = new RecordingTransport(new JSerialCommTransport(board.link().toString(), 115200));
        // A silent board is not what these tests are about; the failsafe test mutes the bridge for several seconds.
        link = LinkSession.start(
                "esp32c3",
                transport,
                LinkConfig.defaults().toBuilder().missedHeartbeats(10).build());
        link.addListener(new BoardListener() {
            @Override
            public void onState(BoardLink b, int light, LightState state, StateCause cause) {
                states.add(light + ":" + cause.apiName() + ":" + state);
                if (cause == StateCause.BUTTON) buttonPresses.add(light + ":" + state);
            }

            // What the board says (LOG frames) and what the link sees: the story when a test fails.
            @Override
            public void onLog(BoardLink b, int level, String text) {
                System.out.println("esp32c3 log " + level + ": " + text);
            }

            @Override
            public void onHello(BoardLink b, BoardInfo info) {
                System.out.println("esp32c3 HELLO boot id " + Long.toHexString(info.bootId()));
            }

            @Override
            public void onStatus(BoardLink b, DeviceStatus status) {
                System.out.println("esp32c3 link " + status);
            }
        });
        await("the emulated ESP32-C3 comes online").atMost(HANDSHAKE).until(() -> link.status() == DeviceStatus.ONLINE);
    }

    @AfterAll
    void stop() throws Exception {
        if (link != null) link.close();
        if (board != null) board.close();
    }

    @Test
    void theHandshakeComesThroughTheRomBootText() {
        // The ROM's boot text went through the same link before the board's first frame.
        String rx = transport.receivedText();
        assertThat(rx).contains("ESP-ROM:esp32c3").contains("rst:0x1 (POWERON)").contains("entry 0x");
        BoardInfo info = link.info().orElseThrow();
        assertThat(info.protocolVersion()).isEqualTo(1);
        assertThat(info.lights())
                .extracting(LightInfo::name, LightInfo::kind)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Status LED", LightKind.ONOFF),
                        org.assertj.core.groups.Tuple.tuple("Desk lamp", LightKind.DIMMABLE),
                        org.assertj.core.groups.Tuple.tuple("RGB LED", LightKind.RGB),
                        org.assertj.core.groups.Tuple.tuple("Strip", LightKind.STRIP));
        assertThat(link.stats().decodeErrors())
                .as("boot text is dropped as noise")
                .isPositive();
    }

    @Test
    void setIsAcknowledgedAndReportedForEveryLightKind() throws Exception {
        set(0, new LightChange(true, null, null, null, Effect.NONE));
        set(1, new LightChange(true, 128, null, null, Effect.NONE));
        set(2, new LightChange(true, 200, new Rgb(255, 128, 0), null, Effect.NONE));
        set(3, new LightChange(true, 64, new Rgb(0, 0, 255), null, Effect.NONE));

        assertThat(link.reportedStates())
                .containsExactly(
                        new LightState(true, 255, Rgb.WHITE, Effect.NONE),
                        new LightState(true, 128, Rgb.WHITE, Effect.NONE),
                        new LightState(true, 200, new Rgb(255, 128, 0), Effect.NONE),
                        new LightState(true, 64, new Rgb(0, 0, 255), Effect.NONE));
        assertThat(states).contains("2:command:" + new LightState(true, 200, new Rgb(255, 128, 0), Effect.NONE));
    }

    @Test
    void theStripWithoutRmtIsReportedFaultedAndStillTakesCommands() throws Exception {
        // The emulator has no RMT: the strip's refresh never finishes, and the board says so instead of hanging.
        await("light 3 reported output_stuck")
                .atMost(ANSWER)
                .until(() -> link.faults().get(3) == LightFault.OUTPUT_STUCK);
        assertThat(link.faults()).containsOnlyKeys(3);
        set(3, new LightChange(true, 10, new Rgb(255, 0, 0), null, Effect.NONE));
        assertThat(link.reportedStates().get(3)).isEqualTo(new LightState(true, 10, new Rgb(255, 0, 0), Effect.NONE));
        assertThat(link.faults()).containsEntry(3, LightFault.OUTPUT_STUCK);
        assertThat(link.status()).isEqualTo(DeviceStatus.ONLINE);
    }

    @Test
    void theOnOffLightDrivesItsGpioPin() throws Exception {
        int mask = 1 << STATUS_LED_GPIO;
        assertThat(board.readWord(GPIO_ENABLE) & mask)
                .as("GPIO%d is an output", STATUS_LED_GPIO)
                .isEqualTo(mask);
        // Read at once after the answer: the firmware sets an on/off pin before it answers the SET (hb_lights_changed).
        set(0, new LightChange(true, null, null, null, Effect.NONE));
        assertThat(board.readWord(GPIO_OUT) & mask)
                .as("GPIO%d high after on", STATUS_LED_GPIO)
                .isEqualTo(mask);
        set(0, new LightChange(false, null, null, null, null));
        assertThat(board.readWord(GPIO_OUT) & mask)
                .as("GPIO%d low after off", STATUS_LED_GPIO)
                .isZero();
    }

    @Test
    void theBootPinReadsPressedFromTheStartButNoButtonPressIsReported() throws Exception {
        // The emulator presents GPIO9 low from power-on (no pull-up model): a level, never a released -> pressed edge.
        assertThat(board.readWord(GPIO_IN) & (1 << BOOT_BUTTON_GPIO))
                .as("GPIO9 reads low")
                .isZero();
        set(0, new LightChange(false, null, null, null, null));
        assertThat(buttonPresses).isEmpty();
        assertThat(link.reportedStates().get(0).on()).isFalse();
    }

    @Test
    void aBlinkEffectTogglesTheGpioPinOnTheChip() throws Exception {
        int mask = 1 << STATUS_LED_GPIO;
        set(0, new LightChange(true, null, null, null, Effect.BLINK));
        assertThat(link.reportedStates().get(0).effect()).isEqualTo(Effect.BLINK);
        Set<Integer> levels = new HashSet<>();
        await("GPIO3 seen both high and low while blinking")
                .atMost(ANSWER)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    levels.add(board.readWord(GPIO_OUT) & mask);
                    return levels.size() == 2;
                });

        set(0, new LightChange(false, null, null, null, null));
        assertThat(link.reportedStates().get(0)).satisfies(s -> {
            assertThat(s.on()).isFalse();
            assertThat(s.effect()).isEqualTo(Effect.NONE);
        });
        assertThat(board.readWord(GPIO_OUT) & mask)
                .as("the effect stopped with the light off")
                .isZero();
    }

    @Test
    void aBreatheEffectOnTheDimmableLightIsAcknowledgedAndSwitchingOffStopsIt() throws Exception {
        set(1, new LightChange(true, null, null, null, Effect.BREATHE));
        assertThat(link.reportedStates().get(1).effect()).isEqualTo(Effect.BREATHE);
        set(1, new LightChange(false, null, null, null, null));
        assertThat(link.reportedStates().get(1)).satisfies(s -> {
            assertThat(s.on()).isFalse();
            assertThat(s.effect()).isEqualTo(Effect.NONE);
        });
        assertThat(link.status()).isEqualTo(DeviceStatus.ONLINE);
    }

    @Test
    void aResetOfTheChipBootsAgainAndTheBridgeReplaysTheDesiredState() throws Exception {
        set(0, new LightChange(true, null, null, null, Effect.NONE));
        set(2, new LightChange(true, 90, new Rgb(10, 20, 30), null, Effect.NONE));
        long bootId = link.info().orElseThrow().bootId();
        int banners = transport.count("ESP-ROM:esp32c3");
        List<LightState> desired = link.desiredStates();

        board.reset();

        await("a new boot id after the reset, and every light replayed")
                .atMost(HANDSHAKE)
                .untilAsserted(() -> {
                    assertThat(link.info().orElseThrow().bootId()).isNotEqualTo(bootId);
                    assertThat(link.status()).isEqualTo(DeviceStatus.ONLINE);
                    assertThat(link.reportedStates().get(0))
                            .isEqualTo(new LightState(true, 255, Rgb.WHITE, Effect.NONE));
                    assertThat(link.reportedStates().get(2))
                            .isEqualTo(new LightState(true, 90, new Rgb(10, 20, 30), Effect.NONE));
                });
        assertThat(transport.count("ESP-ROM:esp32c3"))
                .as("the ROM printed its boot text again: %s", printable(transport.receivedText()))
                .isGreaterThan(banners);
        // The reported states above are the new boot's own answers to the replay. (The GPIO pin is no proof here:
        // QEMU's GPIO model keeps its output register across a system reset.)
        assertThat(link.desiredStates()).isEqualTo(desired);
    }

    @Test
    void rebootRequestMakesTheFirmwareRestartItself() throws Exception {
        set(2, new LightChange(true, 40, new Rgb(1, 2, 3), null, Effect.NONE));
        long bootId = link.info().orElseThrow().bootId();
        int banners = transport.count("ESP-ROM:esp32c3");

        // A pty has no reset lines: the link's reset asks the firmware (REBOOT_REQ), which ACKs, lets the ACK drain
        // and calls esp_restart(); the answer is the new boot's id, after the replay.
        long newBootId = link.reset().get(HANDSHAKE.toMillis(), TimeUnit.MILLISECONDS);

        assertThat(newBootId)
                .isNotEqualTo(bootId)
                .isEqualTo(link.info().orElseThrow().bootId());
        assertThat(transport.count("ESP-ROM:esp32c3"))
                .as("the ROM printed its boot text again: %s", printable(transport.receivedText()))
                .isGreaterThan(banners);
        assertThat(link.reportedStates().get(2)).isEqualTo(new LightState(true, 40, new Rgb(1, 2, 3), Effect.NONE));
    }

    @Test
    void whenTheBridgeFallsSilentTheFailsafeRestoresTheBootState() throws Exception {
        set(0, new LightChange(true, null, null, null, Effect.NONE));
        set(1, new LightChange(true, 77, null, null, Effect.NONE));
        states.clear();

        transport.mute(true); // the board hears nothing (no SET, no PING) but the bridge still hears the board
        try {
            await("STATE with cause failsafe for lights 0 and 1")
                    .atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(states)
                            .anySatisfy(
                                    s -> assertThat(s).startsWith("0:failsafe:").contains("on=false"))
                            .anySatisfy(
                                    s -> assertThat(s).startsWith("1:failsafe:").contains("on=false")));
        } finally {
            transport.mute(false);
        }
        assertThat(board.readWord(GPIO_OUT) & (1 << STATUS_LED_GPIO))
                .as("the pin follows the failsafe")
                .isZero();
        // The board's own change becomes what the bridge wants (uart-link.md section 4): no replay undoes it.
        assertThat(link.desiredStates().get(0).on()).isFalse();
        assertThat(link.desiredStates().get(1).on()).isFalse();
    }

    /** The text in what was received (frames shown as dots), for failure messages. */
    private static String printable(String raw) {
        return raw.replaceAll("[^\\x20-\\x7e\\n]", ".");
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
