package io.hilbridge.trace;

import io.hilbridge.qemu.EmulatorTools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs tshark (Debian package {@code tshark}) with the project's dissector on a trace. Under CI=true a missing tshark
 * fails the test; elsewhere the test is skipped with one line naming the package.
 */
final class Tshark {
    static final String EXE = "tshark";
    private static final long DEADLINE_SECONDS = 60;

    private Tshark() {}

    /** Call from @BeforeAll. */
    static void require() {
        if (onPath()) return;
        String msg = "the dissector tests need tshark: apt-get install tshark";
        if ("true".equals(System.getenv("CI"))) fail("CI=true and " + msg);
        System.err.println("SKIPPED " + msg);
        assumeTrue(false, msg);
    }

    private static boolean onPath() {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, EXE))) return true;
        }
        return false;
    }

    static Path dissector() {
        return EmulatorTools.repoRoot().resolve("protocol-spec/wireshark/hilbridge.lua");
    }

    /** The {@code fields} of every packet (tshark -T fields, '|' between fields, one list per packet). */
    static List<List<String>> fields(Path trace, List<String> fields) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                EXE,
                "-n",
                "-X",
                "lua_script:" + dissector(),
                "-r",
                trace.toString(),
                "-T",
                "fields",
                "-E",
                "separator=|",
                "-E",
                "occurrence=a",
                "-E",
                "aggregator=,"));
        for (String f : fields) {
            cmd.add("-e");
            cmd.add(f);
        }
        Path err = Files.createTempFile("tshark", ".err");
        Path outFile = Files.createTempFile("tshark", ".out");
        try {
            Process p = new ProcessBuilder(cmd)
                    .redirectError(err.toFile())
                    .redirectOutput(outFile.toFile())
                    .start();
            p.getOutputStream().close();
            if (!p.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("tshark did not finish reading " + trace + " within " + DEADLINE_SECONDS + " s");
            }
            String out = Files.readString(outFile);
            String errors = Files.readString(err);
            // tshark warns when run as root; anything about Lua means the dissector did not load or failed.
            if (p.exitValue() != 0 || errors.toLowerCase(java.util.Locale.ROOT).contains("lua")) {
                fail("tshark exited " + p.exitValue() + " on " + trace + ": " + errors);
            }
            List<List<String>> rows = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (!line.isEmpty()) rows.add(List.of(line.split("\\|", -1)));
            }
            int kind = fields.indexOf("hilbridge.kind");
            if (kind >= 0 && rows.stream().anyMatch(r -> r.get(kind).isEmpty())) {
                // Some Wireshark builds refuse -X lua_script for root unless init.lua sets
                // run_user_scripts_when_superuser = true (Debian's does); then no packet has a hilbridge field.
                fail("tshark read " + trace + " without the hilbridge dissector (" + dissector() + "): as root, "
                        + "Wireshark's init.lua must set run_user_scripts_when_superuser = true, or run as a normal user. "
                        + "tshark said: " + errors);
            }
            return rows;
        } finally {
            Files.deleteIfExists(err);
            Files.deleteIfExists(outFile);
        }
    }
}
