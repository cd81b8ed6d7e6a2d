package io.hilbridge.serial;

import java.util.List;

/**
 * Names of the USB bridge chips ESP32 boards ship with, for people (doctor, logs). The ids are those of
 * {@link SerialPorts}'s auto-detection table; a test keeps the two, and the udev rule, in step.
 *
 * <p>Immutable, thread-safe.
 */
public final class UsbBridgeChips {

    /** A chip: USB vendor id, product id (-1 = any product of the vendor), its name. */
    public record Chip(int vid, int pid, String name) {
        public boolean matches(int v, int p) {
            return vid == v && (pid == -1 || pid == p);
        }
    }

    /** Most specific first: 303A:1001 before "any Espressif product". */
    private static final List<Chip> CHIPS = List.of(
            new Chip(0x303A, 0x1001, "Espressif USB-Serial/JTAG (ESP32-C3/C6/S3 built-in USB)"),
            new Chip(0x303A, -1, "Espressif native USB (TinyUSB CDC)"),
            new Chip(0x10C4, 0xEA60, "Silicon Labs CP210x"),
            new Chip(0x1A86, 0x55D4, "WCH CH9102"),
            new Chip(0x1A86, 0x7523, "WCH CH340"),
            new Chip(0x0403, 0x6001, "FTDI FT232R"),
            new Chip(0x0403, 0x6010, "FTDI FT2232"),
            new Chip(0x0403, 0x6015, "FTDI FT231X"));

    private UsbBridgeChips() {}

    public static List<Chip> all() {
        return CHIPS;
    }

    /** The chip's name, or empty when it is not an ESP32 board's usual bridge. */
    public static String name(int vid, int pid) {
        for (Chip c : CHIPS) if (c.matches(vid, pid)) return c.name();
        return "";
    }
}
