package io.hilbridge.emulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What {@code --serial qemu-esp32c3} needs, found from the environment: an emulator with Espressif's {@code esp32c3}
 * machine and the firmware's flash image for it.
 * <ul>
 *   <li>QEMU: {@code HILBRIDGE_ESP32C3_QEMU} (a {@code qemu-system-riscv32} with the esp32c3 machine, e.g. the one
 *       ESP-IDF installs), else the hilbridge toolchain kit named by {@code HILBRIDGE_ESP_KIT}.</li>
 *   <li>Image: {@code HILBRIDGE_ESP32C3_IMAGE} (a merged flash image), else {@value #IMAGE} in the repository, which
 *       the firmware build ({@value #BUILD_SCRIPT}, variant {@code qemu}) writes; when it is missing, that build is
 *       run (it needs the kit or a user's ESP-IDF, and takes minutes the first time).</li>
 * </ul>
 *
 * <p>Thread-safety: stateless.
 */
public final class Esp32c3Setup {

    /** Where the firmware build puts the emulator variant's merged flash image, relative to the repository root. */
    public static final String IMAGE = "firmware/target/idf/qemu/esp32c3/merged-flash.bin";

    static final String BUILD_SCRIPT = "tools/firmware-idf/build.sh";

    private Esp32c3Setup() {}

    /** Finds QEMU and the image (see class comment) and starts the board. */
    public static Esp32c3Board start(Path dir, Consumer<String> consoleSink) throws IOException, InterruptedException {
        return start(System.getenv(), dir, consoleSink);
    }

    static Esp32c3Board start(Map<String, String> env, Path dir, Consumer<String> consoleSink)
            throws IOException, InterruptedException {
        return Esp32c3Board.start(qemu(env), imageBuiltIfMissing(env, dir, consoleSink), consoleSink);
    }

    /** The emulator to run (see class comment); IOException naming what to set when there is none. */
    public static Esp32c3Board.Qemu qemu(Map<String, String> env) throws IOException {
        String given = env.get("HILBRIDGE_ESP32C3_QEMU");
        if (given != null && !given.isBlank()) return new Esp32c3Board.Qemu(given, List.of());
        String kit = env.get("HILBRIDGE_ESP_KIT");
        if (kit != null && !kit.isBlank()) {
            Path q = Path.of(kit, "qemu", "bin", "qemu-system-riscv32");
            if (!Files.isExecutable(q)) throw new IOException("HILBRIDGE_ESP_KIT=" + kit + " has no " + q);
            // The kit keeps the chip's ROM beside its QEMU, not where QEMU looks by default.
            return new Esp32c3Board.Qemu(
                    q.toString(), List.of("-L", Path.of(kit, "qemu", "share").toString()));
        }
        throw new IOException(
                "the emulated ESP32-C3 needs QEMU with Espressif's esp32c3 machine: set "
                        + "HILBRIDGE_ESP32C3_QEMU to its qemu-system-riscv32 (or HILBRIDGE_ESP_KIT to the hilbridge toolchain kit)");
    }

    /** {@link #image}, after running the firmware build when the repository's image is missing. */
    public static Path imageBuiltIfMissing(Map<String, String> env, Path dir, Consumer<String> out)
            throws IOException, InterruptedException {
        try {
            return image(env, dir);
        } catch (IOException missing) {
            Path repo = repository(dir);
            if (given(env) || repo == null || !Files.isRegularFile(repo.resolve(BUILD_SCRIPT))) throw missing;
            out.accept("building the ESP32-C3 firmware image for the emulator (" + BUILD_SCRIPT + ", variant qemu)");
            ProcessBuilder pb =
                    new ProcessBuilder("bash", repo.resolve(BUILD_SCRIPT).toString()).redirectErrorStream(true);
            pb.environment().put("HB_IDF_VARIANTS", "qemu");
            Process build = ChildProcesses.start(pb);
            try (var lines = build.inputReader().lines()) {
                lines.forEach(out);
            }
            if (build.waitFor() != 0) {
                throw new IOException("building the ESP32-C3 firmware image failed (" + BUILD_SCRIPT + ")");
            }
            return image(env, dir);
        }
    }

    private static boolean given(Map<String, String> env) {
        String g = env.get("HILBRIDGE_ESP32C3_IMAGE");
        return g != null && !g.isBlank();
    }

    private static Path repository(Path dir) {
        Path repo = dir.toAbsolutePath();
        while (repo != null && !Files.isDirectory(repo.resolve("firmware"))) repo = repo.getParent();
        return repo;
    }

    /** The flash image to boot (see class comment); IOException naming how to make it when there is none. */
    public static Path image(Map<String, String> env, Path dir) throws IOException {
        String given = env.get("HILBRIDGE_ESP32C3_IMAGE");
        if (given != null && !given.isBlank()) {
            Path p = Path.of(given);
            if (!Files.isRegularFile(p)) throw new IOException("HILBRIDGE_ESP32C3_IMAGE=" + given + ": no such file");
            return p;
        }
        Path repo = repository(dir);
        Path image = repo == null ? null : repo.resolve(IMAGE);
        if (image == null || !Files.isRegularFile(image)) {
            throw new IOException("no ESP32-C3 firmware image for the emulator at " + IMAGE + ": build it with "
                    + "HB_IDF_VARIANTS=qemu " + BUILD_SCRIPT + " (needs HILBRIDGE_ESP_KIT or ESP-IDF v5.5), or set "
                    + "HILBRIDGE_ESP32C3_IMAGE to a merged flash image");
        }
        return image;
    }
}
