package io.hilbridge.doctor;

import io.hilbridge.serial.PortProblem;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints a {@link Doctor.Result}: one table row per port (chosen ports first), then each problem with its fix.
 *
 * <p>Stateless.
 */
final class ReportPrinter {
    private static final String[] HEADER = {
        "PORT", "USB ID", "CHIP", "SERIAL", "ACCESS", "HELD BY", "LATENCY", "FIRMWARE", "VERDICT"
    };

    private ReportPrinter() {}

    static void print(Doctor.Result result, PrintWriter out) {
        List<PortReport> all = new ArrayList<>(result.chosen());
        all.addAll(result.others());
        if (all.isEmpty()) {
            out.println("No serial ports found.");
        } else {
            List<String[]> rows = new ArrayList<>();
            rows.add(HEADER);
            for (PortReport r : all) {
                rows.add(new String[] {
                    (r.probed() ? "* " : "  ") + r.device(),
                    r.usbId(),
                    r.chip(),
                    r.serialNumber(),
                    r.access(),
                    r.heldBy(),
                    r.latency(),
                    r.firmware(),
                    r.verdict()
                });
            }
            int[] width = new int[HEADER.length];
            for (String[] row : rows)
                for (int i = 0; i < row.length; i++) width[i] = Math.max(width[i], row[i].length());
            for (String[] row : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < row.length; i++) {
                    line.append(i == row.length - 1 ? row[i] : String.format("%-" + (width[i] + 2) + "s", row[i]));
                }
                out.println(line.toString().stripTrailing());
            }
            out.println("(* = checked for hilbridge firmware: named with --serial, else every ESP32 USB bridge)");
            for (PortReport r : all) {
                if (!r.byId().equals("-")) out.println(r.device() + " is also " + r.byId());
            }
        }
        List<PortProblem> problems = new ArrayList<>(result.general());
        all.forEach(r -> problems.addAll(r.problems()));
        if (!problems.isEmpty()) out.println();
        for (PortProblem p : problems) {
            out.println(p.kind() + " " + p.device() + ": " + p.what());
            out.println("    fix: " + p.fix());
        }
        out.println();
        out.println(result.exitCode() == 0 ? "Verdict: ready." : "Verdict: not ready (exit 1).");
        out.flush();
    }
}
