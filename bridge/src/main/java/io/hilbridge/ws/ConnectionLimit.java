package io.hilbridge.ws;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.OptionalLong;

/**
 * The one rule for how many WebSocket clients may be connected at once ({@code --max-clients}). Each client holds
 * one file descriptor (its socket), so the default is what the process's descriptor limit leaves after a reserve for
 * everything else (serial ports, emulator pipes, the trace file, the jar, HTTP requests in progress), at most
 * {@link #DEFAULT_CEILING}. A limit asked for explicitly may go past the ceiling, but never past the descriptors:
 * beyond them new clients would fail in {@code accept} without any answer, so the bridge refuses to start instead.
 *
 * <p>Thread-safety: stateless; every method may be called from any thread.
 */
public final class ConnectionLimit {
    /** The default never goes past this, however many descriptors the process may open. */
    public static final int DEFAULT_CEILING = 10_000;
    /** Descriptors kept for everything that is not a WebSocket client. */
    public static final int RESERVED_DESCRIPTORS = 256;
    /** Used where the operating system reports no descriptor limit (Windows has none of this kind). */
    static final OptionalLong UNKNOWN = OptionalLong.empty();

    private ConnectionLimit() {}

    /** The default limit for this process: {@link #defaultFor} its descriptor limit. */
    public static int automatic() {
        return defaultFor(descriptorLimit());
    }

    /**
     * The default limit for a process that may open {@code descriptors} files: the descriptors minus the reserve,
     * between 1 and {@link #DEFAULT_CEILING}; the ceiling where the limit is unknown.
     */
    static int defaultFor(OptionalLong descriptors) {
        if (descriptors.isEmpty()) return DEFAULT_CEILING;
        long free = descriptors.getAsLong() - RESERVED_DESCRIPTORS;
        return (int) Math.max(1, Math.min(DEFAULT_CEILING, free));
    }

    /**
     * The limit to use: {@code requested} (0 = the default) checked against this process's descriptor limit.
     *
     * @throws IllegalArgumentException naming the rule when {@code requested} is negative or needs more descriptors
     *     than the process may open
     */
    public static int decide(int requested) {
        return decide(requested, descriptorLimit());
    }

    static int decide(int requested, OptionalLong descriptors) {
        if (requested < 0) {
            throw new IllegalArgumentException("--max-clients must be 0 (automatic) or positive, got " + requested);
        }
        if (requested == 0) return defaultFor(descriptors);
        if (descriptors.isPresent() && requested > descriptors.getAsLong() - RESERVED_DESCRIPTORS) {
            throw new IllegalArgumentException("--max-clients " + requested + " needs " + requested + " + "
                    + RESERVED_DESCRIPTORS + " file descriptors, but this process may open only "
                    + descriptors.getAsLong() + ": raise the limit (ulimit -n) or lower --max-clients");
        }
        return requested;
    }

    /** The most files this process may open, where the operating system says (Linux, macOS). */
    static OptionalLong descriptorLimit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long max = unix.getMaxFileDescriptorCount();
            if (max > 0) return OptionalLong.of(max);
        }
        return UNKNOWN;
    }
}
