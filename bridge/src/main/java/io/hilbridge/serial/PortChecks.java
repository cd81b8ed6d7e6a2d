package io.hilbridge.serial;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * The port checks shared by the bridge at start and by {@code hilbridge doctor}: each turns one fact about a device
 * (it is gone, this user may not open it, another process holds it, an FTDI latency timer above 1 ms) into a
 * {@link PortProblem} with its fix. One home for each rule and each message.
 *
 * <p>Thread-safe (stateless apart from the roots).
 */
public final class PortChecks {

    /** What an FTDI adapter's latency timer should be: the chip then sends what it has after at most 1 ms. */
    public static final int GOOD_LATENCY_MS = 1;

    private final HostRoots roots;
    private final PortAccess access;
    private final PortHolders holders;

    public PortChecks(HostRoots roots) {
        this(roots, new PortHolders(roots));
    }

    public PortChecks(HostRoots roots, PortHolders holders) {
        this.roots = roots;
        this.access = new PortAccess(roots);
        this.holders = holders;
    }

    public HostRoots roots() {
        return roots;
    }

    /** The device is not there. */
    public Optional<PortProblem> missing(TtyDevice device, boolean wasListed) {
        if (device.exists()) return Optional.empty();
        String d = device.given().toString();
        return Optional.of(
                wasListed
                        ? new PortProblem(
                                PortProblem.Kind.VANISHED,
                                d,
                                "the port vanished (unplugged, or the board reset"
                                        + " and came back under another name)",
                                "replug the board; name it by /dev/serial/by-id/..."
                                        + " or /dev/hilbridge-SERIAL (udev rule) so the name survives")
                        : new PortProblem(
                                PortProblem.Kind.NOT_FOUND,
                                d,
                                "no such port",
                                "check the cable and the name:" + " java -jar hilbridge.jar doctor lists the ports"));
    }

    /** This user may not open the device. */
    public Optional<PortProblem> permission(TtyDevice device) {
        // A missing node is no permission problem: PortAccess cannot read it and tells nothing (missing() says it).
        return access.check(device)
                .map(denied -> new PortProblem(
                        PortProblem.Kind.NO_PERMISSION,
                        device.given().toString(),
                        "permission denied: the port belongs to group " + denied.group() + " (mode " + denied.mode()
                                + ") and this user is not in it",
                        PortAccess.fix(denied)));
    }

    /** Other processes have the device open. ModemManager gets its own kind and fix. */
    public Optional<PortProblem> busy(TtyDevice device) {
        return busy(device, holders(device));
    }

    /** Other processes that have the device open (empty when it is not there). */
    public List<PortHolders.Holder> holders(TtyDevice device) {
        return device.exists() ? holders.of(device) : List.of();
    }

    /** {@link #busy(TtyDevice)} for holders already found. */
    public Optional<PortProblem> busy(TtyDevice device, List<PortHolders.Holder> found) {
        if (found.isEmpty()) return Optional.empty();
        String who = found.stream().map(PortHolders.Holder::toString).collect(Collectors.joining(", "));
        String d = device.given().toString();
        if (found.stream().anyMatch(PortHolders.Holder::modemManager)) {
            return Optional.of(new PortProblem(
                    PortProblem.Kind.MODEM_MANAGER,
                    d,
                    "ModemManager has the port open"
                            + " (it probes new ttyACM ports as modems and swallows the board's bytes); held by " + who,
                    "install the udev rule (it sets ID_MM_DEVICE_IGNORE for ESP32 USB bridges) and replug, or: sudo"
                            + " systemctl stop ModemManager"));
        }
        long firstPid = found.get(0).pid();
        return Optional.of(new PortProblem(
                PortProblem.Kind.BUSY,
                d,
                "the port is busy: held by " + who,
                "close that program (a serial monitor such as idf.py monitor, screen, minicom), or: kill " + firstPid));
    }

    /** An FTDI latency timer above 1 ms ({@code sysfs} empty: not an FTDI port, nothing to say). */
    public Optional<PortProblem> latency(TtyDevice device, Optional<SysfsTty> sysfs) {
        OptionalInt ms = sysfs.map(SysfsTty::latencyTimerMs).orElse(OptionalInt.empty());
        if (ms.isEmpty() || ms.getAsInt() <= GOOD_LATENCY_MS) return Optional.empty();
        return Optional.of(new PortProblem(
                PortProblem.Kind.FTDI_LATENCY,
                device.given().toString(),
                "FTDI latency timer is " + ms.getAsInt() + " ms: the adapter holds each answer up to that long, so"
                        + " at 115200 baud a set -> ack can wait up to " + ms.getAsInt() + " ms more",
                "install the udev rule (sets it to 1 ms), or: echo 1 | sudo tee "
                        + sysfs.get().latencyTimerFile()));
    }

    /**
     * Why opening failed, in order of likelihood: not there (vanished when it was open before), permission, held by
     * another process. Empty when none of these explains it.
     */
    public List<PortProblem> whyOpenFailed(TtyDevice device, boolean openedBefore) {
        List<PortProblem> out = new ArrayList<>();
        missing(device, openedBefore).ifPresent(out::add);
        permission(device).ifPresent(out::add);
        busy(device).ifPresent(out::add);
        return out;
    }
}
