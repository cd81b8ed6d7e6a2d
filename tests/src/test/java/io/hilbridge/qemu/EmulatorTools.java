package io.hilbridge.qemu;

import io.hilbridge.emulator.QemuBoard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Finds what the emulated-board tests need (QEMU, the RISC-V cross compiler with picolibc, the
 * firmware sources) and applies the project rule: under CI=true a missing tool fails the test,
 * elsewhere the test is skipped with one line naming what to install.
 */
public final class EmulatorTools {

    private static final long CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private static boolean built;

    private EmulatorTools() {}

    /** Builds the board image (once per JVM) and starts it; {@code link} becomes a symlink to its pty. */
    public static QemuBoard startBoard(Path link) throws IOException, InterruptedException {
        return QemuBoard.start(qemu(), image(), link, line -> {});
    }

    /** The board image, built once per JVM. */
    public static Path image() throws IOException, InterruptedException {
        Path repo = repoRoot();
        buildImageOnce(repo);
        return repo.resolve(QemuBoard.IMAGE);
    }

    private static synchronized void buildImageOnce(Path repo) throws IOException, InterruptedException {
        if (built) return;
        Process p = new ProcessBuilder(
                        "bash", repo.resolve("firmware/port/qemu-virt/build.sh").toString(), "image")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("building the qemu-virt image failed:\n" + out);
        }
        built = true;
    }

    /** The emulator: HILBRIDGE_QEMU (what {@code --serial qemu} uses), else QEMU (the scripts'), else the default. */
    public static String qemu() {
        for (String var : new String[] {"HILBRIDGE_QEMU", "QEMU"}) {
            String q = System.getenv(var);
            if (q != null && !q.isBlank()) return q;
        }
        return "qemu-system-riscv32";
    }

    /** Call from @BeforeAll: fails (CI) or skips (elsewhere) when a tool is missing. */
    public static void requireEmulator() {
        List<String> missing = new ArrayList<>();
        if (!onPath(qemu())) missing.add("qemu-system-misc");
        if (!onPath("riscv64-unknown-elf-gcc")) missing.add("gcc-riscv64-unknown-elf");
        if (!Files.exists(Path.of("/usr/lib/picolibc/riscv64-unknown-elf/picolibc.specs"))) {
            missing.add("picolibc-riscv64-unknown-elf");
        }
        if (missing.isEmpty()) return;
        String msg = "emulated-board tests need: apt-get install " + String.join(" ", missing);
        if ("true".equals(System.getenv("CI"))) fail("CI=true and " + msg);
        // Surefire does not print why a class was aborted in @BeforeAll; say it once, plainly.
        System.err.println("SKIPPED " + msg);
        assumeTrue(false, msg);
    }

    static boolean onPath(String exe) {
        if (exe.contains("/")) return Files.isExecutable(Path.of(exe));
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, exe))) return true;
        }
        return false;
    }

    /** The repository root: the nearest parent of the working directory holding protocol-spec/. */
    public static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("protocol-spec"))) p = p.getParent();
        if (p == null)
            throw new IllegalStateException(
                    "not inside the hilbridge repository: " + Path.of("").toAbsolutePath());
        return p;
    }

    /** utime + stime of a process from /proc/PID/stat (fields 14 and 15, after the parenthesised name). */
    public static Duration cpuTime(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return Duration.ofMillis(ticks * 1000 / CLOCK_TICKS_PER_SECOND);
    }
}
