package io.hilbridge.doctor;

import io.hilbridge.serial.HostRoots;
import io.hilbridge.serial.PortAccess;
import io.hilbridge.serial.PortChecks;
import io.hilbridge.serial.PortHolders;
import io.hilbridge.serial.PortInfo;
import io.hilbridge.serial.PortProblem;
import io.hilbridge.serial.SerialPorts;
import io.hilbridge.serial.SysfsTty;
import io.hilbridge.serial.TtyDevice;
import io.hilbridge.serial.UsbBridgeChips;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@code hilbridge doctor}'s examination. Every listed serial port, plus every port named with {@code --serial}, gets
 * a {@link PortReport}: identity (sysfs over jSerialComm's listing), by-id name, access, holders, FTDI latency timer.
 * The <em>chosen</em> ports are also asked for a HELLO: those named with {@code --serial}, or, when none is named,
 * every port with an ESP32 board's USB id (what {@code --serial auto} would pick from). Ports with a problem that
 * makes opening pointless or harmful (gone, no permission, held by another program) are not probed.
 *
 * <p>The exit rule ({@link Result#exitCode()}): 0 when every chosen port is OK; 1 when a chosen port has a problem,
 * or when nothing was named and no ESP32 USB bridge is attached (a {@link PortProblem.Kind#NOT_FOUND}).
 *
 * <p>Not thread-safe: one examination at a time.
 */
public final class Doctor {

    /** The examination's outcome: a report per port, the chosen ones first, and problems not tied to a listed port. */
    public record Result(List<PortReport> chosen, List<PortReport> others, List<PortProblem> general) {
        public int exitCode() {
            return general.isEmpty() && chosen.stream().allMatch(PortReport::ok) ? 0 : 1;
        }
    }

    private final HostRoots roots;
    private final PortChecks checks;
    private final Supplier<List<PortInfo>> lister;
    private final HelloProbe probe;

    public Doctor(HostRoots roots, PortHolders holders, Supplier<List<PortInfo>> lister, HelloProbe probe) {
        this.roots = roots;
        this.checks = new PortChecks(roots, holders);
        this.lister = lister;
        this.probe = probe;
    }

    /** This machine: real roots, jSerialComm's listing, the link's probe. */
    public static Doctor system() {
        HostRoots roots = HostRoots.system();
        return new Doctor(roots, new PortHolders(roots), SerialPorts::list, new LinkHelloProbe());
    }

    public Result examine(List<String> named, int baud, Duration timeout, boolean reset) {
        Map<String, PortInfo> listed = new LinkedHashMap<>();
        for (PortInfo p : lister.get()) listed.put(p.path(), p);
        List<String> chosen = new ArrayList<>(named);
        List<PortProblem> general = new ArrayList<>();
        if (chosen.isEmpty()) {
            listed.values().stream()
                    .filter(p -> SerialPorts.esp32Rank(p.vid(), p.pid()) >= 0)
                    .map(PortInfo::path)
                    .forEach(chosen::add);
            if (chosen.isEmpty()) {
                general.add(new PortProblem(
                        PortProblem.Kind.NOT_FOUND,
                        "(any)",
                        "no port with an ESP32 board's USB" + " bridge is attached",
                        "plug the board in with a data cable (some cables carry only power);"
                                + " or name a port: hilbridge doctor --serial PATH"));
            }
        }
        List<PortReport> chosenReports = new ArrayList<>();
        for (String d : chosen) {
            chosenReports.add(report(d, Optional.ofNullable(listed.get(d)), true, baud, timeout, reset));
        }
        List<PortReport> others = new ArrayList<>();
        for (PortInfo p : listed.values()) {
            if (!chosen.contains(p.path())) others.add(report(p.path(), Optional.of(p), false, baud, timeout, reset));
        }
        return new Result(chosenReports, others, general);
    }

    private PortReport report(
            String device, Optional<PortInfo> listing, boolean chosen, int baud, Duration timeout, boolean reset) {
        TtyDevice tty = TtyDevice.of(device);
        Optional<SysfsTty> sysfs = SysfsTty.read(roots, tty.ttyName());
        List<PortProblem> problems = new ArrayList<>();
        checks.missing(tty, listing.isPresent()).ifPresent(problems::add);
        Optional<PortProblem> denied = checks.permission(tty);
        denied.ifPresent(problems::add);
        List<PortHolders.Holder> holders = checks.holders(tty);
        checks.busy(tty, holders).ifPresent(problems::add);
        checks.latency(tty, sysfs).ifPresent(problems::add);

        int vid = sysfs.filter(SysfsTty::usb)
                .map(SysfsTty::vid)
                .orElse(listing.map(PortInfo::vid).orElse(-1));
        int pid = sysfs.filter(SysfsTty::usb)
                .map(SysfsTty::pid)
                .orElse(listing.map(PortInfo::pid).orElse(-1));
        String usbId = vid < 0 ? "-" : String.format("%04X:%04X", vid, pid);
        String chip = vid < 0 ? (tty.pseudoTerminal() ? "pseudo-terminal" : "not USB") : UsbBridgeChips.name(vid, pid);
        if (chip.isEmpty())
            chip = sysfs.map(SysfsTty::product).filter(s -> !s.isEmpty()).orElse("unknown USB device");
        String driver = sysfs.map(SysfsTty::driver).filter(s -> !s.isEmpty()).orElse("");
        if (!driver.isEmpty()) chip += ", driver " + driver;
        // jSerialComm says "Unknown" where there is no serial number.
        String serial = sysfs.map(SysfsTty::serialNumber)
                .filter(s -> !s.isEmpty())
                .orElse(listing.map(PortInfo::serialNumber)
                        .filter(s -> !s.isBlank() && !s.equals("Unknown"))
                        .orElse("-"));

        String owner = PortAccess.ownership(tty);
        String access = !tty.exists()
                ? "-"
                : (denied.isPresent() ? "DENIED" : "ok") + (owner.isEmpty() ? "" : " (" + owner + ")");
        String heldBy = !tty.exists()
                ? "-"
                : holders.isEmpty()
                        ? "nobody"
                        : holders.stream().map(PortHolders.Holder::toString).collect(Collectors.joining(", "));
        OptionalInt latencyMs = sysfs.map(SysfsTty::latencyTimerMs).orElse(OptionalInt.empty());
        String latency = latencyMs.isPresent() ? latencyMs.getAsInt() + " ms" : "-";

        String firmware;
        if (!chosen) {
            firmware = "not asked";
        } else if (!problems.isEmpty() && problems.stream().anyMatch(p -> p.kind() != PortProblem.Kind.FTDI_LATENCY)) {
            firmware = "not asked (fix the above first)";
        } else {
            HelloProbe.Answer answer = probe.probe(device, baud, timeout, reset);
            answer.problem().ifPresent(problems::add);
            firmware = answer.hello()
                    .map(h -> "HELLO: firmware " + h.firmwareVersion() + ", protocol " + h.protocolVersion() + ", "
                            + h.lights().size() + " lights")
                    .orElse(answer.problem()
                            .map(p -> p.kind() == PortProblem.Kind.DOWNLOAD_MODE
                                    ? "download mode"
                                    : "no HELLO in " + timeout.toSeconds() + " s")
                            .orElse(answer.note()));
            if (!answer.note().isEmpty() && answer.hello().isPresent()) firmware += " (" + answer.note() + ")";
            if (answer.hello().isEmpty() && answer.problem().isEmpty()) {
                problems.add(new PortProblem(
                        PortProblem.Kind.NO_HELLO,
                        device,
                        "could not ask: " + answer.note(),
                        "run the bridge with HILBRIDGE_LOG_LEVEL=DEBUG to see why the port does not open"));
            }
        }
        return new PortReport(
                device, usbId, chip, serial, byId(tty), access, heldBy, latency, firmware, chosen, problems);
    }

    /** The {@code /dev/serial/by-id} name of the device, or "-". */
    private String byId(TtyDevice tty) {
        Path dir = roots.dev().resolve("serial/by-id");
        if (!tty.exists() || !Files.isDirectory(dir)) return "-";
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> links = Files.newDirectoryStream(dir)) {
            for (Path link : links) {
                try {
                    if (link.toRealPath().equals(tty.real())) names.add(link.toString());
                } catch (IOException e) {
                    // dangling: a board that left
                }
            }
        } catch (IOException e) {
            return "-";
        }
        return names.isEmpty() ? "-" : names.stream().sorted().collect(Collectors.joining(" "));
    }
}
