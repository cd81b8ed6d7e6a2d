package io.hilbridge.qemu;

import io.hilbridge.app.Bridge;
import io.hilbridge.cli.Main;
import io.hilbridge.emulator.ChildProcesses;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The emulator never outlives the bridge: a bridge JVM started from the command line is killed with SIGKILL (no
 * shutdown hook runs), and QEMU (and socat) must be gone within a few seconds. For both emulated boards.
 */
class EmulatorLifetimeTest {

    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration GONE = Duration.ofSeconds(10);

    @Test
    void qemuVirtEndsWhenTheBridgeIsKilled() throws Exception {
        EmulatorTools.requireEmulator();
        Map<String, String> env = Map.of(
                "HILBRIDGE_QEMU_IMAGE", EmulatorTools.image().toString(), "HILBRIDGE_QEMU", EmulatorTools.qemu());
        killBridgeAndAwaitChildren("qemu", env, List.of("qemu-system-riscv32"));
    }

    @Test
    void qemuEsp32c3AndSocatEndWhenTheBridgeIsKilled() throws Exception {
        Esp32c3Tools.requireEsp32c3();
        killBridgeAndAwaitChildren(Bridge.QEMU_ESP32C3, Map.of(), List.of("qemu-system-riscv32", "socat"));
    }

    private static void killBridgeAndAwaitChildren(String serial, Map<String, String> env, List<String> children)
            throws Exception {
        assertThat(ChildProcesses.tiedToJvm())
                .as("setpriv (util-linux) is on PATH")
                .isTrue();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "--serial",
                        serial,
                        "--http-port",
                        "0")
                .redirectErrorStream(true);
        pb.environment().putAll(env);
        Process bridge = pb.start();
        try {
            awaitListening(bridge);
            List<ProcessHandle> emulator = bridge.descendants()
                    .filter(p -> p.info()
                            .command()
                            .map(c -> children.stream().anyMatch(c::endsWith))
                            .orElse(false))
                    .toList();
            assertThat(emulator).as("the bridge's emulator processes").hasSize(children.size());

            bridge.destroyForcibly(); // SIGKILL: no shutdown hook, no close()
            assertThat(bridge.waitFor(GONE.toSeconds(), TimeUnit.SECONDS))
                    .as("the bridge JVM died")
                    .isTrue();

            for (ProcessHandle p : emulator) {
                await("process " + p.pid() + " (" + p.info().command().orElse("?") + ") ends with the bridge")
                        .atMost(GONE)
                        .until(() -> gone(p.pid()));
            }
        } finally {
            bridge.destroyForcibly();
        }
    }

    /** Reads the bridge's output until it listens, so its board (and emulator) has started. */
    private static void awaitListening(Process bridge) throws Exception {
        CompletableFuture<Void> listening = new CompletableFuture<>();
        StringBuilder out = new StringBuilder();
        Thread t = new Thread(
                () -> {
                    try (BufferedReader r = bridge.inputReader()) {
                        String line;
                        while ((line = r.readLine()) != null) {
                            synchronized (out) {
                                out.append(line).append('\n');
                            }
                            if (line.startsWith("Listening on")) listening.complete(null);
                        }
                    } catch (IOException ignored) {
                        // the bridge was killed
                    }
                    listening.complete(null);
                },
                "bridge-output");
        t.setDaemon(true);
        t.start();
        listening.get(START.toSeconds(), TimeUnit.SECONDS);
        synchronized (out) {
            assertThat(out.toString()).as("the bridge started").contains("Listening on");
        }
    }

    /** No such process, or only its zombie (an exited child whose new parent has not reaped it yet). */
    private static boolean gone(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return true;
        }
    }
}
