package io.hilbridge.serial;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A pty pair made by socat: {@code host} is what the bridge opens, {@code board} the far end a test writes to (or
 * leaves silent). Fails under CI=true when socat is missing, skips otherwise. Test helper.
 */
public final class Socat implements AutoCloseable {
    private final Process process;
    private final Path host;
    private final Path board;

    /** Call first in a test (or @BeforeEach) that needs socat. */
    public static void require() {
        boolean present = Files.isExecutable(Path.of("/usr/bin/socat")) || Files.isExecutable(Path.of("/bin/socat"));
        if (!present) {
            if ("true".equals(System.getenv("CI"))) fail("socat is required under CI=true (apt-get install socat)");
            assumeTrue(false, "skipped: install socat (apt-get install socat) to test on real ptys");
        }
    }

    public Socat(Path dir) throws IOException {
        require();
        host = dir.resolve("host");
        board = dir.resolve("board");
        Files.deleteIfExists(host);
        Files.deleteIfExists(board);
        Path log = dir.resolve("socat.log");
        process = new ProcessBuilder("socat", "-d", "-d", "pty,raw,echo=0,link=" + host, "pty,raw,echo=0,link=" + board)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        await("socat's two ptys")
                .atMost(Duration.ofSeconds(10))
                .until(() -> Files.exists(host)
                        && Files.exists(board)
                        && Files.readString(log).contains("starting data transfer loop"));
    }

    public Path host() {
        return host;
    }

    public Path board() {
        return board;
    }

    public long pid() {
        return process.pid();
    }

    /** The cable is pulled: socat ends, both ptys go away. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
}
