package io.hilbridge.emulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ESP-IDF firmware image on an emulated ESP32-C3 (Espressif's {@code esp32c3} QEMU machine), its UART0 on a pty
 * behind a stable symlink ({@link #link()}) that a serial transport opens exactly like a board on USB.
 *
 * <p>How the UART reaches the pty without losing the ROM's boot text: QEMU serves UART0 on a Unix socket and holds
 * the chip in reset until a client connects ({@code server=on,wait=on}); socat connects that socket to a pty, but only
 * once someone has opened the pty ({@code wait-slave}). So the chip starts when the bridge opens the port, and every
 * byte from the ROM's first line on reaches it. When the bridge closes the port, socat ends; a new socat is started
 * at once and the link is pointed at its pty (output while nobody has the port open is lost, as on a real board).
 * QEMU's gdb stub is on a second Unix socket: {@link #reset()} and {@link #readMemory} go through it. Both sockets
 * are in a directory only this user can enter. The flash image is opened with {@code -snapshot}: QEMU's writes to
 * the emulated flash stay in a temporary overlay and the image file is never changed.
 *
 * <p>QEMU and socat are started through {@link ChildProcesses}: they end with the JVM even when it is killed.
 *
 * <p>Thread-safety: all public methods may be called from any thread; {@link #reset}, {@link #restart},
 * {@link #readMemory} and {@link #close} are serialised.
 */
public final class Esp32c3Board implements AutoCloseable {

    static final int CONSOLE_LINES = 1000;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration GDB_TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern SOCAT_PTY = Pattern.compile("PTY is (/dev/pts/\\d+)");
    private static final String QEMU_WAITING = "waiting for connection";

    /** How to run an emulator with the {@code esp32c3} machine: the executable and any arguments it needs first. */
    public record Qemu(String executable, List<String> leadingArgs) {
        public Qemu {
            leadingArgs = List.copyOf(leadingArgs);
        }
    }

    private final Qemu qemu;
    private final Path image;
    private final Path dir;
    private final Path link;
    private final String socat;
    private final ConsoleLines console;
    private volatile Process qemuProcess;
    private volatile Process socatProcess;
    private volatile String pty;
    private volatile boolean closed;

    private Esp32c3Board(Qemu qemu, Path image, Path dir, String socat, Consumer<String> consoleSink) {
        this.qemu = qemu;
        this.image = image;
        this.dir = dir;
        this.link = dir.resolve("uart0");
        this.socat = socat;
        this.console = new ConsoleLines(CONSOLE_LINES, consoleSink);
    }

    /**
     * Starts QEMU on the merged flash image {@code image} and the socat bridge to a pty. Returns once the pty exists;
     * the chip starts when the pty is first opened. Throws IOException when QEMU or socat is missing or fails.
     */
    public static Esp32c3Board start(Qemu qemu, Path image, Consumer<String> consoleSink)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(image)) throw new IOException("no ESP32-C3 flash image at " + image);
        if (ChildProcesses.findExecutable(qemu.executable()) == null) {
            throw new IOException("no QEMU at " + qemu.executable());
        }
        Path socat = ChildProcesses.findExecutable("socat");
        if (socat == null) throw new IOException("the emulated ESP32-C3 needs socat (Debian: apt-get install socat)");
        Path dir = Files.createTempDirectory(
                "hilbridge-esp32c3",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Esp32c3Board board = new Esp32c3Board(qemu, image, dir, socat.toString(), consoleSink);
        try {
            board.launch();
        } catch (IOException | InterruptedException | RuntimeException e) {
            board.closeQuietly();
            throw e;
        }
        return board;
    }

    private synchronized void launch() throws IOException, InterruptedException {
        console.clear();
        Files.deleteIfExists(dir.resolve("uart.sock"));
        Files.deleteIfExists(dir.resolve("gdb.sock"));
        List<String> cmd = new ArrayList<>();
        cmd.add(qemu.executable());
        cmd.addAll(qemu.leadingArgs());
        cmd.addAll(List.of(
                "-M",
                "esp32c3",
                "-display",
                "none",
                "-monitor",
                "none",
                "-snapshot",
                "-drive",
                "file=" + image + ",if=mtd,format=raw",
                "-chardev",
                "socket,id=uart0,path=" + dir.resolve("uart.sock") + ",server=on,wait=on",
                "-serial",
                "chardev:uart0",
                "-gdb",
                "unix:" + dir.resolve("gdb.sock") + ",server=on,wait=off"));
        Process p = ChildProcesses.start(new ProcessBuilder(cmd).redirectErrorStream(true));
        qemuProcess = p;
        CompletableFuture<Void> listening = new CompletableFuture<>();
        ConsoleLines.pump(
                p.getInputStream(),
                "esp32c3-output",
                line -> {
                    console.add(line);
                    if (line.contains(QEMU_WAITING)) listening.complete(null);
                },
                () -> listening.completeExceptionally(new IOException("QEMU exited")));
        await(listening, "QEMU did not open its UART socket");
        startSocat();
    }

    /** A socat between QEMU's UART socket and a fresh pty; the link is pointed at the pty. */
    private synchronized void startSocat() throws IOException, InterruptedException {
        Process s = ChildProcesses.start(new ProcessBuilder(
                socat,
                "-d",
                "-d",
                "PTY,rawer,wait-slave,pty-interval=0.02",
                "UNIX-CONNECT:" + dir.resolve("uart.sock")));
        socatProcess = s;
        CompletableFuture<String> ptyPath = new CompletableFuture<>();
        ConsoleLines.pump(
                s.getErrorStream(),
                "esp32c3-output",
                line -> {
                    Matcher m = SOCAT_PTY.matcher(line);
                    if (m.find()) ptyPath.complete(m.group(1));
                },
                () -> {
                    ptyPath.completeExceptionally(new IOException("socat exited"));
                    socatEnded(s);
                });
        s.getInputStream().close();
        pty = await(ptyPath, "socat named no pty");
        ConsoleLines.pointLink(link, pty);
    }

    /** The port was closed (socat ends with it): offer a new pty while the chip runs. */
    private void socatEnded(Process ended) {
        Thread t = new Thread(
                () -> {
                    synchronized (this) {
                        Process q = qemuProcess;
                        if (closed || socatProcess != ended || q == null || !q.isAlive()) return;
                        try {
                            startSocat();
                        } catch (IOException e) {
                            console.add("hilbridge: cannot reconnect the UART to a new pty: " + e.getMessage());
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                },
                "esp32c3-socat-restart");
        t.setDaemon(true);
        t.start();
    }

    private <T> T await(CompletableFuture<T> f, String what) throws IOException, InterruptedException {
        try {
            return f.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            String why = e instanceof ExecutionException ? e.getCause().getMessage() : "timed out";
            throw new IOException(what + " (" + why + "); QEMU's output: " + console(), e);
        }
    }

    /** The stable path to give a serial transport: a symlink to the current pty. */
    public Path link() {
        return link;
    }

    /** The pty behind the link right now, e.g. /dev/pts/3. */
    public String pty() {
        return pty;
    }

    /** QEMU's process id, or -1 when it is not running. */
    public long pid() {
        Process p = qemuProcess;
        return p != null && p.isAlive() ? p.pid() : -1;
    }

    /** socat's process id, or -1 when it is not running. */
    public long socatPid() {
        Process p = socatProcess;
        return p != null && p.isAlive() ? p.pid() : -1;
    }

    public boolean running() {
        return pid() != -1;
    }

    /** What QEMU printed since its last start (not the chip's UART, which goes to the pty), oldest first. */
    public List<String> console() {
        return console.snapshot();
    }

    /**
     * Resets the chip, as the EN button or an RTS pulse would: a system reset of the emulated machine through the gdb
     * stub's monitor command. The ROM boots again and prints its boot text on the open port; the firmware starts
     * with every light off and a new boot id. QEMU and the port stay as they are.
     */
    public synchronized void reset() throws IOException {
        requireRunning();
        try (GdbStubClient gdb = GdbStubClient.attach(dir.resolve("gdb.sock"), GDB_TIMEOUT)) {
            gdb.monitor("system_reset");
        }
    }

    /**
     * Reads {@code length} bytes of the chip's address space at {@code address}, e.g. a peripheral register (the
     * chip pauses for the read). Little-endian, as the chip stores words.
     */
    public synchronized byte[] readMemory(long address, int length) throws IOException {
        requireRunning();
        try (GdbStubClient gdb = GdbStubClient.attach(dir.resolve("gdb.sock"), GDB_TIMEOUT)) {
            return gdb.readMemory(address, length);
        }
    }

    /** A 32-bit register of the chip at {@code address}. */
    public int readWord(long address) throws IOException {
        byte[] b = readMemory(address, 4);
        return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
    }

    private void requireRunning() throws IOException {
        if (closed || !running()) throw new IOException("the emulated ESP32-C3 is not running");
    }

    /**
     * Power-cycles the board: QEMU (and the pty) are stopped and started again; the link then names a new pty. The
     * chip starts when the new pty is opened.
     */
    public synchronized void restart() throws IOException, InterruptedException {
        if (closed) throw new IOException("the emulated ESP32-C3 is closed");
        stopProcesses();
        launch();
    }

    private synchronized void stopProcesses() throws InterruptedException {
        Process s = socatProcess;
        socatProcess = null; // first: its end must not start a new one
        ChildProcesses.stop(qemuProcess);
        qemuProcess = null;
        ChildProcesses.stop(s);
    }

    /** Stops QEMU and socat and removes the link and the sockets. Idempotent. */
    @Override
    public synchronized void close() throws IOException, InterruptedException {
        closed = true;
        stopProcesses();
        for (String f : new String[] {"uart0", "uart0.new", "uart.sock", "gdb.sock"}) {
            Files.deleteIfExists(dir.resolve(f));
        }
        Files.deleteIfExists(dir);
    }

    /** {@link #close} for shutdown paths: never throws, keeps the interrupt. */
    public void closeQuietly() {
        try {
            close();
        } catch (IOException e) {
            // temporary files only; nothing else to undo
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
