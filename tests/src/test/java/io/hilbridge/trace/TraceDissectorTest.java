package io.hilbridge.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hilbridge.app.Bridge;
import io.hilbridge.app.BridgeConfig;
import io.hilbridge.cli.Main;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.qemu.EmulatorTools;
import io.hilbridge.serial.SerialTransport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The trace of a real session (the bridge with {@code --trace}'s {@link LinkTrace}, the simulated board, REST
 * changes) decodes in tshark with protocol-spec/wireshark/hilbridge.lua to the expected fields, and
 * {@code hilbridge trace} prints the same frames; every golden message vector decodes to its type and seq with a good
 * CRC, and the stream vectors' decode errors and malformed frames show as such.
 */
class TraceDissectorTest {
    private static final List<String> FIELDS = List.of(
            "frame.interface_name",
            "hilbridge.kind",
            "hilbridge.dir",
            "hilbridge.type",
            "hilbridge.seq",
            "hilbridge.light",
            "hilbridge.cause",
            "hilbridge.on",
            "hilbridge.brightness",
            "hilbridge.color",
            "hilbridge.ack_seq",
            "hilbridge.state_gen",
            "hilbridge.crc.status",
            "hilbridge.event",
            "hilbridge.error_reason",
            "_ws.expert.message");
    private static final int IFACE = 0,
            KIND = 1,
            DIR = 2,
            TYPE = 3,
            SEQ = 4,
            LIGHT = 5,
            CAUSE = 6,
            ON = 7,
            BRIGHTNESS = 8,
            COLOR = 9,
            ACK_SEQ = 10,
            CRC = 12,
            EVENT = 13,
            REASON = 14,
            EXPERT = 15;

    @TempDir
    Path dir;

    @BeforeAll
    static void tools() {
        Tshark.require();
    }

    @Test
    void aSessionTraceDecodesToTheSetItsAnswerAndTheStates() throws Exception {
        Path file = dir.resolve("session.pcapng");
        try (Bridge bridge = Bridge.start(BridgeConfig.loopback(), line -> {}, LinkTrace.start(file))) {
            await().atMost(Duration.ofSeconds(20))
                    .alias("board0 to come online")
                    .until(() -> bridge.boards().get(0).status() == DeviceStatus.ONLINE);
            put(bridge, "lights/2", "{\"on\": true, \"brightness\": 128, \"color\": \"#00ff00\"}");
            bridge.simulatedBoard("board0")
                    .orElseThrow()
                    .pressButton(0); // the board's own change: a STATE, cause button
            await().atMost(Duration.ofSeconds(20))
                    .alias("light 0 to be reported on after the button press")
                    .until(() -> bridge.boards().get(0).reportedStates().get(0).on());
        }
        List<List<String>> rows = Tshark.fields(file, FIELDS);
        assertThat(rows).allSatisfy(r -> assertThat(r.get(IFACE)).isEqualTo("board0"));
        List<List<String>> frames =
                rows.stream().filter(r -> r.get(KIND).equals("1")).toList();
        assertThat(frames)
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.get(CRC)).as("CRC status").isEqualTo("1"));
        assertThat(rows).anySatisfy(r -> assertThat(r.get(EVENT)).isEqualTo("2")); // online

        List<String> set = frames.stream()
                .filter(r -> r.get(TYPE).equals("0x03") && r.get(LIGHT).equals("2"))
                .findFirst()
                .orElseThrow();
        assertThat(set.get(DIR)).isEqualTo("1");
        assertThat(List.of(set.get(ON), set.get(BRIGHTNESS), set.get(COLOR))).containsExactly("1", "128", "0x00ff00");
        List<String> answer = frames.stream()
                .filter(r -> r.get(TYPE).equals("0x0b") && r.get(ACK_SEQ).equals(set.get(SEQ)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ACK_STATE answers SET seq " + set.get(SEQ) + " in " + rows));
        assertThat(answer.get(DIR)).isEqualTo("2");
        assertThat(List.of(answer.get(LIGHT), answer.get(ON), answer.get(BRIGHTNESS), answer.get(COLOR)))
                .containsExactly("2", "1", "128", "0x00ff00");

        List<String> button = frames.stream()
                .filter(r -> r.get(TYPE).equals("0x06") && r.get(CAUSE).equals("1"))
                .map(r -> r.get(DIR) + " light=" + r.get(LIGHT) + " on=" + r.get(ON))
                .toList();
        assertThat(button).containsExactly("2 light=0 on=1");
        // Each handshake's sync reports every light in order. The link may sync more than once (a heartbeat that
        // sees the board's state generation move, under load, asks again), so count whole rounds, not one.
        List<String> synced = frames.stream()
                .filter(r -> r.get(TYPE).equals("0x06") && r.get(CAUSE).equals("5"))
                .map(r -> r.get(LIGHT))
                .toList();
        assertThat(synced).as("the sync STATEs after the handshake").isNotEmpty();
        assertThat(synced.size() % 4).as("whole sync rounds in %s", synced).isZero();
        for (int i = 0; i < synced.size(); i += 4) {
            assertThat(synced.subList(i, i + 4)).as("sync round in %s", synced).containsExactly("0", "1", "2", "3");
        }

        StringWriter out = new StringWriter();
        int code = Main.run(
                new String[] {"trace", file.toString()}, new PrintWriter(out), new PrintWriter(new StringWriter()));
        assertThat(code).isZero();
        assertThat(out.toString())
                .contains(" board0 tx SET seq=" + set.get(SEQ)
                        + " light=2 fields=on,brightness,color on=1 brightness=128 color=#00ff00")
                .containsPattern(" board0 rx ACK_STATE seq=\\d+ ack_seq=" + set.get(SEQ)
                        + " state_gen=\\d+ light=2 on=1 brightness=128 color=#00ff00")
                .containsPattern(" board0 rx STATE seq=\\d+ light=0 cause=button on=1 ")
                .contains(" board0 -- EVENT online");
        assertThat(out.toString().lines().count()).isEqualTo(rows.size());
    }

    @Test
    void everyMessageVectorDecodesToItsTypeAndSeqAndStreamErrorsShowAsSuch() throws Exception {
        Path file = dir.resolve("vectors.pcapng");
        List<JsonNode> messages = vectors("messages.json");
        Set<String> hostTypes =
                Set.of("HELLO_REQ", "SET", "STATE_REQ", "PING", "REBOOT_REQ", "PIXELS_SUB", "SET_PIXELS");
        TestPort port = new TestPort();
        try (LinkTrace trace = LinkTrace.start(file)) {
            SerialTransport t = trace.tap("board0", port);
            t.open(port);
            for (JsonNode v : messages) {
                byte[] wire = HexFormat.of().parseHex(v.get("wire_hex").asText());
                if (hostTypes.contains(v.get("type").asText())) t.write(wire);
                else port.receive(wire);
            }
            for (JsonNode v : vectors("streams.json"))
                port.receive(HexFormat.of().parseHex(v.get("input_hex").asText()));
        }
        List<List<String>> rows = Tshark.fields(file, FIELDS).stream()
                .filter(r -> !r.get(KIND).equals("3"))
                .toList();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode v = messages.get(i);
            List<String> r = rows.get(i);
            assertThat(r.get(TYPE))
                    .as(v.get("name").asText())
                    .isEqualTo(String.format("0x%02x", typeCode(v.get("type").asText())));
            assertThat(r.get(SEQ))
                    .as(v.get("name").asText())
                    .isEqualTo(v.get("seq").asText());
            assertThat(r.get(CRC)).as(v.get("name").asText()).isEqualTo("1");
            assertThat(r.get(EXPERT)).as(v.get("name").asText()).isEmpty();
        }
        List<List<String>> streamRows = rows.subList(messages.size(), rows.size());
        List<String> reasons = new ArrayList<>();
        streamRows.stream().filter(r -> r.get(KIND).equals("2")).forEach(r -> reasons.add(r.get(REASON)));
        assertThat(reasons)
                .as("decode errors by reason (1 oversize .. 5 version)")
                .containsExactlyInAnyOrder("1", "2", "4", "4", "3", "2", "5", "1", "1");
        assertThat(streamRows)
                .as("the frame that gained a 0x00 (flipped delimiter) is malformed, not another message")
                .anySatisfy(r -> assertThat(r.get(EXPERT)).contains("Payload length does not match its type"));
    }

    private static int typeCode(String name) {
        List<String> names = List.of(
                "HELLO_REQ",
                "HELLO",
                "SET",
                "ACK",
                "NACK",
                "STATE",
                "STATE_REQ",
                "PING",
                "PONG",
                "LOG",
                "ACK_STATE",
                "FAULT",
                "REBOOT_REQ",
                "PIXELS_SUB",
                "PIXELS",
                "SET_PIXELS");
        int code = names.indexOf(name) + 1;
        if (code == 0) throw new IllegalArgumentException("a vector of type " + name + " this test does not know");
        return code;
    }

    private static List<JsonNode> vectors(String file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        new ObjectMapper()
                .readTree(EmulatorTools.repoRoot()
                        .resolve("protocol-spec/vectors")
                        .resolve(file)
                        .toFile())
                .get("vectors")
                .forEach(out::add);
        return out;
    }

    private static void put(Bridge bridge, String path, String body) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(bridge.url() + "api/devices/board0/" + path))
                                .timeout(Duration.ofSeconds(20))
                                .PUT(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("PUT %s: %s", path, r.body()).isEqualTo(200);
    }

    /** A port whose received bytes the test supplies; it is also the listener the trace's tap reports to. */
    private static final class TestPort implements SerialTransport, SerialTransport.Listener {
        private Listener listener;

        @Override
        public void open(Listener l) {
            listener = l;
        }

        void receive(byte[] data) {
            listener.onBytes(data, 0, data.length);
        }

        @Override
        public boolean write(byte[] data) {
            return true;
        }

        @Override
        public void close() {}

        @Override
        public String describe() {
            return "test port";
        }

        @Override
        public void onBytes(byte[] data, int offset, int length) {}

        @Override
        public void onDisconnect(String reason) {}
    }
}
