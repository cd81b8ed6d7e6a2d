package io.hilbridge.serial;

import java.nio.file.Path;

/**
 * Where this machine's kernel views are mounted: {@code /sys}, {@code /proc} and {@code /dev} on Linux. Every class
 * that reads them takes a {@code HostRoots}, so tests point them at fake trees in a temporary folder.
 *
 * <p>Immutable.
 */
public record HostRoots(Path sys, Path proc, Path dev) {

    public HostRoots {
        if (sys == null || proc == null || dev == null) throw new IllegalArgumentException("a root is null");
    }

    /** The running system's roots. */
    public static HostRoots system() {
        return new HostRoots(Path.of("/sys"), Path.of("/proc"), Path.of("/dev"));
    }

    /** {@code root/sys}, {@code root/proc}, {@code root/dev}: a fake system under one folder (tests). */
    public static HostRoots under(Path root) {
        return new HostRoots(root.resolve("sys"), root.resolve("proc"), root.resolve("dev"));
    }
}
