package io.hilbridge.serial;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What Linux's sysfs says about one tty: its kernel driver ({@code ftdi_sio}, {@code cp210x}, {@code ch341},
 * {@code cdc_acm}, ...), the USB device it belongs to (vendor and product id, serial number, product string) and, for
 * USB-serial converters, the FTDI latency timer. Found by walking up from {@code /sys/class/tty/<tty>/device} to the
 * first folder with {@code idVendor}; the latency timer is {@code /sys/bus/usb-serial/devices/<tty>/latency_timer}.
 *
 * <p>Immutable; {@link #read} does the file reads and never throws (a missing attribute is an empty field).
 */
public record SysfsTty(
        String tty, String driver, int vid, int pid, String serialNumber, String product, Path latencyTimerFile) {

    /**
     * What sysfs knows about {@code tty} (e.g. {@code ttyUSB0}); empty when it has no entry (a pty, {@code pts/N},
     * has no device there; not Linux).
     */
    public static Optional<SysfsTty> read(HostRoots roots, String tty) {
        Path device = roots.sys().resolve("class/tty").resolve(tty).resolve("device");
        if (!Files.exists(device)) return Optional.empty();
        String driver = "";
        try {
            driver = device.resolve("driver").toRealPath().getFileName().toString();
        } catch (IOException e) {
            // no driver link: keep empty
        }
        int vid = -1, pid = -1;
        String serial = "", product = "";
        try {
            Path sys = roots.sys().toRealPath();
            for (Path p = device.toRealPath(); p != null && p.startsWith(sys); p = p.getParent()) {
                if (Files.isRegularFile(p.resolve("idVendor"))) {
                    vid = hex(attribute(p, "idVendor"));
                    pid = hex(attribute(p, "idProduct"));
                    serial = attribute(p, "serial");
                    product = attribute(p, "product");
                    break;
                }
            }
        } catch (IOException e) {
            // a dangling device link: the tty is going away
        }
        Path latency =
                roots.sys().resolve("bus/usb-serial/devices").resolve(tty).resolve("latency_timer");
        return Optional.of(
                new SysfsTty(tty, driver, vid, pid, serial, product, Files.exists(latency) ? latency : null));
    }

    /** The FTDI latency timer in milliseconds, when this tty has one. */
    public OptionalInt latencyTimerMs() {
        if (latencyTimerFile == null) return OptionalInt.empty();
        try {
            return OptionalInt.of(Integer.parseInt(Files.readString(latencyTimerFile, StandardCharsets.US_ASCII)
                    .trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** Whether the tty belongs to a USB device (both ids known). */
    public boolean usb() {
        return vid >= 0 && pid >= 0;
    }

    private static String attribute(Path dir, String name) {
        try {
            return Files.readString(dir.resolve(name), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "";
        }
    }

    private static int hex(String s) {
        try {
            return Integer.parseInt(s, 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
