package io.hilbridge.qemu;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The emulated board: the firmware's portable core on QEMU's RISC-V virt machine
 * (firmware/port/qemu-virt), its UART exposed as a pty behind a stable symlink so the bridge can
 * be pointed at one path across emulator restarts, exactly as at a board that re-enumerates.
 *
 * <p>QEMU names the pty on its stdout; the board's console (one line per light change, through
 * semihosting) arrives on QEMU's stderr and is kept in {@link #console()} so tests can see what
 * the board itself believes it shows.
 *
 * <p>Thread-safety: start/stop/restart from one thread (the test's); {@link #console()} may be
 * read from any thread.
 */
public final class QemuBoard implements AutoCloseable {

    private static final Pattern PTY = Pattern.compile("char device redirected to (/dev/pts/\\d+)");
    private static volatile boolean built;

    private final Path elf;
    private final Path link;
    private final List<String> console = new CopyOnWriteArrayList<>();
    private Process process;
    private String pty;

    private QemuBoard(Path elf, Path link) {
        this.elf = elf;
        this.link = link;
    }

    /** Builds the board image (once per JVM) and starts it; {@code link} becomes a symlink to its pty. */
    public static QemuBoard start(Path link) throws IOException, InterruptedException, TimeoutException {
        Path repo = EmulatorTools.repoRoot();
        buildImageOnce(repo);
        QemuBoard board = new QemuBoard(repo.resolve("firmware/target/qemu/hilbridge-qemu.elf"), link);
        board.launch();
        return board;
    }

    private static synchronized void buildImageOnce(Path repo) throws IOException, InterruptedException {
        if (built) return;
        Process p = new ProcessBuilder("bash", repo.resolve("firmware/port/qemu-virt/build.sh").toString(), "image")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("building the qemu-virt image failed:\n" + out);
        }
        built = true;
    }

    private void launch() throws IOException, InterruptedException, TimeoutException {
        console.clear();
        process = new ProcessBuilder(EmulatorTools.qemu(), "-machine", "virt", "-bios", "none",
                "-kernel", elf.toString(), "-display", "none", "-monitor", "none", "-serial", "pty",
                "-semihosting-config", "enable=on,target=native")
                .start();
        CompletableFuture<String> ptyPath = new CompletableFuture<>();
        pump(process.getInputStream(), line -> {
            Matcher m = PTY.matcher(line);
            if (m.find()) ptyPath.complete(m.group(1));
        }, () -> ptyPath.completeExceptionally(new IOException("QEMU exited before naming its pty")));
        pump(process.getErrorStream(), console::add, () -> {});
        try {
            pty = ptyPath.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(e.getCause().getMessage() + "; console: " + console, e.getCause());
        }
        // Atomic replace: the bridge may be retrying an open of this path right now.
        Path tmp = link.resolveSibling(link.getFileName() + ".new");
        Files.deleteIfExists(tmp);
        Files.createSymbolicLink(tmp, Path.of(pty));
        Files.move(tmp, link, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static void pump(InputStream in, java.util.function.Consumer<String> lines, Runnable atEnd) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) lines.accept(line);
            } catch (IOException ignored) {
                // the process is gone; atEnd reports it
            }
            atEnd.run();
        }, "qemu-output");
        t.setDaemon(true);
        t.start();
    }

    /** The stable path to give the bridge (a symlink to the current pty). */
    public Path link() {
        return link;
    }

    /** The pty QEMU opened this run, e.g. /dev/pts/3. */
    public String pty() {
        return pty;
    }

    public long pid() {
        return process.pid();
    }

    /** Lines the board printed (light changes, boot banner), oldest first. */
    public List<String> console() {
        return List.copyOf(console);
    }

    /** Power-cycles the board: kills QEMU and starts it again, as a reset or re-plug would. */
    public void restart() throws IOException, InterruptedException, TimeoutException {
        stop();
        launch();
    }

    /** CPU time QEMU has used so far (user + system), from /proc/PID/stat. */
    public Duration cpuTime() throws IOException {
        return EmulatorTools.cpuTime(pid());
    }

    private void stop() throws InterruptedException {
        if (process == null) return;
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        process = null;
    }

    @Override
    public void close() throws InterruptedException, IOException {
        stop();
        Files.deleteIfExists(link);
    }
}
