package io.hilbridge.serial;

import com.fazecast.jSerialComm.SerialPort;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Lists serial ports and picks the one an ESP32 board is most likely on, by the USB ids of the bridges ESP32 boards
 * ship with. Thread-safe (stateless; jSerialComm's enumeration is called fresh each time).
 */
public final class SerialPorts {
    static {
        NativeLibrary.ensureAppId();
    }

    /** USB bridges of ESP32 boards: vendor id, product id (-1 = any), and a name for people. Best match first. */
    private static final int[][] KNOWN = {
        {0x303A, -1}, // Espressif native USB (ESP32-S2/S3/C3/C6 USB-Serial-JTAG)
        {0x10C4, 0xEA60}, // Silicon Labs CP210x
        {0x1A86, 0x55D4}, // WCH CH9102
        {0x1A86, 0x7523}, // WCH CH340
        {0x0403, 0x6001}, // FTDI FT232R
        {0x0403, 0x6010}, // FTDI FT2232
        {0x0403, 0x6015}, // FTDI FT231X
    };

    private SerialPorts() {}

    public static List<PortInfo> list() {
        return describe(SerialPort.getCommPorts());
    }

    /** The library's ports as {@link PortInfo}s, by path (ports without a path are left out). */
    static List<PortInfo> describe(SerialPort[] ports) {
        List<PortInfo> out = new ArrayList<>();
        for (SerialPort p : ports) {
            String path = p.getSystemPortPath();
            if (path == null || path.isBlank()) continue;
            out.add(new PortInfo(path, p.getPortDescription(), p.getVendorID(), p.getProductID(), p.getSerialNumber()));
        }
        out.sort(Comparator.comparing(PortInfo::path));
        return out;
    }

    /** The auto-detection table, best match first: {vendor id, product id or -1 for any}. */
    public static List<int[]> known() {
        return java.util.Arrays.stream(KNOWN).map(int[]::clone).toList();
    }

    /** Rank of a USB id in the table of ESP32 bridges (lower is better), or -1 when it is not one. */
    public static int esp32Rank(int vid, int pid) {
        for (int i = 0; i < KNOWN.length; i++) {
            if (KNOWN[i][0] == vid && (KNOWN[i][1] == -1 || KNOWN[i][1] == pid)) return i;
        }
        return -1;
    }

    /** The port whose USB id best matches an ESP32 board's bridge, if any. */
    public static Optional<PortInfo> findEsp32() {
        return pickEsp32(list());
    }

    /** {@link #findEsp32()} over a given list (for tests and for callers that already listed). */
    public static Optional<PortInfo> pickEsp32(List<PortInfo> ports) {
        return ports.stream()
                .filter(p -> esp32Rank(p.vid(), p.pid()) >= 0)
                .min(Comparator.comparingInt((PortInfo p) -> esp32Rank(p.vid(), p.pid()))
                        .thenComparing(PortInfo::path));
    }

    /**
     * The first port with this USB serial number (a board that re-enumerated under another path after an unplug);
     * none for a null or blank number (ports without one have an empty number, and are not the same board), and then
     * the ports are not listed.
     */
    static Optional<PortInfo> withSerialNumber(Supplier<List<PortInfo>> ports, String serialNumber) {
        if (serialNumber == null || serialNumber.isBlank()) return Optional.empty();
        return ports.get().stream()
                .filter(p -> serialNumber.equals(p.serialNumber()))
                .findFirst();
    }
}
