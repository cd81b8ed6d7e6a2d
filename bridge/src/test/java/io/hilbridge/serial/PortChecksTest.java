package io.hilbridge.serial;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Each port check against a fake sysfs/procfs/dev tree: the fact it reads, the problem and the fix it gives. */
class PortChecksTest {
    @TempDir
    Path dir;

    private FakeHost host;
    private PortChecks checks;

    @BeforeEach
    void setUp() throws Exception {
        host = new FakeHost(dir);
        checks = new PortChecks(host.roots(), new PortHolders(host.roots(), 1));
    }

    @Test
    void sysfsGivesDriverUsbIdSerialAndProduct() throws Exception {
        host.usbTty("ttyUSB0", 0x10C4, 0xEA60, "0001", "CP2102N USB to UART Bridge Controller", "cp210x");
        SysfsTty s = SysfsTty.read(host.roots(), "ttyUSB0").orElseThrow();
        assertThat(s.driver()).isEqualTo("cp210x");
        assertThat(s.vid()).isEqualTo(0x10C4);
        assertThat(s.pid()).isEqualTo(0xEA60);
        assertThat(s.serialNumber()).isEqualTo("0001");
        assertThat(s.product()).startsWith("CP2102N");
        assertThat(s.latencyTimerMs()).isEmpty();
        assertThat(SysfsTty.read(host.roots(), "ttyUSB9")).isEmpty();
        assertThat(SysfsTty.read(host.roots(), "pts/3")).isEmpty();
    }

    @Test
    void ftdiLatencyAbove1msIsAProblemWithTheFileToFix() throws Exception {
        Path node = host.usbTty("ttyUSB1", 0x0403, 0x6001, "A50285BI", "FT232R USB UART", "ftdi_sio");
        Path timer = host.latencyTimer("ttyUSB1", 16);
        TtyDevice tty = TtyDevice.of(node.toString());
        Optional<PortProblem> p = checks.latency(tty, SysfsTty.read(host.roots(), "ttyUSB1"));
        assertThat(p).get().extracting(PortProblem::kind).isEqualTo(PortProblem.Kind.FTDI_LATENCY);
        assertThat(p.get().what()).contains("16 ms");
        assertThat(p.get().fix()).contains("udev rule").contains(timer.toString());

        Files.writeString(timer, "1\n");
        assertThat(checks.latency(tty, SysfsTty.read(host.roots(), "ttyUSB1"))).isEmpty();
    }

    @Test
    void noPermissionNamesTheGroupAndTheCommand() throws Exception {
        Path node = host.usbTty("ttyUSB2", 0x1A86, 0x7523, "", "USB Serial", "ch341-uart");
        Files.setPosixFilePermissions(node, PosixFilePermissions.fromString("rw-rw----"));
        String group = Files.readAttributes(node, java.nio.file.attribute.PosixFileAttributes.class)
                .group()
                .getName();
        int fileUid = (Integer) Files.getAttribute(node, "unix:uid");
        int fileGid = (Integer) Files.getAttribute(node, "unix:gid");
        host.self(fileUid + 4242, fileGid + 4242); // another user, not in the node's group
        Optional<PortProblem> p = checks.permission(TtyDevice.of(node.toString()));
        assertThat(p).get().extracting(PortProblem::kind).isEqualTo(PortProblem.Kind.NO_PERMISSION);
        assertThat(p.get().what()).contains("group " + group).contains("0660");
        if (!group.equals("root")) assertThat(p.get().fix()).contains("sudo usermod -aG " + group + " $USER");

        host.self(fileUid + 4242, fileUid + 4242, fileGid); // now in the group
        assertThat(checks.permission(TtyDevice.of(node.toString()))).isEmpty();
        host.self(0, 0); // root opens anything
        Files.setPosixFilePermissions(node, PosixFilePermissions.fromString("---------"));
        assertThat(checks.permission(TtyDevice.of(node.toString()))).isEmpty();
    }

    @Test
    void theDialoutGroupGetsTheUsermodFix() {
        assertThat(PortAccess.fix(new PortAccess.Denied("dialout", "0660")))
                .isEqualTo("sudo usermod -aG dialout $USER, then log out and back in (or run: newgrp dialout)");
        assertThat(PortAccess.fix(new PortAccess.Denied("root", "0600"))).contains("99-hilbridge.rules");
    }

    @Test
    void busyNamesTheProcessAndItsPid() throws Exception {
        Path node = host.usbTty("ttyUSB3", 0x10C4, 0xEA60, "0002", "CP2102", "cp210x");
        host.process(4711, "screen", node);
        host.process(4712, "bash", dir.resolve("elsewhere"));
        Optional<PortProblem> p = checks.busy(TtyDevice.of(node.toString()));
        assertThat(p).get().extracting(PortProblem::kind).isEqualTo(PortProblem.Kind.BUSY);
        assertThat(p.get().what()).contains("screen (pid 4711)").doesNotContain("bash");
        assertThat(p.get().fix()).contains("kill 4711");
    }

    @Test
    void thisProcessIsNotACompetitor() throws Exception {
        Path node = host.usbTty("ttyUSB4", 0x10C4, 0xEA60, "0003", "CP2102", "cp210x");
        host.process(1, "java", node); // pid 1 is "this process" for these checks
        assertThat(checks.busy(TtyDevice.of(node.toString()))).isEmpty();
    }

    @Test
    void modemManagerIsNamedWithItsOwnFix() throws Exception {
        Path node =
                host.usbTty("ttyACM0", 0x303A, 0x1001, "F4:12:FA:00:11:22", "USB JTAG/serial debug unit", "cdc_acm");
        host.process(812, "ModemManager", node);
        Optional<PortProblem> p = checks.busy(TtyDevice.of(node.toString()));
        assertThat(p).get().extracting(PortProblem::kind).isEqualTo(PortProblem.Kind.MODEM_MANAGER);
        assertThat(p.get().what()).contains("ModemManager (pid 812)");
        assertThat(p.get().fix()).contains("ID_MM_DEVICE_IGNORE").contains("systemctl stop ModemManager");
    }

    @Test
    void theFarEndOfAPseudoTerminalIsNotACompetitor() throws Exception {
        // socat and hilbridge-sim hold the pty's slave too; the master (ptmx with the same tty-index) marks them.
        TtyDevice pts = new TtyDevice(Path.of("/tmp/board"), Path.of("/dev/pts/7"), true);
        host.process(300, "socat", Path.of("/dev/ptmx"), Path.of("/dev/pts/7"));
        Path fdinfo = host.roots().proc().resolve("300/fdinfo");
        Files.createDirectories(fdinfo);
        Files.writeString(fdinfo.resolve("3"), "pos:\t0\nflags:\t02\ntty-index:\t7\n");
        host.process(301, "minicom", Path.of("/dev/pts/7"));
        Optional<PortProblem> p = checks.busy(pts);
        assertThat(p)
                .get()
                .extracting(PortProblem::what)
                .asString()
                .contains("minicom (pid 301)")
                .doesNotContain("socat");
    }

    @Test
    void aMissingPortIsVanishedWhenItWasThereBeforeElseNotFound() {
        TtyDevice gone = TtyDevice.of(dir.resolve("dev/ttyUSB5").toString());
        assertThat(checks.missing(gone, true))
                .get()
                .extracting(PortProblem::kind)
                .isEqualTo(PortProblem.Kind.VANISHED);
        assertThat(checks.missing(gone, false))
                .get()
                .extracting(PortProblem::kind)
                .isEqualTo(PortProblem.Kind.NOT_FOUND);
        assertThat(checks.whyOpenFailed(gone, true))
                .extracting(PortProblem::kind)
                .containsExactly(PortProblem.Kind.VANISHED);
    }
}
