package io.hilbridge.serial;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the bridge reads from a Linux host's kernel views, on a fake tree in a temporary folder (docs/serial-lines.md,
 * "When the port will not open"): who may open a node (owner, group, mode against the effective uid and groups in
 * /proc/self/status, root always), which other processes hold it (by the path given or the real node; the far end of
 * a pseudo-terminal is not a competitor, anything else is), and the USB attributes and latency timer in sysfs.
 */
class HostViewsTest {
    @TempDir
    Path dir;

    private FakeHost host;
    private Path node;
    private int fileUid;
    private int fileGid;

    @BeforeEach
    void setUp() throws Exception {
        host = new FakeHost(dir);
        node = host.usbTty("ttyUSB0", 0x10C4, 0xEA60, "0001", "CP2102", "cp210x");
        Files.setPosixFilePermissions(node, PosixFilePermissions.fromString("rw-rw----"));
        fileUid = (Integer) Files.getAttribute(node, "unix:uid");
        fileGid = (Integer) Files.getAttribute(node, "unix:gid");
    }

    private boolean mayOpen() {
        return new PortAccess(host.roots()).check(TtyDevice.of(node.toString())).isEmpty();
    }

    private void status(String text) throws Exception {
        Files.createDirectories(host.roots().proc().resolve("self"));
        Files.writeString(host.roots().proc().resolve("self/status"), text);
    }

    @Test
    void theOwnerTheGroupOrRootMayOpenAndNobodyElse() throws Exception {
        host.self(fileUid + 4242, fileGid + 4242);
        assertThat(mayOpen()).as("another user, another group").isFalse();
        if (fileUid == 0) { // root owns the temp files: give the node an ordinary owner, or root's rule answers
            Files.setAttribute(node, "unix:uid", 4242);
            fileUid = 4242;
        }
        Files.setPosixFilePermissions(node, PosixFilePermissions.fromString("rw-------"));
        host.self(fileUid, fileGid);
        assertThat(mayOpen()).as("the owner, by the owner's bits").isTrue();
        host.self(fileUid + 1, fileGid);
        assertThat(mayOpen()).as("the group has no bits now").isFalse();
        Files.setPosixFilePermissions(node, PosixFilePermissions.fromString("rw-rw----"));
        status("Uid:\t" + (fileUid + 1) + "\t" + (fileUid + 1) + "\nGid:\t" + fileGid + "\t" + fileGid + "\nGroups:\n");
        assertThat(mayOpen()).as("the primary group (Gid:)").isTrue();
        status("Uid:\t7\t7\nGid:\t8\t8\nGroups:\t9 " + fileGid + "\n");
        assertThat(mayOpen()).as("the last supplementary group").isTrue();
        host.self(0, 0);
        Files.setPosixFilePermissions(node, PosixFilePermissions.fromString("---------"));
        assertThat(mayOpen()).as("root").isTrue();
    }

    @Test
    void whenTheCredentialsCannotBeToldTheKernelDecides() throws Exception {
        Files.setPosixFilePermissions(node, PosixFilePermissions.fromString("---------"));
        assertThat(mayOpen()).as("no /proc/self/status").isTrue();
        status("Uid:\t4242\nGid:\t4242\t4242\nGroups:\n");
        assertThat(mayOpen()).as("an Uid: line without the effective uid").isTrue();
        status("Uid:\t4242\tx\n");
        assertThat(mayOpen()).as("not a number").isTrue();
        status("Uid:\t" + (fileUid + 7) + "\t" + (fileUid + 7) + "\nGid:\t" + fileGid + "\nGroups:\n");
        assertThat(mayOpen())
                .as("a Gid: line without the effective gid counts no group")
                .isFalse();
    }

    @Test
    void theDeniedReasonNamesTheNodesGroupAndModeAndTheFixFitsTheGroup() throws Exception {
        host.self(fileUid + 4242, fileGid + 4242);
        PortAccess.Denied d = new PortAccess(host.roots())
                .check(TtyDevice.of(node.toString()))
                .orElseThrow();
        String group = Files.readAttributes(node, java.nio.file.attribute.PosixFileAttributes.class)
                .group()
                .getName();
        assertThat(d).isEqualTo(new PortAccess.Denied(group, "0660"));
        String owner = Files.getOwner(node).getName();
        assertThat(PortAccess.ownership(TtyDevice.of(node.toString()))).isEqualTo(owner + ":" + group + " 0660");
        assertThat(PortAccess.ownership(TtyDevice.of(dir.resolve("none").toString())))
                .isEmpty();
        assertThat(PortAccess.fix(new PortAccess.Denied("4711", "0600"))).startsWith("install the udev rule");
        assertThat(PortAccess.fix(new PortAccess.Denied("root", "0600"))).startsWith("install the udev rule");
        assertThat(PortAccess.fix(new PortAccess.Denied("uucp", "0660"))).startsWith("sudo usermod -aG uucp $USER");
    }

    @Test
    void holdersAreFoundByTheGivenPathOrTheRealNodeSortedByPid() throws Exception {
        Path link = host.byId("usb-Silicon_Labs_CP2102_0001-if00-port0", node);
        host.process(900, "screen", link);
        host.process(12, "minicom", node);
        host.process(13, "bash", dir.resolve("elsewhere"));
        Files.createDirectories(host.roots().proc().resolve("self/fd"));
        Files.createDirectories(host.roots().proc().resolve("12ab/fd"));
        Files.createSymbolicLink(host.roots().proc().resolve("12ab/fd/3"), node);
        Path nameless = host.roots().proc().resolve("77/fd");
        Files.createDirectories(nameless);
        Files.createSymbolicLink(nameless.resolve("3"), node);

        assertThat(new PortHolders(host.roots(), 1).of(TtyDevice.of(link.toString())))
                .extracting(PortHolders.Holder::toString)
                .containsExactly("minicom (pid 12)", "? (pid 77)", "screen (pid 900)");
        assertThat(new PortHolders(host.roots(), 12).of(TtyDevice.of(node.toString())))
                .as("this process is left out; a link held by its name is not the node's name")
                .extracting(PortHolders.Holder::pid)
                .containsExactly(77L);
        assertThat(new PortHolders(HostRoots.under(dir.resolve("no-such-root")), 1).of(TtyDevice.of(node.toString())))
                .isEmpty();
    }

    @Test
    void onlyTheMasterOfTheSamePseudoTerminalIsItsFarEnd() throws Exception {
        TtyDevice pts = new TtyDevice(Path.of("/tmp/board"), Path.of("/dev/pts/7"), true);
        host.process(300, "socat", Path.of("/dev/ptmx"), Path.of("/dev/pts/7"));
        fdinfo(300, 3, 7);
        host.process(301, "other-sim", Path.of("/dev/ptmx"), Path.of("/dev/pts/7"));
        fdinfo(301, 3, 8); // the master of another pty
        host.process(302, "reader", Path.of("/dev/pts/9"), Path.of("/dev/pts/7"));
        fdinfo(302, 3, 7); // tty-index of a slave, not of a master
        assertThat(new PortHolders(host.roots(), 1).of(pts))
                .extracting(PortHolders.Holder::name)
                .containsExactly("other-sim", "reader");

        TtyDevice usb = TtyDevice.of(node.toString());
        host.process(400, "tio", Path.of("/dev/ptmx"), node);
        fdinfo(400, 3, 0);
        assertThat(new PortHolders(host.roots(), 1).of(usb))
                .as("a real port has no far end")
                .extracting(PortHolders.Holder::name)
                .containsExactly("tio");
    }

    private void fdinfo(long pid, int fd, int ttyIndex) throws Exception {
        Path d = host.roots().proc().resolve(pid + "/fdinfo");
        Files.createDirectories(d);
        Files.writeString(d.resolve(Integer.toString(fd)), "pos:\t0\nflags:\t02\ntty-index:\t" + ttyIndex + "\n");
    }

    @Test
    void sysfsAttributesThatAreMissingOrNotNumbersAreUnknown() throws Exception {
        host.latencyTimer("ttyUSB0", 16);
        assertThat(SysfsTty.read(host.roots(), "ttyUSB0").orElseThrow().latencyTimerMs())
                .hasValue(16);
        Path usb = Files.readSymbolicLink(host.roots().sys().resolve("class/tty/ttyUSB0/device"))
                .getParent()
                .getParent();
        Files.writeString(usb.resolve("idVendor"), "zz\n");
        Files.writeString(host.roots().sys().resolve("bus/usb-serial/devices/ttyUSB0/latency_timer"), "fast\n");
        SysfsTty s = SysfsTty.read(host.roots(), "ttyUSB0").orElseThrow();
        assertThat(s.vid()).isEqualTo(-1);
        assertThat(s.pid()).isEqualTo(0xEA60);
        assertThat(s.latencyTimerMs()).isEmpty();
        assertThat(s.usb()).as("no vendor id: not known as USB").isFalse();
        Files.writeString(usb.resolve("idVendor"), "0000\n");
        assertThat(SysfsTty.read(host.roots(), "ttyUSB0").orElseThrow().usb()).isTrue();
        Files.writeString(usb.resolve("idProduct"), "0000\n");
        assertThat(SysfsTty.read(host.roots(), "ttyUSB0").orElseThrow().usb()).isTrue();
        Files.writeString(usb.resolve("idProduct"), "-1\n");
        assertThat(SysfsTty.read(host.roots(), "ttyUSB0").orElseThrow().usb()).isFalse();
    }
}
