package io.hilbridge.serial;

/**
 * What sits between the USB cable and the ESP32, told from the USB vendor:product id; it decides what the modem
 * control lines do on the board ({@link LinePolicy}, docs/serial-lines.md). Stateless.
 */
public enum AdapterFamily {
    /** Silicon Labs CP210x USB-UART bridge (10C4:EA60 and friends): DTR/RTS drive the auto-reset circuit. */
    CP210X("Silicon Labs CP210x"),
    /** WCH CH340 / CH341 / CH9102 USB-UART bridges (1A86:*): the same circuit; some vendor drivers reorder calls. */
    CH34X("WCH CH340/CH9102"),
    /** FTDI FT232R / FT2232 / FT231X (0403:*): the same circuit. */
    FTDI("FTDI"),
    /** The chip's own USB-Serial/JTAG peripheral (303A:1001, ESP32-C3/S3/C6/H2): the lines reach reset logic inside the chip. */
    ESP_USB_SERIAL_JTAG("Espressif USB-Serial/JTAG"),
    /** Espressif USB-OTG with firmware's own CDC stack (TinyUSB; 303A with another product id): DTR means "host connected". */
    TINYUSB_CDC("Espressif USB-OTG CDC (TinyUSB)"),
    /** Not a USB device we know (a pseudo-terminal, a built-in UART, another adapter): lines left equal, never pulsed. */
    UNKNOWN("unknown adapter");

    public static final int ESPRESSIF_VID = 0x303A;
    public static final int USB_SERIAL_JTAG_PID = 0x1001;

    private final String displayName;

    AdapterFamily(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    /** The family of a USB id; {@code vid}/{@code pid} of -1 (not a USB device) give {@link #UNKNOWN}. */
    public static AdapterFamily of(int vid, int pid) {
        return switch (vid) {
            case 0x10C4 -> pid == 0xEA60 || pid == 0xEA70 || pid == 0xEA71 ? CP210X : UNKNOWN;
            case 0x1A86 -> CH34X;
            case 0x0403 -> FTDI;
            case ESPRESSIF_VID -> pid == USB_SERIAL_JTAG_PID ? ESP_USB_SERIAL_JTAG : TINYUSB_CDC;
            default -> UNKNOWN;
        };
    }

    public static AdapterFamily of(PortInfo port) {
        return of(port.vid(), port.pid());
    }
}
