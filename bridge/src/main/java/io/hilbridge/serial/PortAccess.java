package io.hilbridge.serial;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Whether this process may open a device node for reading and writing, decided the way the kernel does it: the
 * node's owner, group and mode against the process's effective uid, gid and supplementary groups (from
 * {@code /proc/self/status}, so a fake tree can stand in for another user). On Linux serial ports belong to
 * {@code root:dialout} with mode 0660; the fix is to join that group.
 *
 * <p>Thread-safe (stateless).
 */
public final class PortAccess {

    /** Why this process may not open the node: the node's group, for the fix. */
    public record Denied(String group, String mode) {}

    private final HostRoots roots;

    public PortAccess(HostRoots roots) {
        this.roots = roots;
    }

    /** Empty when allowed (or when it cannot be told, e.g. no procfs); else the reason. */
    public Optional<Denied> check(TtyDevice device) {
        Credentials me = credentials();
        if (me == null || me.uid == 0) return Optional.empty();
        try {
            Path node = device.real();
            int mode = (Integer) Files.getAttribute(node, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            int uid = (Integer) Files.getAttribute(node, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            int gid = (Integer) Files.getAttribute(node, "unix:gid", LinkOption.NOFOLLOW_LINKS);
            int shift = uid == me.uid ? 6 : me.groups.contains(gid) ? 3 : 0;
            boolean readWrite = ((mode >> shift) & 6) == 6;
            if (readWrite) return Optional.empty();
            String group = Files.readAttributes(node, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .group()
                    .getName();
            return Optional.of(new Denied(group, String.format("%04o", mode & 07777)));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return Optional.empty(); // not there (another check says so) or not a POSIX file system
        }
    }

    /** The node's owner, group and mode for people, e.g. {@code root:dialout 0660}; empty when unreadable. */
    public static String ownership(TtyDevice device) {
        try {
            PosixFileAttributes a =
                    Files.readAttributes(device.real(), PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) Files.getAttribute(device.real(), "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return a.owner().getName() + ":" + a.group().getName() + String.format(" %04o", mode & 07777);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "";
        }
    }

    /** The command that fixes {@code denied}, for a person. */
    public static String fix(Denied denied) {
        String g = denied.group();
        if (g.equals("root") || g.matches("\\d+")) {
            return "install the udev rule (sudo cp packaging/udev/99-hilbridge.rules /etc/udev/rules.d/ && sudo udevadm"
                    + " control --reload && sudo udevadm trigger), then replug the board";
        }
        return "sudo usermod -aG " + g + " $USER, then log out and back in (or run: newgrp " + g + ")";
    }

    private record Credentials(int uid, Set<Integer> groups) {}

    private Credentials credentials() {
        try {
            int uid = -1;
            Set<Integer> groups = new HashSet<>();
            for (String line : Files.readAllLines(roots.proc().resolve("self/status"), StandardCharsets.UTF_8)) {
                String[] f = line.split("\\s+");
                if (f[0].equals("Uid:") && f.length > 2) uid = Integer.parseInt(f[2]); // effective uid
                if (f[0].equals("Gid:") && f.length > 2) groups.add(Integer.parseInt(f[2]));
                if (f[0].equals("Groups:")) {
                    for (int i = 1; i < f.length; i++) groups.add(Integer.parseInt(f[i]));
                }
            }
            return uid < 0 ? null : new Credentials(uid, groups);
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }
}
