package io.hilbridge.emulator;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Starts the emulator's helper processes (QEMU, socat) so that they die with the JVM, also when the JVM is killed
 * with SIGKILL and no shutdown hook runs: each is started through util-linux {@code setpriv --pdeathsig KILL}, which
 * asks the kernel to send SIGKILL to the child when its parent goes away.
 *
 * <p>Linux delivers that signal when the parent <em>thread</em> that created the child ends, not the parent process.
 * So every child is started from one daemon thread that lives as long as the JVM; a child started from a request
 * thread or a test thread would be killed when that thread finishes.
 *
 * <p>Where {@code setpriv} is missing (not Linux, or no util-linux), children start without the tie and
 * {@link #tiedToJvm()} says so; a normal stop still ends them.
 *
 * <p>Thread-safety: {@link #start} may be called from any thread.
 */
public final class ChildProcesses {

    private static final String SETPRIV = findSetpriv();
    /** The one parent thread (see class comment). A task's exception stays in its Future: the thread never ends. */
    private static final ExecutorService PARENT = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hilbridge-child-process-parent");
        t.setDaemon(true);
        return t;
    });

    private ChildProcesses() {}

    /** Starts {@code builder}'s command, tied to the JVM's life when possible. */
    public static Process start(ProcessBuilder builder) throws IOException {
        List<String> command = new ArrayList<>(builder.command());
        if (SETPRIV != null) {
            command.addAll(0, List.of(SETPRIV, "--pdeathsig", "KILL", "--"));
        }
        ProcessBuilder tied = new ProcessBuilder(command)
                .directory(builder.directory())
                .redirectInput(builder.redirectInput())
                .redirectOutput(builder.redirectOutput())
                .redirectError(builder.redirectError())
                .redirectErrorStream(builder.redirectErrorStream());
        tied.environment().clear();
        tied.environment().putAll(builder.environment());
        try {
            return PARENT.submit(tied::start).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting " + command.get(0), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw new IOException("cannot start " + command.get(0) + ": " + e.getCause(), e.getCause());
        }
    }

    /**
     * Ends a child started here: SIGTERM first (QEMU and socat flush and remove their sockets), SIGKILL when it has
     * not ended within 5 s, then at most 5 s more for the kernel to reap it. Null is ignored.
     */
    public static void stop(Process p) throws InterruptedException {
        if (p == null) return;
        p.destroy();
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** True when children die with the JVM even on SIGKILL (setpriv was found). */
    public static boolean tiedToJvm() {
        return SETPRIV != null;
    }

    /**
     * The executable {@code command} names: itself when it contains a '/', else the first match on PATH; null when
     * there is none. Checked before starting, because through setpriv a missing program is only an exit status.
     */
    public static Path findExecutable(String command) {
        if (command.contains("/")) return Files.isExecutable(Path.of(command)) ? Path.of(command) : null;
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, command);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    private static String findSetpriv() {
        Path p = findExecutable("setpriv");
        return p == null ? null : p.toString();
    }
}
