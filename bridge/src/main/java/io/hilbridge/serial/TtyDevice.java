package io.hilbridge.serial;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A serial device path as the kernel names it: {@code /dev/serial/by-id/usb-...} and other symlinks resolve to the
 * real node, whose file name is the tty's name in sysfs ({@code ttyUSB0}, {@code ttyACM0}). Pseudo-terminals
 * ({@code /dev/pts/N}) have no sysfs entry.
 *
 * <p>Immutable.
 */
public record TtyDevice(Path given, Path real, boolean exists) {

    public static TtyDevice of(String path) {
        Path given = Path.of(path);
        try {
            return new TtyDevice(given, given.toRealPath(), true);
        } catch (IOException e) {
            return new TtyDevice(given, given.toAbsolutePath().normalize(), false);
        }
    }

    /** The tty's name in sysfs, e.g. {@code ttyUSB0}; for a pseudo-terminal {@code pts/3}. */
    public String ttyName() {
        return pseudoTerminal()
                ? "pts/" + real.getFileName()
                : real.getFileName().toString();
    }

    public boolean pseudoTerminal() {
        return real.getParent() != null && real.getParent().toString().equals("/dev/pts");
    }
}
