package io.hilbridge.serial;

/**
 * A serial port as the operating system lists it. {@code vid}/{@code pid} are the USB vendor and product ids
 * (-1 when not a USB device); {@code serialNumber} is the USB serial number, or empty when unknown.
 */
public record PortInfo(String path, String description, int vid, int pid, String serialNumber) {
    public PortInfo {
        if (path == null || path.isBlank()) throw new IllegalArgumentException("port path is empty");
        description = description == null ? "" : description;
        serialNumber = serialNumber == null ? "" : serialNumber;
    }

    /** {@code 303A:1001} style, or empty when not a USB device. */
    public String usbId() {
        return vid < 0 || pid < 0 ? "" : String.format("%04X:%04X", vid, pid);
    }

    @Override
    public String toString() {
        return path
                + (description.isEmpty() ? "" : " (" + description + ")")
                + (usbId().isEmpty() ? "" : " [" + usbId() + "]")
                + (serialNumber.isEmpty() ? "" : " serial " + serialNumber);
    }
}
