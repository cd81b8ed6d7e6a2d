package io.hilbridge.serial;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The serial package's small values, each rule at both sides: a listed port (a path is required, a missing description
 * or serial number is empty, a USB id only when both ids are known), the kernel roots, the OS names, the ESP32
 * boards' USB bridge chips and adapter families (docs/serial-lines.md, "Per adapter family and OS").
 */
class PortValuesTest {
    @Test
    void aPortNeedsAPathAndKnowsNoDescriptionOrSerialAsEmpty() {
        for (String bad : new String[] {null, "", "  "}) {
            assertThatThrownBy(() -> new PortInfo(bad, "d", 1, 2, "s"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("port path is empty");
        }
        PortInfo bare = new PortInfo("/dev/ttyS0", null, -1, -1, null);
        assertThat(bare.description()).isEmpty();
        assertThat(bare.serialNumber()).isEmpty();
        assertThat(bare).hasToString("/dev/ttyS0");
    }

    @Test
    void aUsbIdNeedsBothIdsAndIsFourUpperHexDigitsEach() {
        assertThat(new PortInfo("/dev/x", "", 0x303A, 0x1001, "").usbId()).isEqualTo("303A:1001");
        assertThat(new PortInfo("/dev/x", "", 0, 0, "").usbId()).isEqualTo("0000:0000");
        assertThat(new PortInfo("/dev/x", "", -1, 0x1001, "").usbId()).isEmpty();
        assertThat(new PortInfo("/dev/x", "", 0x303A, -1, "").usbId()).isEmpty();
    }

    @Test
    void aPortIsShownWithWhatIsKnownOfIt() {
        assertThat(new PortInfo("/dev/ttyACM0", "USB JTAG", 0x303A, 0x1001, "F4:12"))
                .hasToString("/dev/ttyACM0 (USB JTAG) [303A:1001] serial F4:12");
        assertThat(new PortInfo("/dev/ttyACM0", "", 0x303A, 0x1001, "")).hasToString("/dev/ttyACM0 [303A:1001]");
        assertThat(new PortInfo("/dev/ttyUSB0", "CP2102", -1, -1, "0001"))
                .hasToString("/dev/ttyUSB0 (CP2102) serial 0001");
    }

    @Test
    void everyKernelRootIsRequiredAndTheSystemsAreTheUsualOnes() {
        Path p = Path.of("x");
        assertThatThrownBy(() -> new HostRoots(null, p, p)).hasMessage("a root is null");
        assertThatThrownBy(() -> new HostRoots(p, null, p)).hasMessage("a root is null");
        assertThatThrownBy(() -> new HostRoots(p, p, null)).hasMessage("a root is null");
        assertThat(HostRoots.system()).isEqualTo(new HostRoots(Path.of("/sys"), Path.of("/proc"), Path.of("/dev")));
        assertThat(HostRoots.under(Path.of("/tmp/r")))
                .isEqualTo(new HostRoots(Path.of("/tmp/r/sys"), Path.of("/tmp/r/proc"), Path.of("/tmp/r/dev")));
    }

    @Test
    void theOsIsKnownByTheNamesJavaReports() {
        assertThat(HostOs.parse("Linux")).isEqualTo(HostOs.LINUX);
        assertThat(HostOs.parse("Mac OS X")).isEqualTo(HostOs.MACOS);
        assertThat(HostOs.parse("Darwin")).isEqualTo(HostOs.MACOS);
        assertThat(HostOs.parse("Windows 11")).isEqualTo(HostOs.WINDOWS);
        assertThat(HostOs.parse("FreeBSD")).isEqualTo(HostOs.OTHER);
        assertThat(HostOs.current()).isEqualTo(HostOs.parse(System.getProperty("os.name")));
    }

    @Test
    void aChipMatchesItsVendorAndItsProductOrAnyProductOfItsVendor() {
        UsbBridgeChips.Chip cp2102 = new UsbBridgeChips.Chip(0x10C4, 0xEA60, "CP210x");
        assertThat(cp2102.matches(0x10C4, 0xEA60)).isTrue();
        assertThat(cp2102.matches(0x10C4, 0xEA61)).isFalse();
        assertThat(cp2102.matches(0x10C5, 0xEA60)).as("another vendor").isFalse();
        UsbBridgeChips.Chip anyEspressif = new UsbBridgeChips.Chip(0x303A, -1, "Espressif");
        assertThat(anyEspressif.matches(0x303A, 0x4001)).isTrue();
        assertThat(anyEspressif.matches(0x0403, 0x4001)).isFalse();
        assertThat(UsbBridgeChips.all())
                .hasSize(8)
                .first()
                .isEqualTo(new UsbBridgeChips.Chip(
                        0x303A, 0x1001, "Espressif USB-Serial/JTAG (ESP32-C3/C6/S3 built-in USB)"));
        assertThat(UsbBridgeChips.name(0x303A, 0x1001))
                .isEqualTo(UsbBridgeChips.all().get(0).name());
    }

    /** CP210x: the CP2102/CP2104 (EA60) and CP2105/CP2108 (EA70, EA71) share the family; other Silabs ids do not. */
    @Test
    void theCp210xFamilyIsItsThreeProductIds() {
        for (int pid : new int[] {0xEA60, 0xEA70, 0xEA71}) {
            assertThat(AdapterFamily.of(0x10C4, pid)).as("%04X", pid).isEqualTo(AdapterFamily.CP210X);
        }
        assertThat(AdapterFamily.of(0x10C4, 0xEA61)).isEqualTo(AdapterFamily.UNKNOWN);
        assertThat(AdapterFamily.CP210X.displayName()).isEqualTo("Silicon Labs CP210x");
        assertThat(AdapterFamily.of(new PortInfo("/dev/ttyUSB0", "", 0x0403, 0x6001, "")))
                .isEqualTo(AdapterFamily.FTDI);
    }
}
