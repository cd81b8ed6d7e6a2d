package io.hilbridge.mqtt;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real Mosquitto (Debian package {@code mosquitto}) for one test class: a generated config in a temp folder, a free
 * port on 127.0.0.1, no persistence (a restart loses every retained message, the hardest case for the bridge),
 * optionally a password file or TLS with a certificate generated per run ({@link TestCerts}). Its log is kept in
 * the folder and shown when it fails to start. Under CI=true a missing mosquitto fails; elsewhere the test is
 * skipped with one line naming the package.
 */
public final class MosquittoBroker implements AutoCloseable {
    static final String MOSQUITTO = "/usr/sbin/mosquitto";

    private final Path dir;
    private final int port;
    private final List<String> extraConfig;
    private Process process;

    private MosquittoBroker(Path dir, int port, List<String> extraConfig) {
        this.dir = dir;
        this.port = port;
        this.extraConfig = extraConfig;
    }

    /** Fails (CI) or skips (elsewhere) when mosquitto is not installed; call first. */
    public static void require() {
        if (Files.isExecutable(Path.of(MOSQUITTO))) return;
        String msg = "MQTT tests need a broker: apt-get install mosquitto";
        if ("true".equals(System.getenv("CI"))) fail("CI=true and " + msg);
        System.err.println("SKIPPED " + msg);
        assumeTrue(false, msg);
    }

    /** Anonymous access on a free port. */
    public static MosquittoBroker plain() throws IOException {
        return started(List.of("allow_anonymous true"), null);
    }

    /** Anonymous access on a free port, with extra configuration lines (e.g. {@code set_tcp_nodelay true}). */
    public static MosquittoBroker plain(List<String> extra) throws IOException {
        List<String> all = new ArrayList<>(List.of("allow_anonymous true"));
        all.addAll(extra);
        return started(all, null);
    }

    /** Anonymous access on {@code port} (a port a bridge already tries to reach). */
    public static MosquittoBroker onPort(int port) throws IOException {
        require();
        MosquittoBroker b =
                new MosquittoBroker(Files.createTempDirectory("mosquitto-"), port, List.of("allow_anonymous true"));
        b.start();
        return b;
    }

    /** Only {@code user} with {@code password} may connect. */
    public static MosquittoBroker withPassword(String user, String password) throws IOException {
        Path dir = Files.createTempDirectory("mosquitto-");
        Path file = dir.resolve("passwords");
        run(List.of("/usr/bin/mosquitto_passwd", "-b", "-c", file.toString(), user, password));
        return started(List.of("allow_anonymous false", "password_file " + file), dir);
    }

    /** TLS only, with the server certificate of {@code certs}. */
    public static MosquittoBroker withTls(TestCerts certs) throws IOException {
        return started(
                List.of(
                        "allow_anonymous true",
                        "cafile " + certs.ca(),
                        "certfile " + certs.serverCert(),
                        "keyfile " + certs.serverKey()),
                null);
    }

    private static MosquittoBroker started(List<String> extra, Path dir) throws IOException {
        require();
        MosquittoBroker b =
                new MosquittoBroker(dir != null ? dir : Files.createTempDirectory("mosquitto-"), freePort(), extra);
        b.start();
        return b;
    }

    public int port() {
        return port;
    }

    public String tcpUrl() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Starts the broker (again) on its port and waits until it accepts connections. */
    public synchronized void start() throws IOException {
        List<String> conf = new ArrayList<>(List.of(
                "listener " + port + " 127.0.0.1",
                "persistence false",
                "log_dest file " + dir.resolve("mosquitto.log"),
                "log_type error",
                "log_type warning",
                "log_type notice",
                "log_type information",
                // As root, mosquitto would drop to user "mosquitto", who cannot read this private temp folder.
                "user " + System.getProperty("user.name")));
        conf.addAll(extraConfig);
        Path confFile = dir.resolve("mosquitto.conf");
        Files.write(confFile, conf, StandardCharsets.UTF_8);
        process = new ProcessBuilder(MOSQUITTO, "-c", confFile.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    throw new IOException("mosquitto did not start listening on " + port + " within 10 s:\n" + log());
                }
            }
            try {
                process.waitFor(20, TimeUnit.MILLISECONDS); // paces the polling; returns early if it died
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    /** Stops the broker (SIGTERM, then SIGKILL after 5 s) and waits for it to exit. */
    public synchronized void stop() {
        if (process == null) return;
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** The broker's log so far. */
    public String log() {
        try {
            Path f = dir.resolve("mosquitto.log");
            return (Files.exists(f) ? Files.readString(f) : "") + Files.readString(dir.resolve("stdout.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        stop();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd.subList(0, 1)) + " failed:\n" + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
