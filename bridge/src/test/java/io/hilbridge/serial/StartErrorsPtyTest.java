package io.hilbridge.serial;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hilbridge.link.LinkConfig;
import io.hilbridge.link.LinkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The one-line errors at start, through the real path (LinkSession, JSerialCommTransport, a pty made by socat): a
 * board in ESP32 ROM download mode, a silent port, a port that is not there, a port that vanished.
 */
class StartErrorsPtyTest {
    private static final LinkConfig QUICK = LinkConfig.builder()
            .helloInterval(Duration.ofMillis(50))
            .maxHelloInterval(Duration.ofMillis(200))
            .helloWarnAfter(Duration.ofSeconds(1))
            .build();

    @TempDir
    Path dir;

    private Socat socat;
    private LinkSession link;
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger linkLogger = (Logger) LoggerFactory.getLogger(LinkSession.class);

    @BeforeEach
    void setUp() {
        Socat.require();
        logged.start();
        linkLogger.addAppender(logged);
    }

    @AfterEach
    void tearDown() throws Exception {
        linkLogger.detachAppender(logged);
        if (link != null) link.close();
        if (socat != null) socat.close();
    }

    private List<String> warnings() {
        return logged.list.stream()
                .filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    private String awaitWarning(String containing) {
        String[] found = new String[1];
        await("a warning containing '" + containing + "'")
                .atMost(Duration.ofSeconds(10))
                .until(() -> {
                    for (String w : warnings()) if (w.contains(containing)) return (found[0] = w) != null;
                    return false;
                });
        return found[0];
    }

    @Test
    void aBoardInRomDownloadModeIsToldAsSuch() throws Exception {
        socat = new Socat(dir);
        link = LinkSession.start("board0", new JSerialCommTransport(socat.host().toString(), 115200), QUICK);
        // Bytes written before the bridge opened the port would be flushed away by the open: wait for it.
        await("the link to open the port")
                .atMost(Duration.ofSeconds(10))
                .until(() -> logged.list.stream()
                        .anyMatch(e -> e.getFormattedMessage().contains("waiting for the board's HELLO")));
        try (OutputStream board = new FileOutputStream(socat.board().toFile())) {
            board.write(("ets Jul 29 2019 12:21:46\r\n\r\nrst:0x1 (POWERON_RESET),boot:0x3 (DOWNLOAD_BOOT(UART0/UART1"
                            + "/SDIO_REI_REO_V2))\r\nwaiting for download\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            board.flush();
            String w = awaitWarning("waiting for download");
            assertThat(w)
                    .startsWith("board0: " + socat.host() + ": the ESP32 ROM says \"waiting for download\"")
                    .contains("download mode")
                    .contains("Fix: ")
                    .doesNotContain("\n");
        }
        assertThat(warnings()).noneMatch(x -> x.contains("no HELLO"));
    }

    @Test
    void aSilentPortGetsTheLikelyCausesAfterTheWait() throws Exception {
        socat = new Socat(dir);
        link = LinkSession.start("board0", new JSerialCommTransport(socat.host().toString(), 115200), QUICK);
        String w = awaitWarning("no HELLO");
        assertThat(w)
                .contains("within 1 s")
                .contains("flash the hilbridge firmware")
                .contains("--baud")
                .contains("download mode")
                .contains("console and protocol")
                .doesNotContain("\n");
    }

    @Test
    void anotherProgramHoldingThePortIsNamedAtOpen() throws Exception {
        socat = new Socat(dir);
        // A second program with the port open (as a serial monitor would): here `sleep` reading from it.
        Process other = new ProcessBuilder("sleep", "60")
                .redirectInput(socat.host().toFile())
                .start();
        Logger adviceLogger = (Logger) LoggerFactory.getLogger(OpenAdvice.class);
        adviceLogger.addAppender(logged);
        try {
            link = LinkSession.start(
                    "board0", new JSerialCommTransport(socat.host().toString(), 115200), QUICK);
            String w = awaitWarning("busy");
            assertThat(w)
                    .isEqualTo(socat.host() + ": the port is busy: held by sleep (pid " + other.pid() + ")."
                            + " Fix: close that program (a serial monitor such as idf.py monitor, screen, minicom), or: kill "
                            + other.pid());
        } finally {
            adviceLogger.detachAppender(logged);
            other.destroy();
            other.waitFor();
        }
    }

    @Test
    void aPortThatIsNotThereSaysSoInOneLine() {
        String missing = dir.resolve("ttyUSB9").toString();
        link = LinkSession.start("board0", new JSerialCommTransport(missing, 115200), QUICK);
        String w = awaitWarning("cannot open");
        assertThat(w).contains(missing + ": no such port. Fix: ").doesNotContain("\n");
    }

    @Test
    void aPortThatVanishedAfterAnOpenIsCalledVanished() throws Exception {
        socat = new Socat(dir);
        JSerialCommTransport t = new JSerialCommTransport(socat.host().toString(), 115200);
        t.open(new SerialTransport.Listener() {
            @Override
            public void onBytes(byte[] data, int offset, int length) {}

            @Override
            public void onDisconnect(String reason) {}
        });
        t.close();
        socat.close();
        socat = null;
        assertThatThrownBy(() -> t.open(new SerialTransport.Listener() {
                    @Override
                    public void onBytes(byte[] data, int offset, int length) {}

                    @Override
                    public void onDisconnect(String reason) {}
                }))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("the port vanished")
                .hasMessageContaining("Fix: ");
    }
}
