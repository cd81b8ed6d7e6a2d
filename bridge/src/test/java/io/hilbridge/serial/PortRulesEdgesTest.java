package io.hilbridge.serial;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The edges of the serial rules not covered by their main tests (docs/serial-lines.md): a line reset the adapter
 * refuses, the policies described for people, the ESP32 bridge ranking, a pty's sysfs name, a problem's required
 * parts, lowering an FTDI latency timer, and the library's native-library folder.
 */
class PortRulesEdgesTest {
    @TempDir
    Path dir;

    /** Lines whose adapter refuses every change (a driver error): a reset pulse must say so. */
    private static final class RefusingLines implements ModemLines {
        final List<String> calls = new ArrayList<>();

        @Override
        public void presetBeforeOpen(boolean dtr, boolean rts) {}

        @Override
        public boolean set(boolean dtr, boolean rts) {
            calls.add(dtr + " " + rts);
            return false;
        }
    }

    @Test
    void aResetTheAdapterRefusesIsAnIoErrorAndNoPause() {
        RefusingLines lines = new RefusingLines();
        List<Object> paused = new ArrayList<>();
        LinePolicy cp210x = LinePolicy.of(AdapterFamily.CP210X, HostOs.LINUX);
        assertThatThrownBy(() -> cp210x.reset(lines, paused::add))
                .isInstanceOf(IOException.class)
                .hasMessage("the adapter refused to set DTR=0 RTS=1 (reset pulse)");
        assertThat(paused).isEmpty();
        assertThat(lines.calls).containsExactly("false true");
    }

    @Test
    void aPolicyIsDescribedByItsRestingLevelsAndItsReset() {
        assertThat(LinePolicy.of(AdapterFamily.CP210X, HostOs.LINUX).describe())
                .isEqualTo("Silicon Labs CP210x on LINUX: lines at DTR=0 RTS=0, reset by DTR=0 RTS=1 for 100 ms");
        assertThat(LinePolicy.of(AdapterFamily.CH34X, HostOs.MACOS).describe())
                .isEqualTo(
                        "WCH CH340/CH9102 on MACOS: lines left as the OS opened them, reset by DTR=0 RTS=1 for 100 ms");
        LinePolicy tinyUsb = LinePolicy.of(AdapterFamily.TINYUSB_CDC, HostOs.WINDOWS);
        assertThat(tinyUsb.describe())
                .isEqualTo(
                        "Espressif USB-OTG CDC (TinyUSB) on WINDOWS: lines at DTR=1 RTS=1, reset by asking the firmware");
        assertThat(tinyUsb.resetLevels()).isEmpty();
        assertThat(LinePolicy.of(AdapterFamily.ESP_USB_SERIAL_JTAG, HostOs.LINUX)
                        .resetLevels())
                .contains(LinePolicy.Levels.RESET);
    }

    @Test
    void espressifsOwnUsbRanksFirstThenTheTableOrderThenThePath() {
        assertThat(SerialPorts.esp32Rank(0x303A, 0x1001)).isZero();
        assertThat(SerialPorts.esp32Rank(0x10C4, 0xEA60)).isEqualTo(1);
        assertThat(SerialPorts.esp32Rank(0x0403, 0x6015)).isEqualTo(6);
        assertThat(SerialPorts.esp32Rank(0x0403, 0x6014)).isEqualTo(-1);
        PortInfo ch340 = new PortInfo("/dev/ttyUSB0", "", 0x1A86, 0x7523, "");
        PortInfo cp2102 = new PortInfo("/dev/ttyUSB1", "", 0x10C4, 0xEA60, "");
        PortInfo cp2102b = new PortInfo("/dev/ttyUSB2", "", 0x10C4, 0xEA60, "");
        assertThat(SerialPorts.pickEsp32(List.of(ch340, cp2102b, cp2102))).contains(cp2102);
    }

    @Test
    void aPseudoTerminalsTtyNameKeepsItsFolder() {
        assertThat(new TtyDevice(Path.of("/tmp/board"), Path.of("/dev/pts/3"), true).ttyName())
                .isEqualTo("pts/3");
        assertThat(new TtyDevice(Path.of("/dev/serial/by-id/x"), Path.of("/dev/ttyUSB0"), true).ttyName())
                .isEqualTo("ttyUSB0");
        assertThat(new TtyDevice(Path.of("/dev/ttyUSB0"), Path.of("/dev/ttyUSB0"), true).pseudoTerminal())
                .isFalse();
    }

    @Test
    void aProblemNeedsItsKindDeviceWhatAndFix() {
        PortProblem.Kind k = PortProblem.Kind.BUSY;
        for (Runnable r : List.<Runnable>of(
                () -> new PortProblem(null, "d", "w", "f"),
                () -> new PortProblem(k, null, "w", "f"),
                () -> new PortProblem(k, "d", null, "f"),
                () -> new PortProblem(k, "d", "w", null))) {
            assertThatThrownBy(r::run).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(new PortProblem(k, "/dev/ttyUSB0", "held by screen", "quit it").oneLine())
                .isEqualTo("/dev/ttyUSB0: held by screen. Fix: quit it");
    }

    @Test
    void theLatencyTimerIsLoweredTo1msWhereItCanBeWritten() throws Exception {
        FakeHost host = new FakeHost(dir);
        host.usbTty("ttyUSB0", 0x0403, 0x6001, "A1", "FT232R", "ftdi_sio");
        Path timer = host.latencyTimer("ttyUSB0", 16);
        SysfsTty ftdi = SysfsTty.read(host.roots(), "ttyUSB0").orElseThrow();
        assertThat(OpenAdvice.lowerLatency(ftdi)).isTrue();
        assertThat(Files.readString(timer).trim()).isEqualTo("1");

        SysfsTty unwritable = new SysfsTty("ttyUSB0", "ftdi_sio", 0x0403, 0x6001, "A1", "FT232R", dir);
        assertThat(OpenAdvice.lowerLatency(unwritable))
                .as("a folder cannot be written")
                .isFalse();
    }

    /** jSerialComm's native-library folder: one per process unless the user chose one (or a library path). */
    @Test
    void eachProcessGetsItsOwnNativeLibraryFolderUnlessTheUserChose() {
        String appId = System.getProperty(NativeLibrary.APPID);
        try {
            System.clearProperty(NativeLibrary.APPID);
            System.setProperty("jSerialComm.library.path", "/opt/lib");
            NativeLibrary.ensureAppId();
            assertThat(System.getProperty(NativeLibrary.APPID)).isNull();
            System.clearProperty("jSerialComm.library.path");
            System.setProperty(NativeLibrary.APPID, "mine");
            NativeLibrary.ensureAppId();
            assertThat(System.getProperty(NativeLibrary.APPID)).isEqualTo("mine");
            System.clearProperty(NativeLibrary.APPID);
            NativeLibrary.ensureAppId();
            assertThat(System.getProperty(NativeLibrary.APPID))
                    .isEqualTo("hilbridge-" + ProcessHandle.current().pid());
        } finally {
            System.clearProperty("jSerialComm.library.path");
            if (appId == null) System.clearProperty(NativeLibrary.APPID);
            else System.setProperty(NativeLibrary.APPID, appId);
        }
    }
}
