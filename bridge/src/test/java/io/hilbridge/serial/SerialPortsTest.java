package io.hilbridge.serial;

import com.fazecast.jSerialComm.SerialPort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

class SerialPortsTest {
    @Test
    void picksTheBestKnownEsp32Bridge() {
        List<PortInfo> ports = List.of(
                new PortInfo("/dev/ttyS0", "Physical Port", -1, -1, ""),
                new PortInfo("/dev/ttyUSB1", "FT232R", 0x0403, 0x6001, "A1"),
                new PortInfo("/dev/ttyUSB0", "CP2102", 0x10C4, 0xEA60, "0001"),
                new PortInfo("/dev/ttyACM0", "USB JTAG/serial debug unit", 0x303A, 0x1001, "F4:12"));
        assertThat(SerialPorts.pickEsp32(ports))
                .get()
                .extracting(PortInfo::path)
                .isEqualTo("/dev/ttyACM0");
        assertThat(SerialPorts.pickEsp32(ports.subList(0, 3)))
                .get()
                .extracting(PortInfo::path)
                .isEqualTo("/dev/ttyUSB0");
        assertThat(SerialPorts.pickEsp32(ports.subList(0, 1))).isEmpty();
    }

    @Test
    void knowsEveryBridgeOfTheTable() {
        assertThat(SerialPorts.esp32Rank(0x303A, 0x0002)).isGreaterThanOrEqualTo(0);
        assertThat(SerialPorts.esp32Rank(0x10C4, 0xEA60)).isGreaterThanOrEqualTo(0);
        assertThat(SerialPorts.esp32Rank(0x1A86, 0x7523)).isGreaterThanOrEqualTo(0);
        assertThat(SerialPorts.esp32Rank(0x1A86, 0x55D4)).isGreaterThanOrEqualTo(0);
        assertThat(SerialPorts.esp32Rank(0x0403, 0x6001)).isGreaterThanOrEqualTo(0);
        assertThat(SerialPorts.esp32Rank(0x0403, 0x6010)).isGreaterThanOrEqualTo(0);
        assertThat(SerialPorts.esp32Rank(0x0403, 0x6015)).isGreaterThanOrEqualTo(0);
        assertThat(SerialPorts.esp32Rank(0x0403, 0x6014)).isEqualTo(-1);
        assertThat(SerialPorts.esp32Rank(0x10C4, 0xEA70)).isEqualTo(-1);
    }

    @Test
    void listingPortsWorksWithoutHardware() {
        // Whatever this machine has; the call must not throw, and every entry has a path.
        assertThat(SerialPorts.list()).allSatisfy(p -> assertThat(p.path()).isNotBlank());
        assertThat(System.getProperty("fazecast.jSerialComm.appid")).isNotBlank();
    }

    @Test
    void portInfoDescribesItself() {
        PortInfo p = new PortInfo("/dev/ttyUSB0", "CP2102", 0x10C4, 0xEA60, "0001");
        assertThat(p.usbId()).isEqualTo("10C4:EA60");
        assertThat(p.toString()).contains("/dev/ttyUSB0", "10C4:EA60", "0001");
    }

    @TempDir
    Path dir;

    @Test
    void aBoardIsFollowedByItsUsbSerialNumberAndAPortWithoutOneIsNoMatch() {
        List<PortInfo> ports = List.of(
                new PortInfo("/dev/ttyS0", "Physical Port", -1, -1, ""),
                new PortInfo("/dev/ttyUSB3", "CP2102", 0x10C4, 0xEA60, "0001"),
                new PortInfo("/dev/ttyUSB4", "CP2102", 0x10C4, 0xEA60, "0002"));
        assertThat(SerialPorts.withSerialNumber(() -> ports, "0002"))
                .get()
                .extracting(PortInfo::path)
                .isEqualTo("/dev/ttyUSB4");
        assertThat(SerialPorts.withSerialNumber(() -> ports, "0003")).isEmpty();

        Supplier<List<PortInfo>> mustNotList = () -> {
            throw new AssertionError("ports listed for a board without a serial number");
        };
        assertThat(SerialPorts.withSerialNumber(mustNotList, "")).isEmpty();
        assertThat(SerialPorts.withSerialNumber(mustNotList, " ")).isEmpty();
        assertThat(SerialPorts.withSerialNumber(mustNotList, null)).isEmpty();
    }

    @Test
    void listedPortsAreSortedByPathWithTheLibrarysDescription() throws Exception {
        SerialPort b =
                SerialPort.getCommPort(Files.createFile(dir.resolve("ttyUSB1")).toString());
        SerialPort a =
                SerialPort.getCommPort(Files.createFile(dir.resolve("ttyUSB0")).toString());
        List<PortInfo> listed = SerialPorts.describe(new SerialPort[] {b, a});
        assertThat(listed).extracting(PortInfo::path).containsExactly(a.getSystemPortPath(), b.getSystemPortPath());
        assertThat(listed.get(0).description()).isEqualTo(a.getPortDescription());
        assertThat(listed.get(0).vid()).isEqualTo(a.getVendorID());
    }
}
