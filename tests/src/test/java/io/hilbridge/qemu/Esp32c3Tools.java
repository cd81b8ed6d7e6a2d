package io.hilbridge.qemu;

import io.hilbridge.emulator.ChildProcesses;
import io.hilbridge.emulator.Esp32c3Board;
import io.hilbridge.emulator.Esp32c3Setup;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What the emulated ESP32-C3 tests need (QEMU with the esp32c3 machine, the firmware's flash image for it, socat),
 * with the project rule: under CI=true something missing fails the test, elsewhere the test is skipped with one
 * line naming what is needed.
 */
public final class Esp32c3Tools {

    private Esp32c3Tools() {}

    /** Call from @BeforeAll: fails (CI) or skips (elsewhere) when something is missing. */
    public static void requireEsp32c3() {
        List<String> missing = new ArrayList<>();
        try {
            Esp32c3Setup.qemu(System.getenv());
            // With an emulator at hand, a missing image is built (once: the build leaves it in firmware/target).
            Esp32c3Setup.imageBuiltIfMissing(System.getenv(), EmulatorTools.repoRoot(), System.out::println);
        } catch (IOException e) {
            missing.add(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            missing.add("interrupted while building the image");
        }
        if (ChildProcesses.findExecutable("socat") == null) missing.add("socat (apt-get install socat)");
        if (missing.isEmpty()) return;
        String msg = "emulated ESP32-C3 tests need: " + String.join("; ", missing);
        if ("true".equals(System.getenv("CI"))) fail("CI=true and " + msg);
        System.err.println("SKIPPED " + msg);
        assumeTrue(false, msg);
    }

    /** Starts the emulated ESP32-C3 with what {@link #requireEsp32c3} found. */
    public static Esp32c3Board startBoard() throws IOException, InterruptedException {
        return Esp32c3Setup.start(EmulatorTools.repoRoot(), line -> {});
    }
}
