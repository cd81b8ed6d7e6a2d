package io.hilbridge.doctor;

import io.hilbridge.serial.PortProblem;

import java.util.List;

/**
 * What the doctor found about one port: facts for the table (each already worded for a person; "-" when it does not
 * apply) and the problems, each with its fix. OK when there is no problem.
 *
 * @param probed whether this port was asked for a HELLO (chosen with --serial, or an ESP32 USB bridge)
 */
public record PortReport(
        String device,
        String usbId,
        String chip,
        String serialNumber,
        String byId,
        String access,
        String heldBy,
        String latency,
        String firmware,
        boolean probed,
        List<PortProblem> problems) {

    public PortReport {
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    /** "OK", or the problem kinds, e.g. "NO_PERMISSION, BUSY". */
    public String verdict() {
        if (ok()) return probed ? "OK" : "OK (not probed)";
        return String.join(", ", problems.stream().map(p -> p.kind().name()).toList());
    }
}
