package io.hilbridge.serial;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A fake Linux host under a temporary folder: {@code sys/} laid out as the kernel does for USB serial ports,
 * {@code proc/} with processes and their open files, {@code dev/} with device nodes (plain files) and
 * {@code serial/by-id} links. Test helper for the port checks and the doctor.
 */
public final class FakeHost {
    private final Path root;
    private final HostRoots roots;

    public FakeHost(Path root) throws IOException {
        this.root = root;
        this.roots = HostRoots.under(root);
        Files.createDirectories(roots.sys());
        Files.createDirectories(roots.proc());
        Files.createDirectories(roots.dev());
    }

    public HostRoots roots() {
        return roots;
    }

    /**
     * A USB serial tty as Linux shows it: the USB device folder with idVendor/idProduct/serial/product, an interface
     * below it, the tty's device folder with its driver link, /sys/class/tty/TTY/device pointing at it, and a device
     * node dev/TTY. Returns the node.
     */
    public Path usbTty(String tty, int vid, int pid, String serial, String product, String driver) throws IOException {
        Path usb = roots.sys().resolve("devices/pci0000:00/usb1/1-" + tty.hashCode() % 7 + "-" + tty);
        Files.createDirectories(usb);
        Files.writeString(usb.resolve("idVendor"), String.format("%04x%n", vid));
        Files.writeString(usb.resolve("idProduct"), String.format("%04x%n", pid));
        Files.writeString(usb.resolve("serial"), serial + "\n");
        Files.writeString(usb.resolve("product"), product + "\n");
        Path port = usb.resolve("1-1:1.0").resolve(tty);
        Files.createDirectories(port);
        Path drv = roots.sys().resolve("bus/usb-serial/drivers").resolve(driver);
        Files.createDirectories(drv);
        Files.createSymbolicLink(port.resolve("driver"), drv);
        Path cls = roots.sys().resolve("class/tty").resolve(tty);
        Files.createDirectories(cls);
        Files.createSymbolicLink(cls.resolve("device"), port);
        Path node = roots.dev().resolve(tty);
        Files.writeString(node, "");
        return node;
    }

    /** An FTDI latency timer for {@code tty}, as ftdi_sio exposes it. */
    public Path latencyTimer(String tty, int ms) throws IOException {
        Path port =
                roots.sys().resolve("class/tty").resolve(tty).resolve("device").toRealPath();
        Files.writeString(port.resolve("latency_timer"), ms + "\n");
        Path bus = roots.sys().resolve("bus/usb-serial/devices");
        Files.createDirectories(bus);
        Files.createSymbolicLink(bus.resolve(tty), port);
        return bus.resolve(tty).resolve("latency_timer");
    }

    /** A process {@code pid} named {@code comm} with each of {@code open} as an open file (fd 3, 4, ...). */
    public void process(long pid, String comm, Path... open) throws IOException {
        Path proc = roots.proc().resolve(Long.toString(pid));
        Files.createDirectories(proc.resolve("fd"));
        Files.writeString(proc.resolve("comm"), comm + "\n");
        for (int i = 0; i < open.length; i++) {
            Files.createSymbolicLink(proc.resolve("fd").resolve(Integer.toString(3 + i)), open[i]);
        }
    }

    /** This process's credentials as /proc/self/status shows them: effective uid, and its groups. */
    public void self(int uid, int... groups) throws IOException {
        Path self = roots.proc().resolve("self");
        Files.createDirectories(self);
        StringBuilder g = new StringBuilder();
        for (int x : groups) g.append(x).append(' ');
        Files.writeString(
                self.resolve("status"),
                "Name:\tjava\nUid:\t" + uid + "\t" + uid + "\t" + uid + "\t" + uid
                        + "\nGid:\t" + groups[0] + "\t" + groups[0] + "\t" + groups[0] + "\t" + groups[0]
                        + "\nGroups:\t" + g
                        + "\n");
    }

    /** A /dev/serial/by-id link to {@code node}. */
    public Path byId(String name, Path node) throws IOException {
        Path dir = roots.dev().resolve("serial/by-id");
        Files.createDirectories(dir);
        return Files.createSymbolicLink(dir.resolve(name), node);
    }

    public Path root() {
        return root;
    }
}
