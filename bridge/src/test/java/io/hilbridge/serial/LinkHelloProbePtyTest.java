package io.hilbridge.serial;

import io.hilbridge.doctor.HelloProbe;
import io.hilbridge.doctor.LinkHelloProbe;
import io.hilbridge.sim.SimulatedBoard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The doctor's HELLO probe over real ptys (socat): a simulated board answers; a silent port does not; a board that
 * answers with the ESP32 ROM's download-mode text is recognised as in download mode. Lives in this package for
 * {@link PtyBoard}.
 */
class LinkHelloProbePtyTest {
    @TempDir
    Path dir;

    private Socat socat;
    private PtyBoard far;
    private SimulatedBoard board;

    @AfterEach
    void tearDown() throws Exception {
        if (far != null) far.close();
        if (board != null) board.close();
        if (socat != null) socat.close();
    }

    private static HelloProbe probe() {
        return new LinkHelloProbe();
    }

    @Test
    void aBoardThatAnswersGivesItsHello() throws Exception {
        socat = new Socat(dir);
        board = SimulatedBoard.builder().baud(0).seed(3).build();
        far = new PtyBoard(board, socat.board());
        HelloProbe.Answer a = probe().probe(socat.host().toString(), 115200, Duration.ofSeconds(5), false);
        assertThat(a.hello()).get().extracting(h -> h.firmwareVersion()).isEqualTo(SimulatedBoard.FIRMWARE_VERSION);
        assertThat(a.problem()).isEmpty();
    }

    @Test
    void aSilentPortIsNoHello() throws Exception {
        socat = new Socat(dir);
        HelloProbe.Answer a = probe().probe(socat.host().toString(), 115200, Duration.ofSeconds(1), false);
        assertThat(a.hello()).isEmpty();
        assertThat(a.problem()).get().extracting(PortProblem::kind).isEqualTo(PortProblem.Kind.NO_HELLO);
    }

    @Test
    void romDownloadTextIsDownloadMode() throws Exception {
        socat = new Socat(dir);
        // The far end answers the first bytes it gets (the probe's HELLO_REQ, sent after the open flushed the
        // port) with the ROM's download-mode banner, as a chip held in download mode prints after a reset.
        CompletableFuture<Void> answered = CompletableFuture.runAsync(() -> {
            try (InputStream in = new FileInputStream(socat.board().toFile());
                    OutputStream out = new FileOutputStream(socat.board().toFile())) {
                if (in.read() < 0) return;
                out.write(("rst:0x1 (POWERON_RESET),boot:0x3 (DOWNLOAD_BOOT(UART0/UART1/SDIO_REI_REO_V2))\r\n"
                                + "waiting for download\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        HelloProbe.Answer a = probe().probe(socat.host().toString(), 115200, Duration.ofSeconds(2), false);
        answered.get(5, TimeUnit.SECONDS);
        assertThat(a.problem()).get().extracting(PortProblem::kind).isEqualTo(PortProblem.Kind.DOWNLOAD_MODE);
    }

    @Test
    void resetOnAPtyAsksTheFirmwareToRestart() throws Exception {
        socat = new Socat(dir);
        board = SimulatedBoard.builder().baud(0).seed(4).build();
        far = new PtyBoard(board, socat.board());
        long before = board.bootId();
        // A pty has no lines: the link's reset-on-open sends REBOOT_REQ, and the board restarts with a new boot id.
        HelloProbe.Answer a = probe().probe(socat.host().toString(), 115200, Duration.ofSeconds(5), true);
        assertThat(a.note()).isEqualTo("reset when the port opened");
        assertThat(board.rebootsRequested()).as("REBOOT_REQ reached the board").isEqualTo(1);
        assertThat(a.hello()).get().extracting(h -> h.bootId()).isNotEqualTo(before);
    }
}
