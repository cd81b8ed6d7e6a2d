package io.hilbridge.serial;

import io.hilbridge.serial.SimulatedPortLines.Quirk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every adapter family on every OS, with the driver quirks reported for it: the bridge's line calls, played through
 * the OS's open/close behaviour and the board's reset logic, never put the chip into download mode, never reset it
 * unless asked, and when asked perform esptool's hard reset and leave it running.
 */
class LinePolicyTest {

    /** Families, OSes and the quirks their drivers are reported to have (docs/serial-lines.md). */
    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (AdapterFamily f : AdapterFamily.values()) {
            for (HostOs os : HostOs.values()) {
                out.add(Arguments.of(f, os, Quirk.NONE));
                boolean uartBridge = f == AdapterFamily.CP210X || f == AdapterFamily.CH34X || f == AdapterFamily.FTDI;
                if (uartBridge) out.add(Arguments.of(f, os, Quirk.INVERTED));
                if (f == AdapterFamily.CH34X && os == HostOs.MACOS) {
                    out.add(Arguments.of(f, os, Quirk.SPLIT_DTR_FIRST));
                    out.add(Arguments.of(f, os, Quirk.SPLIT_RTS_FIRST));
                }
            }
        }
        return out.stream();
    }

    private static BoardChip chipFor(AdapterFamily f) {
        return f == AdapterFamily.ESP_USB_SERIAL_JTAG ? BoardChip.usbSerialJtag() : BoardChip.autoResetCircuit();
    }

    @ParameterizedTest(name = "{0} on {1}, driver {2}")
    @MethodSource("cases")
    void openingAndClosingNeverResetsNorEntersDownloadMode(AdapterFamily f, HostOs os, Quirk quirk) {
        BoardChip chip = chipFor(f);
        SimulatedPortLines port = new SimulatedPortLines(os, quirk, chip);
        LinePolicy policy = LinePolicy.of(f, os);
        for (int cycle = 0; cycle < 3; cycle++) { // reopening after a close, as the link does after an unplug
            policy.beforeOpen(port);
            port.open();
            policy.afterOpen(port);
            assertThat(chip.mode()).as("mode while open").isEqualTo(BoardChip.Mode.RUN);
            policy.beforeClose(port);
            port.close();
        }
        assertThat(chip.everDownload())
                .as("entered download mode; calls: %s", port.calls())
                .isFalse();
        assertThat(chip.resets())
                .as("reset without a request; calls: %s", port.calls())
                .isZero();
        assertNeverAsksForDtrAlone(port);
    }

    @ParameterizedTest(name = "{0} on {1}, driver {2}")
    @MethodSource("cases")
    void aRequestedResetIsEsptoolsHardResetAndEndsRunning(AdapterFamily f, HostOs os, Quirk quirk) throws Exception {
        BoardChip chip = chipFor(f);
        SimulatedPortLines port = new SimulatedPortLines(os, quirk, chip);
        LinePolicy policy = LinePolicy.of(f, os);
        policy.beforeOpen(port);
        port.open();
        policy.afterOpen(port);
        if (!policy.resetsByLines()) {
            assertThatThrownBy(() -> policy.reset(port, port.pause)).isInstanceOf(IllegalStateException.class);
            assertThat(chip.resets()).isZero();
            return;
        }
        int before = port.calls().size();
        policy.reset(port, port.pause);
        List<String> resetCalls = port.calls().subList(before, port.calls().size());
        assertThat(resetCalls).isEqualTo(expectedReset(f, os));
        assertThat(chip.everDownload())
                .as("entered download mode; calls: %s", port.calls())
                .isFalse();
        assertThat(chip.mode()).isEqualTo(BoardChip.Mode.RUN);
        assertThat(chip.inReset()).as("left held in reset").isFalse();
        if (quirk == Quirk.INVERTED) {
            // An inverting driver turns the EN pulse into an IO0 pulse while the chip runs: no reset, and no download
            // mode either (IO0 is only sampled when EN rises). The link reports "the reset had no effect".
            assertThat(chip.resets()).isZero();
        } else {
            assertThat(chip.resets()).as("calls: %s", port.calls()).isEqualTo(1);
            assertThat(chip.longestResetMs())
                    .isGreaterThanOrEqualTo(f == AdapterFamily.ESP_USB_SERIAL_JTAG ? 200 : 100);
        }
        assertNeverAsksForDtrAlone(port);
    }

    /** esptool's HardReset: RTS on (EN low), 100 ms, RTS off; with uses_usb 200 ms on and 200 ms after. */
    private static List<String> expectedReset(AdapterFamily f, HostOs os) {
        if (f == AdapterFamily.ESP_USB_SERIAL_JTAG) {
            return List.of("set DTR=0 RTS=1", "pause 200", "set DTR=0 RTS=0", "pause 200");
        }
        if (f == AdapterFamily.CH34X && os == HostOs.MACOS) {
            return List.of("set DTR=0 RTS=1", "pause 100", "set DTR=1 RTS=1"); // from both-asserted, one line a step
        }
        return List.of("set DTR=0 RTS=1", "pause 100", "set DTR=0 RTS=0");
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("cases")
    void tinyUsbBoardsKeepHearingTheHost(AdapterFamily f, HostOs os, Quirk quirk) {
        if (f != AdapterFamily.TINYUSB_CDC) return;
        SimulatedPortLines port = new SimulatedPortLines(os, quirk, BoardChip.autoResetCircuit());
        LinePolicy policy = LinePolicy.of(f, os);
        policy.beforeOpen(port);
        port.open();
        policy.afterOpen(port);
        assertThat(port.dtr()).as("DTR (host connected) while open").isTrue();
        assertThat(port.rts()).isTrue();
    }

    @Test
    void theLinuxSequenceForAUsbUartBridgeIsPresetOpenThenBothReleasedInOneCall() {
        SimulatedPortLines port = new SimulatedPortLines(HostOs.LINUX, Quirk.NONE, BoardChip.autoResetCircuit());
        LinePolicy policy = LinePolicy.of(AdapterFamily.CP210X, HostOs.LINUX);
        policy.beforeOpen(port);
        port.open(); // the kernel raises both lines
        assertThat(port.dtr() && port.rts()).isTrue();
        policy.afterOpen(port);
        policy.beforeClose(port);
        assertThat(port.calls()).containsExactly("preset DTR=0 RTS=0", "set DTR=0 RTS=0", "set DTR=0 RTS=0");
    }

    @Test
    void familiesFromUsbIds() {
        assertThat(AdapterFamily.of(0x10C4, 0xEA60)).isEqualTo(AdapterFamily.CP210X);
        assertThat(AdapterFamily.of(0x1A86, 0x7523)).isEqualTo(AdapterFamily.CH34X);
        assertThat(AdapterFamily.of(0x1A86, 0x55D4)).isEqualTo(AdapterFamily.CH34X);
        assertThat(AdapterFamily.of(0x0403, 0x6001)).isEqualTo(AdapterFamily.FTDI);
        assertThat(AdapterFamily.of(0x303A, 0x1001)).isEqualTo(AdapterFamily.ESP_USB_SERIAL_JTAG);
        assertThat(AdapterFamily.of(0x303A, 0x4001)).isEqualTo(AdapterFamily.TINYUSB_CDC);
        assertThat(AdapterFamily.of(-1, -1)).isEqualTo(AdapterFamily.UNKNOWN);
        assertThat(AdapterFamily.of(0x2341, 0x0043)).isEqualTo(AdapterFamily.UNKNOWN);
        assertThat(HostOs.parse("Linux")).isEqualTo(HostOs.LINUX);
        assertThat(HostOs.parse("Mac OS X")).isEqualTo(HostOs.MACOS);
        assertThat(HostOs.parse("Windows 11")).isEqualTo(HostOs.WINDOWS);
    }

    /** The model itself can see what the policy avoids: esptool's download-mode entries do enter download mode. */
    @Test
    void theCircuitModelDetectsDownloadModeAndResets() {
        BoardChip chip = BoardChip.autoResetCircuit();
        // esptool's ClassicReset with separate calls: D0 R1, 100 ms, D1 R0, 50 ms, D0
        chip.lines(false, false, 0);
        chip.lines(false, true, 1);
        chip.lines(true, true, 101);
        chip.lines(true, false, 101);
        chip.lines(false, false, 151);
        assertThat(chip.resets()).isEqualTo(1);
        assertThat(chip.mode()).isEqualTo(BoardChip.Mode.DOWNLOAD);

        BoardChip jtag = BoardChip.usbSerialJtag(); // esptool's USBJTAGSerialReset
        jtag.lines(false, false, 0);
        jtag.lines(true, false, 100);
        jtag.lines(true, true, 200);
        jtag.lines(false, true, 200);
        jtag.lines(false, false, 300);
        assertThat(jtag.mode()).isEqualTo(BoardChip.Mode.DOWNLOAD);

        BoardChip split = BoardChip.autoResetCircuit(); // both-asserted to released, reordered DTR first
        split.lines(true, true, 0);
        split.lines(false, true, 0);
        split.lines(false, false, 0);
        assertThat(split.resets()).isEqualTo(1);
    }

    private static void assertNeverAsksForDtrAlone(SimulatedPortLines port) {
        assertThat(port.calls()).noneMatch(c -> c.endsWith("DTR=1 RTS=0"));
    }
}
