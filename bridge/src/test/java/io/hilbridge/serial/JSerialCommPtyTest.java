package io.hilbridge.serial;

import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.ErrorCode;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.Rgb;
import io.hilbridge.link.LinkConfig;
import io.hilbridge.link.LinkSession;
import io.hilbridge.sim.SimulatedBoard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real jSerialComm path: LinkSession → JSerialCommTransport → pty ← socat → pty ← a simulated board. Killing
 * socat is the unplug. Needs socat: fails under CI=true when it is missing, skips otherwise.
 */
class JSerialCommPtyTest {
    private static final LinkConfig FAST = LinkConfig.builder()
            .heartbeatInterval(Duration.ofMillis(300))
            .helloInterval(Duration.ofMillis(50))
            .maxHelloInterval(Duration.ofMillis(200))
            .reconnectBackoff(Duration.ofMillis(50))
            .maxReconnectBackoff(Duration.ofMillis(300))
            .build();

    @TempDir
    Path dir;

    private Process socat;
    private PtyBoard far;
    private SimulatedBoard board;
    private LinkSession link;

    @BeforeEach
    void needSocat() {
        boolean present = Files.isExecutable(Path.of("/usr/bin/socat")) || Files.isExecutable(Path.of("/bin/socat"));
        if (!present) {
            if ("true".equals(System.getenv("CI"))) fail("socat is required under CI=true (apt-get install socat)");
            assumeTrue(false, "skipped: install socat (apt-get install socat) to test the real serial path on a pty");
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        if (link != null) link.close();
        if (far != null) far.close();
        if (board != null) board.close();
        if (socat != null) {
            socat.destroy();
            socat.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private void startSocat() throws Exception {
        Path a = dir.resolve("host");
        Path b = dir.resolve("board");
        Files.deleteIfExists(a);
        Files.deleteIfExists(b);
        socat = new ProcessBuilder("socat", "-d", "-d", "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("socat.log").toFile())
                .start();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Files.exists(a)
                        && Files.exists(b)
                        && Files.readString(dir.resolve("socat.log")).contains("starting data transfer loop"));
        far = new PtyBoard(board, b);
    }

    @Test
    void setAndAckOverARealPtyThenUnplugAndRecover() throws Exception {
        board = SimulatedBoard.builder().baud(0).seed(7).build();
        startSocat();
        JSerialCommTransport transport =
                new JSerialCommTransport(dir.resolve("host").toString(), 115200);
        link = LinkSession.start("pty", transport, FAST);
        await().atMost(Duration.ofSeconds(15)).until(() -> link.status() == DeviceStatus.ONLINE);
        assertThat(link.info().orElseThrow().firmwareVersion()).isEqualTo(SimulatedBoard.FIRMWARE_VERSION);
        assertThat(transport.baud())
                .as("a pty (behind a symlink) has no line rate to pace to")
                .isZero();
        assertThat(transport.boardReset())
                .as("a pty has no reset line: resets go to the firmware")
                .isEmpty();

        LightChange teal = new LightChange(true, 200, new Rgb(0, 128, 128), null, null);
        link.set(2, teal).get(10, TimeUnit.SECONDS);
        assertThat(board.lights().get(2).color()).isEqualTo(new Rgb(0, 128, 128));
        board.pressButton(0);
        await().until(() -> link.reportedStates().get(0).on());

        // Unplug: socat dies, the pty disappears under jSerialComm.
        board.faults().stall(); // keep a command in flight so that it must fail device_offline
        CompletableFuture<Void> inFlight = link.set(1, new LightChange(true, 5, null, null, null));
        socat.destroy();
        assertThat(socat.waitFor(5, TimeUnit.SECONDS)).isTrue();
        far.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> link.status() == DeviceStatus.OFFLINE);
        try {
            inFlight.get(10, TimeUnit.SECONDS);
            fail("the command in flight during the unplug succeeded");
        } catch (ExecutionException e) {
            assertThat(((CommandException) e.getCause()).code()).isEqualTo(ErrorCode.DEVICE_OFFLINE);
        }

        // Replug: a new pty pair under the same paths; the board powers up again.
        board.faults().unstall();
        board.faults().unplug();
        board.faults().replug();
        startSocat();
        await().atMost(Duration.ofSeconds(15)).until(() -> link.status() == DeviceStatus.ONLINE);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(board.lights()).isEqualTo(link.desiredStates()));
        assertThat(board.lights().get(2).color()).isEqualTo(new Rgb(0, 128, 128));
        assertThat(board.lights().get(1).brightness()).isEqualTo(5);
        link.set(3, new LightChange(true, null, null, null, null)).get(10, TimeUnit.SECONDS);
        assertThat(link.stats().reconnects()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aWriteThatNeverReturnsEndsTheConnectionThroughTheWatchdog() throws Exception {
        // A stalled device: socat is stopped (SIGSTOP), nobody drains the pty, its buffer fills and writeBytes
        // blocks for ever. The watchdog must end the connection with a clear reason instead of hanging the link.
        board = SimulatedBoard.builder().baud(0).seed(8).build();
        startSocat();
        CompletableFuture<String> disconnected = new CompletableFuture<>();
        JSerialCommTransport t = new JSerialCommTransport(dir.resolve("host").toString(), "", 115200, 300);
        t.open(new SerialTransport.Listener() {
            @Override
            public void onBytes(byte[] data, int offset, int length) {}

            @Override
            public void onDisconnect(String reason) {
                disconnected.complete(reason);
            }
        });
        signal("-STOP", socat.pid());
        try {
            byte[] chunk = new byte[16 * 1024];
            int queued = 0;
            for (int i = 0; i < 32; i++) { // 512 KiB, far more than a pty buffers
                if (t.write(chunk)) queued++;
            }
            assertThat(queued)
                    .as("writes accepted before the stall is detected")
                    .isPositive();
            String reason = disconnected.get(15, TimeUnit.SECONDS);
            assertThat(reason).contains("stalled device").contains("300 ms");
            assertThat(t.write(chunk))
                    .as("a write after the watchdog ended the connection")
                    .isFalse();
        } finally {
            signal("-CONT", socat.pid());
            t.close();
        }
    }

    private static void signal(String sig, long pid) throws Exception {
        Process kill =
                new ProcessBuilder("kill", sig, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).as("kill %s %d", sig, pid).isZero();
    }

    @Test
    void openingAMissingPortFailsClearly() {
        JSerialCommTransport t =
                new JSerialCommTransport(dir.resolve("nothing-here").toString(), 115200);
        try {
            t.open(new SerialTransport.Listener() {
                @Override
                public void onBytes(byte[] data, int offset, int length) {}

                @Override
                public void onDisconnect(String reason) {}
            });
            t.close();
            fail("opening a missing port succeeded");
        } catch (IOException e) {
            assertThat(e.getMessage()).contains("nothing-here");
        }
    }
}
