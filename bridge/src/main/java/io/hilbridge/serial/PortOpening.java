package io.hilbridge.serial;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * The order in which a port is opened (docs/serial-lines.md, "Per adapter family and OS"): the lines preset before
 * the OS opens it, then, on a real port, one change to the resting levels right after, and its stale bytes dropped.
 * A pseudo-terminal has no lines to set, and what it holds is what an emulated board already said, so it gets
 * neither. Stateless.
 */
final class PortOpening {
    private PortOpening() {}

    /** Opens {@code port} under {@code policy}; false when the OS refused (the lines were only preset then). */
    static boolean open(RawPort port, LinePolicy policy, boolean pseudoTerminal) {
        policy.beforeOpen(port.lines());
        if (!port.open()) return false;
        if (pseudoTerminal) return true;
        policy.afterOpen(port.lines()); // first: the lines' state right after the OS opened the port matters
        port.flush();
        return true;
    }

    /**
     * The line policy for a device on this OS: a pseudo-terminal has no adapter (its family is unknown, whatever ids
     * it reports, and no ports are listed for it); otherwise the family of {@link #family}.
     */
    static LinePolicy policy(
            boolean pseudoTerminal, int vid, int pid, String where, Supplier<List<PortInfo>> listed, HostOs os) {
        return LinePolicy.of(pseudoTerminal ? AdapterFamily.UNKNOWN : family(vid, pid, where, listed), os);
    }

    /**
     * The adapter family of a device: from the USB ids the port itself reports, or, for a path the library did not
     * enumerate itself (a by-id symlink given with --serial), from the listed port behind the same device node.
     */
    static AdapterFamily family(int vid, int pid, String where, Supplier<List<PortInfo>> listed) {
        if (vid >= 0 && pid >= 0) return AdapterFamily.of(vid, pid);
        Path node = TtyDevice.of(where).real();
        for (PortInfo p : listed.get()) {
            if (p.vid() >= 0 && node.equals(TtyDevice.of(p.path()).real())) return AdapterFamily.of(p);
        }
        return AdapterFamily.UNKNOWN;
    }
}
