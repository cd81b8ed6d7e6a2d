package io.hilbridge.firmware;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * One running {@code hilbridge-sim} (the firmware's portable core behind a pty, built by the firmware module into
 * {@code firmware/target/host/}). Collects its stdout event lines ({@code light 0 on=1 ...}, {@code button 0},
 * {@code reboot ...}) and sends it stdin commands.
 *
 * <p>Thread-safety: stdout is read on a daemon thread into a concurrent list; the other methods are meant for the
 * test thread.
 */
final class SimProcess implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(15);

    private final Path binary;
    private final Path link;
    private final List<String> extraArgs;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private Process process;
    private Writer stdin;

    private SimProcess(Path binary, Path link, List<String> extraArgs) {
        this.binary = binary;
        this.link = link;
        this.extraArgs = extraArgs;
    }

    /**
     * The simulator binary, or a skipped test when it is missing outside CI (it is built by
     * {@code firmware/host/build-and-test.sh} when cmake, gcc and cmocka are installed). Under CI=true a missing
     * binary fails the test.
     */
    static Path binary() {
        Path root = repoRoot();
        Path bin = root.resolve("firmware/target/host/hilbridge-sim");
        if (!Files.isExecutable(bin)) {
            String why = bin + " is missing: it is built by the firmware module (mvn -pl firmware test) when the C"
                    + " toolchain is installed: apt-get install cmake gcc make pkg-config libcmocka-dev";
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(why);
            }
            Assumptions.abort(why);
        }
        return bin;
    }

    static Path repoRoot() {
        String spec = System.getProperty("hilbridge.spec.dir");
        if (spec != null) {
            return Paths.get(spec).toAbsolutePath().getParent();
        }
        String root = System.getProperty("maven.multiModuleProjectDirectory");
        if (root != null) {
            return Paths.get(root).toAbsolutePath();
        }
        return Paths.get("").toAbsolutePath().getParent();
    }

    /** Starts a simulator whose pty is reachable at {@code link} and waits for its "ready" line. */
    static SimProcess start(Path link, String... args) throws IOException {
        SimProcess sim = new SimProcess(binary(), link, List.of(args));
        sim.launch();
        return sim;
    }

    private void launch() throws IOException {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--link", link.toString()));
        cmd.addAll(extraArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        // The simulator is built with AddressSanitizer; its leak check at exit is not what these tests are about.
        pb.environment().put("ASAN_OPTIONS", "detect_leaks=0");
        lines.clear();
        process = pb.start();
        stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Process p = process;
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader r =
                            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = r.readLine()) != null; ) {
                            lines.add(line);
                        }
                    } catch (IOException e) {
                        // process gone
                    }
                },
                "hilbridge-sim-stdout");
        reader.setDaemon(true);
        reader.start();
        awaitLine(0, l -> l.startsWith("ready "));
    }

    Path link() {
        return link;
    }

    /** The number of lines so far: pass it to {@link #awaitLine} to look only at what comes after. */
    int mark() {
        return lines.size();
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    /** Waits for a line after {@code from} matching {@code p}; returns it. */
    String awaitLine(int from, Predicate<String> p) {
        String[] found = new String[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).until(() -> {
            List<String> snapshot = lines;
            for (int i = from; i < snapshot.size(); i++) {
                if (p.test(snapshot.get(i))) {
                    found[0] = snapshot.get(i);
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    /** Sends one stdin command, e.g. "button 0" or "reboot". */
    void command(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    long pid() {
        return process.pid();
    }

    /** Sends a POSIX signal (USR1 presses button 0, HUP reboots). */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                .inheritIO()
                .start();
        Assertions.assertEquals(0, kill.waitFor(), "kill -" + name);
    }

    /** Kills the simulator as an unplugged board dies: no goodbye, the link symlink stays behind dangling. */
    void killHard() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Starts the same simulator again (a new pty behind the same link path, a new boot id). */
    void restart() throws IOException {
        launch();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy(); // SIGTERM: the simulator removes its link
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
