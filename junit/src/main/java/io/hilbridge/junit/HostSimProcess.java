package io.hilbridge.junit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One {@code hilbridge-sim} (the firmware's portable C core behind a pty) for the {@code host-sim} board: started
 * with ROM-like boot text, its pty linked at a temporary path, stdin commands for button presses and reboots, and
 * kill/restart for an unplug.
 *
 * <p>Thread-safety: {@link #command} is synchronized; start/kill/restart/close from the test's thread.
 */
final class HostSimProcess implements AutoCloseable {
    static final Duration READY_WAIT = Duration.ofSeconds(15);
    /** Why a host-sim board is not available when {@link #findBinary} finds nothing. */
    static final String NOT_BUILT = "hilbridge-sim is not built: ./mvnw -pl firmware test builds it into "
            + "firmware/target/host/ (needs: apt-get install cmake gcc make pkg-config libcmocka-dev), "
            + "or set HILBRIDGE_SIM";

    private final Path binary;
    private final Path link;
    private final Consumer<String> lines;
    private final Duration readyWait;
    private Process process;
    private Writer stdin;

    private HostSimProcess(Path binary, Path link, Consumer<String> lines, Duration readyWait) {
        this.binary = binary;
        this.link = link;
        this.lines = lines;
        this.readyWait = readyWait;
    }

    /**
     * The simulator binary: {@code HILBRIDGE_SIM}, else {@code firmware/target/host/hilbridge-sim} of this
     * repository (built by {@code ./mvnw -pl firmware test}); null when neither exists.
     */
    static Path findBinary(Map<String, String> env) {
        return findBinary(env.get("HILBRIDGE_SIM"), RepoRoot.find());
    }

    /**
     * The rule itself: {@code given} is {@code HILBRIDGE_SIM} (null or blank: not set; set, it is the only place
     * looked at), {@code root} the repository (null: outside it).
     */
    static Path findBinary(String given, Path root) {
        if (given != null && !given.isBlank()) return Files.isExecutable(Path.of(given)) ? Path.of(given) : null;
        if (root == null) return null;
        Path bin = root.resolve("firmware/target/host/hilbridge-sim");
        return Files.isExecutable(bin) ? bin : null;
    }

    static HostSimProcess start(Path binary, Path link, Consumer<String> lines) {
        return start(binary, link, lines, READY_WAIT);
    }

    /** @param readyWait how long each start (and restart) may take to print its "ready" line */
    static HostSimProcess start(Path binary, Path link, Consumer<String> lines, Duration readyWait) {
        HostSimProcess p = new HostSimProcess(binary, link, lines, readyWait);
        p.launch();
        return p;
    }

    Path link() {
        return link;
    }

    private void launch() {
        ProcessBuilder pb = new ProcessBuilder(binary.toString(), "--link", link.toString(), "--boot-text")
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        // Built with AddressSanitizer; its leak report at exit is not about the firmware under test.
        pb.environment().put("ASAN_OPTIONS", "detect_leaks=0");
        CompletableFuture<Void> ready = new CompletableFuture<>();
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + binary + ": " + e.getMessage(), e);
        }
        stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Process p = process;
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader r =
                            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = r.readLine()) != null; ) {
                            lines.accept(line); // before start returns: its "ready" line is among the events
                            if (line.startsWith("ready ")) ready.complete(null);
                        }
                    } catch (IOException e) {
                        // the process is gone; its exit is what callers see
                    }
                    ready.completeExceptionally(new IOException(binary + " exited before it was ready"));
                },
                "hilbridge-sim-stdout");
        reader.setDaemon(true);
        reader.start();
        try {
            ready.get(readyWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            close();
            throw new IllegalStateException(binary + " printed no \"ready\" line within " + readyWait);
        } catch (Exception e) {
            close();
            throw new IllegalStateException("hilbridge-sim did not start: " + e.getMessage(), e);
        }
    }

    /** One stdin command: {@code button N}, {@code reboot}. */
    synchronized void command(String line) {
        try {
            stdin.write(line + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("hilbridge-sim is gone (command \"" + line + "\"): " + e.getMessage(), e);
        }
    }

    /**
     * Kills it the way an unplugged board dies: no goodbye (SIGKILL). It is gone once its pty closes, which is what
     * the bridge sees (the unplug waits for that).
     */
    void kill() {
        process.destroyForcibly();
    }

    /** A new simulator behind the same link path: a plugged-in board, freshly booted. */
    void restart() {
        launch();
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy(); // SIGTERM: the simulator removes its link
            awaitExit();
        }
        try {
            Files.deleteIfExists(link);
            Files.deleteIfExists(link.getParent()); // the directory RigStarter made for this link alone
        } catch (IOException e) {
            // left behind under target/: harmless
        }
    }
}
