package io.hilbridge.emulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An emulated board: the firmware's portable core on QEMU's RISC-V virt machine (firmware/port/qemu-virt), its UART
 * on a pty behind a stable symlink ({@link #link()}), so a serial transport can be pointed at one path across
 * emulator restarts, as at a USB board that re-enumerates.
 *
 * <p>QEMU names the pty on its stdout; the board's console (a boot banner and one line per light change, written
 * through semihosting because the UART carries only frames) comes on QEMU's stderr and goes to the console
 * consumer and to {@link #console()} (the last {@value #CONSOLE_LINES} lines).
 *
 * <p>Thread-safety: {@link #restart} and {@link #close} from one thread; the accessors from any thread.
 */
public final class QemuBoard implements AutoCloseable {

    /** Where firmware/port/qemu-virt/build.sh puts the image, relative to the repository root. */
    public static final String IMAGE = "firmware/target/qemu/hilbridge-qemu.elf";

    static final String BUILD_SCRIPT = "firmware/port/qemu-virt/build.sh";
    static final int CONSOLE_LINES = 1000;
    private static final Pattern PTY = Pattern.compile("char device redirected to (/dev/pts/\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final String qemu;
    private final Path image;
    private final Path link;
    private final ConsoleLines console;
    private volatile Process process;
    private volatile boolean ownsLinkDirectory; // startFromRepository made the link's directory: close removes it
    private volatile String pty;

    private QemuBoard(String qemu, Path image, Path link, Consumer<String> consoleSink) {
        this.qemu = qemu;
        this.image = image;
        this.link = link;
        this.console = new ConsoleLines(CONSOLE_LINES, consoleSink);
    }

    /**
     * Starts {@code qemu-system-riscv32} (or {@code qemu}, a command or path) on {@code image}; {@code link} becomes
     * a symlink to the board's pty. Throws IOException when QEMU is missing, fails, or names no pty within 10 s.
     */
    public static QemuBoard start(String qemu, Path image, Path link, Consumer<String> consoleSink)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(image)) {
            throw new IOException(
                    "no emulated-board image at " + image + ": build it with firmware/port/qemu-virt/build.sh image");
        }
        QemuBoard board = new QemuBoard(qemu, image, link, consoleSink);
        board.launch();
        return board;
    }

    /**
     * What {@code --serial qemu} does: finds the hilbridge repository at or above {@code dir}, builds the board image
     * with firmware/port/qemu-virt/build.sh (needs gcc-riscv64-unknown-elf and picolibc-riscv64-unknown-elf), and
     * starts it with the pty linked from a fresh temporary directory. The image can also be named with the
     * environment variable HILBRIDGE_QEMU_IMAGE (then nothing is built); QEMU with HILBRIDGE_QEMU.
     */
    public static QemuBoard startFromRepository(Path dir, Consumer<String> consoleSink)
            throws IOException, InterruptedException {
        String qemu = System.getenv().getOrDefault("HILBRIDGE_QEMU", "qemu-system-riscv32");
        Path link = Files.createTempDirectory("hilbridge-qemu").resolve("board");
        try {
            QemuBoard board = buildAndStart(dir, qemu, link, consoleSink);
            board.ownsLinkDirectory = true;
            return board;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(link.getParent());
            throw e;
        }
    }

    private static QemuBoard buildAndStart(Path dir, String qemu, Path link, Consumer<String> consoleSink)
            throws IOException, InterruptedException {
        String given = System.getenv("HILBRIDGE_QEMU_IMAGE");
        if (given != null && !given.isBlank()) return start(qemu, Path.of(given), link, consoleSink);
        Path repo = dir.toAbsolutePath();
        while (repo != null && !Files.isRegularFile(repo.resolve(BUILD_SCRIPT))) repo = repo.getParent();
        if (repo == null) {
            throw new IOException("--serial qemu builds the emulated board from the hilbridge sources: run it inside "
                    + "the repository, or set HILBRIDGE_QEMU_IMAGE to a built " + IMAGE);
        }
        Process build = new ProcessBuilder("bash", repo.resolve(BUILD_SCRIPT).toString(), "image")
                .redirectErrorStream(true)
                .start();
        String out = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!build.waitFor(120, TimeUnit.SECONDS) || build.exitValue() != 0) {
            throw new IOException("building the emulated board failed:\n" + out.strip());
        }
        return start(qemu, repo.resolve(IMAGE), link, consoleSink);
    }

    private void launch() throws IOException, InterruptedException {
        console.clear();
        if (ChildProcesses.findExecutable(qemu) == null) {
            throw new IOException("cannot run " + qemu + ": not found (Debian: apt-get install qemu-system-misc)");
        }
        // Tied to the JVM: QEMU must not outlive a bridge that was killed.
        Process p = ChildProcesses.start(new ProcessBuilder(
                qemu,
                "-machine",
                "virt",
                "-bios",
                "none",
                "-kernel",
                image.toString(),
                "-display",
                "none",
                "-monitor",
                "none",
                "-serial",
                "pty",
                "-semihosting-config",
                "enable=on,target=native"));
        process = p;
        CompletableFuture<String> ptyPath = new CompletableFuture<>();
        ConsoleLines.pump(
                p.getInputStream(),
                "qemu-output",
                line -> {
                    Matcher m = PTY.matcher(line);
                    if (m.find()) ptyPath.complete(m.group(1));
                },
                () -> ptyPath.completeExceptionally(new IOException("QEMU exited before naming its pty")));
        ConsoleLines.pump(p.getErrorStream(), "qemu-output", console::add, () -> {});
        try {
            pty = ptyPath.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            stop();
            String why = e instanceof ExecutionException ? e.getCause().getMessage() : "QEMU named no pty in time";
            throw new IOException(why + "; its output: " + console(), e);
        }
        ConsoleLines.pointLink(link, pty);
    }

    /** The stable path to give a serial transport (a symlink to the current pty). */
    public Path link() {
        return link;
    }

    /** The pty QEMU opened this run, e.g. /dev/pts/3. */
    public String pty() {
        return pty;
    }

    /** QEMU's process id (for CPU accounting), or -1 when it is not running. */
    public long pid() {
        Process p = process;
        return p != null ? p.pid() : -1;
    }

    public boolean running() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** The board's console since its last start (boot banner, light changes), oldest first. */
    public List<String> console() {
        return console.snapshot();
    }

    /** Power-cycles the board: QEMU is killed and started again (all lights off, a new boot id). */
    public void restart() throws IOException, InterruptedException {
        stop();
        launch();
    }

    private void stop() throws InterruptedException {
        ChildProcesses.stop(process);
        process = null;
    }

    /** Stops QEMU and removes the link. Idempotent. */
    @Override
    public void close() throws IOException, InterruptedException {
        stop();
        Files.deleteIfExists(link);
        if (ownsLinkDirectory) Files.deleteIfExists(link.getParent());
    }

    /** {@link #close} for shutdown paths: never throws, keeps the interrupt. */
    public void closeQuietly() {
        try {
            close();
        } catch (IOException e) {
            // the link is in a temporary directory; nothing else to undo
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
