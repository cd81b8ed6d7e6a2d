package io.hilbridge.trace;

import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.Rgb;
import io.hilbridge.link.LinkConfig;
import io.hilbridge.link.LinkSession;
import io.hilbridge.sim.LoopbackTransport;
import io.hilbridge.sim.SimulatedBoard;
import io.hilbridge.trace.TraceRecord.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A real link to the simulated board, traced: the handshake, a SET and its answer, and the link's status changes. */
class LinkTraceSessionTest {

    @TempDir
    Path dir;

    @Test
    void aLinkSessionIsRecordedWithItsStatusChanges() throws Exception {
        Path file = dir.resolve("session.pcapng");
        try (LinkTrace trace = LinkTrace.start(file);
                SimulatedBoard board = SimulatedBoard.builder().baud(0).seed(7).build()) {
            try (LinkSession link = LinkSession.start(
                    "board0", trace.tap("board0", new LoopbackTransport(board)), LinkConfig.defaults())) {
                trace.watch(link);
                await().atMost(Duration.ofSeconds(10))
                        .alias("the link to come online")
                        .until(() -> link.status() == DeviceStatus.ONLINE);
                link.set(2, new LightChange(true, 128, new Rgb(0, 255, 0), null, null))
                        .get(10, TimeUnit.SECONDS);
            }
        }
        TraceReader reader = new TraceReader(Files.newInputStream(file));
        List<String> lines = new ArrayList<>();
        for (TraceRecord r = reader.next(); r != null; r = reader.next()) {
            if (r.kind() != Kind.FRAME || !TraceText.describe(r).startsWith("P"))
                lines.add(TraceText.line(r, reader.boards()));
        }
        String text = String.join("\n", lines);
        assertThat(text)
                .contains(
                        "board0 -- EVENT port-open",
                        "board0 tx HELLO_REQ",
                        "board0 rx HELLO seq=",
                        "board0 -- EVENT online",
                        "board0 -- EVENT port-closed");
        String set =
                lines.stream().filter(l -> l.contains(" tx SET ")).findFirst().orElseThrow();
        assertThat(set).contains("light=2 fields=on,brightness,color on=1 brightness=128 color=#00ff00");
        String seq = set.replaceAll(".* SET seq=(\\d+) .*", "$1");
        assertThat(text)
                .containsPattern("rx ACK_STATE seq=\\d+ ack_seq=" + seq + " state_gen=\\d+ light=2 on=1 "
                        + "brightness=128 color=#00ff00");
    }
}
