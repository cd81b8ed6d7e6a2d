package io.hilbridge.serial;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The open sequence and the adapter family of docs/serial-lines.md ("Per adapter family and OS"), on a fake port
 * whose lines drive a simulated board: preset before the OS opens the port, one change to the resting levels right
 * after, stale bytes dropped; a pseudo-terminal gets neither; the family from the port's USB id, else from the listed
 * port behind the same device node.
 */
class PortOpeningTest {
    @TempDir
    Path dir;

    private static final SimulatedPortLines.Quirk NONE = SimulatedPortLines.Quirk.NONE;

    @Test
    void aRealPortIsPresetThenOpenedThenReleasedInOneCallThenFlushedAndTheBoardKeepsRunning() {
        BoardChip chip = BoardChip.autoResetCircuit();
        FakeRawPort port = new FakeRawPort(new SimulatedPortLines(HostOs.LINUX, NONE, chip), true);

        assertThat(PortOpening.open(port, LinePolicy.of(AdapterFamily.CP210X, HostOs.LINUX), false))
                .isTrue();

        assertThat(port.simulated().calls()).containsExactly("preset DTR=0 RTS=0", "open", "set DTR=0 RTS=0", "flush");
        assertThat(chip.resets()).as("resets while opening").isZero();
        assertThat(chip.everDownload()).isFalse();
    }

    @Test
    void tinyUsbIsOpenedWithBothLinesAssertedHostConnected() {
        FakeRawPort port = new FakeRawPort(new SimulatedPortLines(HostOs.LINUX, NONE, BoardChip.usbSerialJtag()), true);

        assertThat(PortOpening.open(port, LinePolicy.of(AdapterFamily.TINYUSB_CDC, HostOs.LINUX), false))
                .isTrue();

        assertThat(port.simulated().calls()).containsExactly("preset DTR=1 RTS=1", "open", "set DTR=1 RTS=1", "flush");
    }

    @Test
    void aPseudoTerminalGetsNoLineChangeAndKeepsWhatTheEmulatedBoardAlreadySaid() {
        FakeRawPort port = FakeRawPort.linux();

        assertThat(PortOpening.open(port, LinePolicy.of(AdapterFamily.UNKNOWN, HostOs.LINUX), true))
                .isTrue();

        assertThat(port.simulated().calls()).containsExactly("preset DTR=0 RTS=0", "open");
    }

    @Test
    void aRefusedOpenIsFalseAndTouchesNothingAfterThePreset() {
        // SimulatedPortLines fails the test if a line is set on a port that is not open.
        FakeRawPort port =
                new FakeRawPort(new SimulatedPortLines(HostOs.LINUX, NONE, BoardChip.autoResetCircuit()), false);

        assertThat(PortOpening.open(port, LinePolicy.of(AdapterFamily.CP210X, HostOs.LINUX), false))
                .isFalse();

        assertThat(port.simulated().calls()).containsExactly("preset DTR=0 RTS=0", "open");
    }

    @Test
    void theFamilyIsThePortsOwnUsbIdAndTheListIsNotAskedThen() {
        Supplier<List<PortInfo>> mustNotList = () -> {
            throw new AssertionError("ports listed although the port has its own USB id");
        };
        assertThat(PortOpening.family(0x10C4, 0xEA60, "/dev/ttyUSB0", mustNotList))
                .isEqualTo(AdapterFamily.CP210X);
        assertThat(PortOpening.family(AdapterFamily.ESPRESSIF_VID, 0x1001, "/dev/ttyACM0", mustNotList))
                .isEqualTo(AdapterFamily.ESP_USB_SERIAL_JTAG);
        // 0 is an id like any other (the edge of "has one"): 0000:xxxx is no ESP32 bridge, and no list is asked.
        assertThat(PortOpening.family(0, 0xEA60, "/dev/ttyUSB0", mustNotList)).isEqualTo(AdapterFamily.UNKNOWN);
        assertThat(PortOpening.family(0x10C4, 0, "/dev/ttyUSB0", mustNotList)).isEqualTo(AdapterFamily.UNKNOWN);
    }

    @Test
    void aSymlinkWithoutUsbIdGetsTheFamilyOfTheListedPortBehindTheSameNode() throws Exception {
        Path node = Files.createFile(dir.resolve("ttyUSB0"));
        Path other = Files.createFile(dir.resolve("ttyUSB1"));
        Path byId = Files.createDirectories(dir.resolve("by-id"));
        Path link = Files.createSymbolicLink(byId.resolve("usb-Silicon_Labs_CP2102-if00-port0"), node);
        List<PortInfo> listed = List.of(
                new PortInfo(other.toString(), "FT232R", 0x0403, 0x6001, "B"),
                new PortInfo(link.toString(), "an alias the library listed without ids", -1, -1, ""),
                new PortInfo(node.toString(), "CP2102", 0x10C4, 0xEA60, "A"));

        assertThat(PortOpening.family(-1, -1, link.toString(), () -> listed)).isEqualTo(AdapterFamily.CP210X);
        assertThat(PortOpening.family(-1, 0xEA60, link.toString(), () -> listed))
                .as("a product id alone is no USB id")
                .isEqualTo(AdapterFamily.CP210X);
        assertThat(PortOpening.family(0x10C4, -1, link.toString(), () -> listed))
                .as("a vendor id alone is no USB id")
                .isEqualTo(AdapterFamily.CP210X);
    }

    @Test
    void aPortWithoutUsbIdAndNoListedTwinIsUnknown() throws Exception {
        Path node = Files.createFile(dir.resolve("ttyS0"));
        Path elsewhere = Files.createFile(dir.resolve("ttyUSB9"));
        List<PortInfo> listed = List.of(
                new PortInfo(elsewhere.toString(), "CP2102", 0x10C4, 0xEA60, "A"),
                new PortInfo(node.toString(), "built-in UART", -1, -1, ""));

        assertThat(PortOpening.family(-1, -1, node.toString(), () -> listed)).isEqualTo(AdapterFamily.UNKNOWN);
        assertThat(PortOpening.family(-1, -1, node.toString(), List::of)).isEqualTo(AdapterFamily.UNKNOWN);
    }

    @Test
    void aPseudoTerminalHasTheUnknownAdaptersPolicyWhateverIdsItReports() {
        Supplier<List<PortInfo>> mustNotList = () -> {
            throw new AssertionError("ports listed for a pseudo-terminal");
        };
        LinePolicy pty = PortOpening.policy(true, 0x10C4, 0xEA60, "/dev/pts/3", mustNotList, HostOs.LINUX);
        assertThat(pty.family()).isEqualTo(AdapterFamily.UNKNOWN);
        assertThat(pty.resetsByLines()).isFalse();
        LinePolicy usb = PortOpening.policy(false, 0x10C4, 0xEA60, "/dev/ttyUSB0", mustNotList, HostOs.MACOS);
        assertThat(usb.family()).isEqualTo(AdapterFamily.CP210X);
        assertThat(usb.os()).isEqualTo(HostOs.MACOS);
    }
}
