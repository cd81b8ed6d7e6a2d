package io.hilbridge.serial;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which other processes have a device open, from Linux's {@code /proc/<pid>/fd/*} symlinks (what {@code fuser} and
 * {@code lsof} read). Processes of other users are invisible to a normal user (their fd folders are unreadable), so
 * an empty answer proves nothing for them; root sees all. The far end of a pseudo-terminal (socat, hilbridge-sim)
 * holds its pty's slave side open too, to keep it from hanging up; it is the "board", not a competitor, and is left
 * out: a process that holds the pty's master ({@code /dev/ptmx} with the same {@code tty-index} in
 * {@code /proc/<pid>/fdinfo}).
 *
 * <p>Thread-safe (stateless); each call scans afresh.
 */
public final class PortHolders {

    /** A process holding the device. */
    public record Holder(long pid, String name) {
        /** ModemManager probes every new ttyACM port with AT commands, a known cause of lost bytes. */
        public boolean modemManager() {
            return name.equals("ModemManager");
        }

        @Override
        public String toString() {
            return name + " (pid " + pid + ")";
        }
    }

    private final HostRoots roots;
    private final long ownPid;

    public PortHolders(HostRoots roots) {
        this(roots, ProcessHandle.current().pid());
    }

    /** @param ownPid this process, left out of the answer (the bridge itself may hold the port) */
    public PortHolders(HostRoots roots, long ownPid) {
        this.roots = roots;
        this.ownPid = ownPid;
    }

    /** Processes other than this one whose open files include {@code device} (by its real path). */
    public List<Holder> of(TtyDevice device) {
        List<Holder> out = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(
                roots.proc(), p -> isPid(p.getFileName().toString()))) {
            for (Path proc : procs) {
                long pid = Long.parseLong(proc.getFileName().toString());
                if (pid != ownPid && holds(proc.resolve("fd"), device) && !farEnd(proc, device)) {
                    out.add(new Holder(pid, name(proc)));
                }
            }
        } catch (IOException e) {
            // no /proc, or unreadable: nothing known
        }
        out.sort(java.util.Comparator.comparingLong(Holder::pid));
        return out;
    }

    private static boolean holds(Path fdDir, TtyDevice device) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir)) {
            for (Path fd : fds) {
                try {
                    Path target = Files.readSymbolicLink(fd);
                    if (target.equals(device.real()) || target.equals(device.given())) return true;
                } catch (IOException | UnsupportedOperationException e) {
                    // the fd closed meanwhile, or is not a link
                }
            }
        } catch (IOException e) {
            // another user's process (permission denied) or gone
        }
        return false;
    }

    /** Whether {@code proc} holds the master side of the pseudo-terminal {@code device}. */
    private static boolean farEnd(Path proc, TtyDevice device) {
        if (!device.pseudoTerminal()) return false;
        String index = device.real().getFileName().toString();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
            for (Path fd : fds) {
                try {
                    if (!Files.readSymbolicLink(fd).getFileName().toString().equals("ptmx")) continue;
                    for (String line : Files.readAllLines(proc.resolve("fdinfo").resolve(fd.getFileName()))) {
                        if (line.matches("tty-index:\\s*" + index)) return true;
                    }
                } catch (IOException | UnsupportedOperationException e) {
                    // closed meanwhile
                }
            }
        } catch (IOException e) {
            // unreadable
        }
        return false;
    }

    private static String name(Path proc) {
        try {
            return Files.readString(proc.resolve("comm"), StandardCharsets.UTF_8)
                    .trim();
        } catch (IOException e) {
            return "?";
        }
    }

    private static boolean isPid(String s) {
        for (int i = 0; i < s.length(); i++) if (!Character.isDigit(s.charAt(i))) return false;
        return true;
    }
}
