package io.hilbridge.doctor;

import io.hilbridge.lights.BoardInfo;
import io.hilbridge.lights.LightInfo;
import io.hilbridge.serial.FakeHost;
import io.hilbridge.serial.PortHolders;
import io.hilbridge.serial.PortInfo;
import io.hilbridge.serial.PortProblem;
import io.hilbridge.serial.PortProblem.Kind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The doctor's findings, verdicts, exit rule and printout against fake sysfs/procfs/dev trees and a fake probe. */
class DoctorTest {
    @TempDir
    Path dir;

    private FakeHost host;
    private final List<PortInfo> listed = new ArrayList<>();
    private final List<String> probed = new ArrayList<>();
    private HelloProbe.Answer answer;

    private static final BoardInfo BOARD = new BoardInfo(
            1,
            "0.1.0",
            42,
            List.of(new LightInfo(0, "Status LED", io.hilbridge.lights.LightKind.ONOFF, 0, java.util.Set.of())));

    @BeforeEach
    void setUp() throws Exception {
        host = new FakeHost(dir);
        host.self(0, 0);
        answer = HelloProbe.Answer.hello(BOARD, "");
    }

    private Doctor doctor() {
        return new Doctor(
                host.roots(),
                new PortHolders(host.roots(), 1),
                () -> List.copyOf(listed),
                (device, baud, timeout, reset) -> {
                    probed.add(device + (reset ? " reset" : ""));
                    return answer;
                });
    }

    private Doctor.Result examine(String... named) {
        return doctor().examine(List.of(named), 115200, Duration.ofSeconds(3), false);
    }

    private Path cp210x(String tty, String serial) throws Exception {
        Path node = host.usbTty(tty, 0x10C4, 0xEA60, serial, "CP2102N USB to UART Bridge Controller", "cp210x");
        listed.add(new PortInfo(node.toString(), "CP2102N", 0x10C4, 0xEA60, serial));
        return node;
    }

    private static List<Kind> kinds(PortReport r) {
        return r.problems().stream().map(PortProblem::kind).toList();
    }

    @Test
    void aHealthyBoardIsReadyAndIdentified() throws Exception {
        Path node = cp210x("ttyUSB0", "0001");
        Path byId = host.byId("usb-Silicon_Labs_CP2102N_0001-if00-port0", node);
        listed.add(new PortInfo(dir.resolve("dev/ttyS0").toString(), "", -1, -1, "Unknown"));
        Files.writeString(dir.resolve("dev/ttyS0"), "");
        Doctor.Result r = examine();
        assertThat(r.exitCode()).isZero();
        assertThat(r.chosen()).hasSize(1);
        PortReport p = r.chosen().get(0);
        assertThat(p.device()).isEqualTo(node.toString());
        assertThat(p.usbId()).isEqualTo("10C4:EA60");
        assertThat(p.chip()).isEqualTo("Silicon Labs CP210x, driver cp210x");
        assertThat(p.serialNumber()).isEqualTo("0001");
        assertThat(p.byId()).isEqualTo(byId.toString());
        assertThat(p.access()).startsWith("ok (").endsWith(")").contains(":");
        assertThat(p.heldBy()).isEqualTo("nobody");
        assertThat(p.firmware()).isEqualTo("HELLO: firmware 0.1.0, protocol 1, 1 lights");
        assertThat(p.verdict()).isEqualTo("OK");
        assertThat(probed).containsExactly(node.toString()).as("the non-ESP32 ttyS0 is listed but not probed");
        assertThat(r.others()).singleElement().satisfies(o -> {
            assertThat(o.serialNumber()).isEqualTo("-");
            assertThat(o.verdict()).isEqualTo("OK (not probed)");
        });
    }

    @Test
    void nothingAttachedAndNothingNamedIsNotFound() {
        Doctor.Result r = examine();
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.general()).extracting(PortProblem::kind).containsExactly(Kind.NOT_FOUND);
    }

    @Test
    void aNamedPortThatDoesNotExistIsNotFound() {
        Doctor.Result r = examine(dir.resolve("dev/ttyUSB9").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(kinds(r.chosen().get(0))).containsExactly(Kind.NOT_FOUND);
        assertThat(probed).isEmpty();
    }

    @Test
    void aListedPortThatIsGoneHasVanished() throws Exception {
        Path node = cp210x("ttyUSB0", "0001");
        Files.delete(node);
        Doctor.Result r = examine();
        assertThat(kinds(r.chosen().get(0))).containsExactly(Kind.VANISHED);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(probed).isEmpty();
    }

    @Test
    void noPermissionIsFoundAndTheBoardIsNotOpened() throws Exception {
        Path node = cp210x("ttyUSB0", "0001");
        Files.setPosixFilePermissions(node, PosixFilePermissions.fromString("rw-rw----"));
        int uid = (Integer) Files.getAttribute(node, "unix:uid");
        int gid = (Integer) Files.getAttribute(node, "unix:gid");
        host.self(uid + 1000, gid + 1000);
        Doctor.Result r = examine(node.toString());
        PortReport p = r.chosen().get(0);
        assertThat(kinds(p)).containsExactly(Kind.NO_PERMISSION);
        assertThat(p.access()).startsWith("DENIED (").contains(" 0660)");
        assertThat(p.firmware()).startsWith("not asked");
        assertThat(probed).isEmpty();
        assertThat(r.exitCode()).isEqualTo(1);
    }

    @Test
    void busyByANamedProcessAndModemManager() throws Exception {
        Path a = cp210x("ttyUSB0", "0001");
        host.process(4711, "screen", a);
        Path b = host.usbTty("ttyACM0", 0x303A, 0x1001, "F4:12", "USB JTAG/serial debug unit", "cdc_acm");
        listed.add(new PortInfo(b.toString(), "", 0x303A, 0x1001, "F4:12"));
        host.process(812, "ModemManager", b);
        Doctor.Result r = examine();
        assertThat(r.chosen()).hasSize(2);
        PortReport ra = r.chosen().stream()
                .filter(x -> x.device().equals(a.toString()))
                .findFirst()
                .orElseThrow();
        PortReport rb = r.chosen().stream()
                .filter(x -> x.device().equals(b.toString()))
                .findFirst()
                .orElseThrow();
        assertThat(kinds(ra)).containsExactly(Kind.BUSY);
        assertThat(ra.heldBy()).isEqualTo("screen (pid 4711)");
        assertThat(kinds(rb)).containsExactly(Kind.MODEM_MANAGER);
        assertThat(rb.chip()).isEqualTo("Espressif USB-Serial/JTAG (ESP32-C3/C6/S3 built-in USB), driver cdc_acm");
        assertThat(probed)
                .as("a held port is not opened: the doctor would steal its bytes")
                .isEmpty();
    }

    @Test
    void ftdiLatency16IsAProblemButTheBoardIsStillAsked() throws Exception {
        Path node = host.usbTty("ttyUSB0", 0x0403, 0x6001, "A50285BI", "FT232R USB UART", "ftdi_sio");
        host.latencyTimer("ttyUSB0", 16);
        listed.add(new PortInfo(node.toString(), "FT232R", 0x0403, 0x6001, "A50285BI"));
        Doctor.Result r = examine();
        PortReport p = r.chosen().get(0);
        assertThat(p.latency()).isEqualTo("16 ms");
        assertThat(kinds(p)).containsExactly(Kind.FTDI_LATENCY);
        assertThat(p.firmware()).startsWith("HELLO");
        assertThat(r.exitCode()).isEqualTo(1);
    }

    @Test
    void theProbesAnswerBecomesTheVerdictAndResetIsPassedOn() throws Exception {
        Path node = cp210x("ttyUSB0", "0001");
        answer = HelloProbe.Answer.problem(
                new PortProblem(Kind.DOWNLOAD_MODE, node.toString(), "in download mode", "press RESET"), "");
        Doctor.Result r = doctor().examine(List.of(), 115200, Duration.ofSeconds(3), true);
        assertThat(kinds(r.chosen().get(0))).containsExactly(Kind.DOWNLOAD_MODE);
        assertThat(r.chosen().get(0).firmware()).isEqualTo("download mode");
        assertThat(probed).containsExactly(node + " reset");
    }

    @Test
    void thePrintoutHasARowPerPortAndAFixPerProblem() throws Exception {
        Path node = cp210x("ttyUSB0", "0001");
        host.process(4711, "minicom", node);
        StringWriter s = new StringWriter();
        ReportPrinter.print(examine(), new PrintWriter(s));
        String out = s.toString();
        assertThat(out)
                .containsPattern(
                        "\\* " + java.util.regex.Pattern.quote(node.toString())
                                + " +10C4:EA60 +Silicon Labs CP210x, driver cp210x +0001 +ok \\(\\S+ \\d{4}\\) +minicom \\(pid 4711\\) +- +not asked.* +BUSY");
        assertThat(out)
                .contains("BUSY " + node + ": the port is busy: held by minicom (pid 4711)")
                .contains("    fix: close that program")
                .contains("Verdict: not ready (exit 1).");
        assertThat(Optional.of(out)
                        .get()
                        .lines()
                        .filter(l -> l.startsWith("    fix:"))
                        .count())
                .isEqualTo(1);
    }
}
