package io.hilbridge.trace;

import com.fasterxml.jackson.databind.JsonNode;
import io.hilbridge.link.Frame;
import io.hilbridge.link.FrameEncoder;
import io.hilbridge.serial.SerialTransport;
import io.hilbridge.trace.TraceRecord.Direction;
import io.hilbridge.trace.TraceRecord.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link LinkTrace} writes and {@link TraceReader} reads back (protocol-spec/trace-format.md): every message
 * vector as a frame record with its exact bytes and direction, every decode-error stream vector with its reasons and
 * raw bytes, retransmit marks, port events, and a file cut anywhere gives an error naming the offset.
 */
class LinkTraceTest {
    private static final SerialTransport.Listener IGNORE = new SerialTransport.Listener() {
        @Override
        public void onBytes(byte[] data, int offset, int length) {}

        @Override
        public void onDisconnect(String reason) {}
    };

    @TempDir
    Path dir;

    @Test
    void everyMessageVectorIsRecordedAsItsFrameInItsDirection() throws Exception {
        Path file = dir.resolve("vectors.pcapng");
        List<JsonNode> vectors = TraceVectors.load("messages.json");
        FakePort port = new FakePort();
        try (LinkTrace trace = LinkTrace.start(file)) {
            SerialTransport t = trace.tap("board0", port);
            t.open(IGNORE);
            for (JsonNode v : vectors) {
                byte[] wire = TraceVectors.hex(v.get("wire_hex"));
                if (TraceVectors.HOST_TYPES.contains(v.get("type").asText())) t.write(wire);
                else port.receive(wire);
            }
        }
        List<TraceRecord> frames = frames(read(file));
        assertThat(frames).hasSize(vectors.size());
        for (int i = 0; i < vectors.size(); i++) {
            JsonNode v = vectors.get(i);
            TraceRecord r = frames.get(i);
            assertThat(HexFormat.of().formatHex(r.body()))
                    .as(v.get("name").asText())
                    .isEqualTo(v.get("frame_hex").asText());
            Direction want = TraceVectors.HOST_TYPES.contains(v.get("type").asText()) ? Direction.TX : Direction.RX;
            assertThat(r.dir()).as(v.get("name").asText()).isEqualTo(want);
            assertThat(r.board()).isZero();
            assertThat(TraceText.describe(r))
                    .as(v.get("name").asText())
                    .startsWith(v.get("type").asText() + " seq=" + v.get("seq").asInt())
                    .doesNotContain("MALFORMED", "BAD");
        }
    }

    @Test
    void everyStreamVectorGivesItsFramesAndDecodeErrorsWithTheRawBytes() throws Exception {
        for (JsonNode v : TraceVectors.load("streams.json")) {
            Path file = dir.resolve(v.get("name").asText() + ".pcapng");
            FakePort port = new FakePort();
            try (LinkTrace trace = LinkTrace.start(file)) {
                trace.tap("board0", port).open(IGNORE);
                port.receive(TraceVectors.hex(v.get("input_hex")));
            }
            List<TraceRecord> records = read(file);
            Map<String, Integer> errors = new HashMap<>();
            for (TraceRecord r : records) {
                if (r.kind() == Kind.DECODE_ERROR) errors.merge(TraceErrors.name(r.body()[0]), 1, Integer::sum);
            }
            Map<String, Integer> want = new HashMap<>();
            v.get("errors").fields().forEachRemaining(e -> {
                if (e.getValue().asInt() > 0) want.put(e.getKey(), e.getValue().asInt());
            });
            assertThat(errors).as(v.get("name").asText()).isEqualTo(want);
            List<String> gotFrames = frames(records).stream()
                    .map(r -> {
                        byte[] b = r.body();
                        return (b[1] & 0xFF) + "/" + ((b[2] & 0xFF) | (b[3] & 0xFF) << 8) + "/"
                                + HexFormat.of().formatHex(Arrays.copyOfRange(b, 4, b.length - 2));
                    })
                    .toList();
            List<String> wantFrames = new ArrayList<>();
            v.get("frames")
                    .forEach(f -> wantFrames.add(f.get("type").asInt() + "/"
                            + f.get("seq").asInt() + "/" + f.get("payload_hex").asText()));
            assertThat(gotFrames).as(v.get("name").asText()).isEqualTo(wantFrames);
        }
    }

    @Test
    void bootTextIsKeptAsTheRawBytesOfItsDecodeError() throws Exception {
        Path file = dir.resolve("boot.pcapng");
        byte[] boot = "ESP-ROM:esp32c3-api1-20210207\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        FakePort port = new FakePort();
        try (LinkTrace trace = LinkTrace.start(file)) {
            trace.tap("board0", port).open(IGNORE);
            port.receive(boot);
            port.receive(FrameEncoder.encode(Frame.PING, 1, new byte[0]));
        }
        TraceRecord error = read(file).stream()
                .filter(r -> r.kind() == Kind.DECODE_ERROR)
                .findFirst()
                .orElseThrow();
        assertThat(Arrays.copyOfRange(error.body(), 1, error.body().length)).isEqualTo(boot);
        assertThat(TraceText.describe(error)).contains("\"ESP-ROM:esp32c3-api1-20210207\\x0d\\x0a\"");
    }

    @Test
    void aSetWhoseSeqIsStillUnansweredIsMarkedRetransmit() throws Exception {
        Path file = dir.resolve("retransmit.pcapng");
        byte[] set5 = FrameEncoder.encode(Frame.SET, 5, new byte[] {0, 1, 1, 0, 0, 0, 0, 0, 0, 0});
        FakePort port = new FakePort();
        try (LinkTrace trace = LinkTrace.start(file)) {
            SerialTransport t = trace.tap("board0", port);
            t.open(IGNORE);
            t.write(set5); // first
            t.write(set5); // retransmit
            port.receive(FrameEncoder.encode(Frame.ACK, 1, new byte[] {5, 0, 1, 0}));
            t.write(set5); // answered: a new SET (after a wrap)
            t.write(set5); // retransmit
            t.write(FrameEncoder.encode(Frame.HELLO_REQ, 6, new byte[0])); // a new host session
            t.write(set5); // new again
        }
        List<Boolean> marks = frames(read(file)).stream()
                .filter(r -> r.body()[1] == Frame.SET)
                .map(TraceRecord::retransmit)
                .toList();
        assertThat(marks).containsExactly(false, true, false, true, false);
    }

    @Test
    void portOpenDisconnectAndCloseAreEvents() throws Exception {
        Path file = dir.resolve("events.pcapng");
        FakePort port = new FakePort();
        try (LinkTrace trace = LinkTrace.start(file)) {
            SerialTransport t = trace.tap("board7", port);
            t.open(IGNORE);
            port.unplug("read error: device gone");
            t.close();
        }
        TraceReader reader = new TraceReader(Files.newInputStream(file));
        List<String> events = new ArrayList<>();
        for (TraceRecord r = reader.next(); r != null; r = reader.next())
            events.add(TraceText.line(r, reader.boards()));
        assertThat(events).hasSize(3);
        assertThat(events.get(0)).endsWith("board7 -- EVENT port-open fake port");
        assertThat(events.get(1)).endsWith("board7 -- EVENT disconnect read error: device gone");
        assertThat(events.get(2)).endsWith("board7 -- EVENT port-closed");
        assertThat(reader.boards()).containsExactly(new TraceReader.Board("board7", "fake port"));
    }

    @Test
    void rotateEndsTheFileAndGoesOnInTheNextWithTheSameBoards() throws Exception {
        Path first = dir.resolve("test1.pcapng");
        Path second = dir.resolve("sub/test2.pcapng");
        FakePort port = new FakePort();
        byte[] ping = FrameEncoder.encode(Frame.PING, 1, new byte[0]);
        try (LinkTrace trace = LinkTrace.start(first)) {
            SerialTransport t = trace.tap("board0", port);
            t.open(IGNORE);
            t.write(ping);
            port.receive(Arrays.copyOf(FrameEncoder.encode(Frame.PONG, 2, new byte[8]), 5)); // a frame cut in two...
            trace.rotate(second);
            assertThat(trace.file()).isEqualTo(second);
            assertThat(read(first))
                    .as("the first file is complete once rotate returns")
                    .hasSize(2);
            byte[] pong = FrameEncoder.encode(Frame.PONG, 2, new byte[8]);
            port.receive(Arrays.copyOfRange(pong, 5, pong.length)); // ...by the rotation
        }
        TraceReader reader = new TraceReader(Files.newInputStream(second));
        TraceRecord r = reader.next();
        assertThat(reader.boards()).containsExactly(new TraceReader.Board("board0", "fake port"));
        assertThat(TraceText.describe(r)).isEqualTo("PONG seq=2 ping_seq=0 state_gen=0 uptime_ms=0");
        assertThat(reader.next()).isNull();
    }

    @Test
    void aFileCutAnywhereReadsUpToTheCutThenNamesTheOffset() throws Exception {
        Path file = dir.resolve("cut.pcapng");
        FakePort port = new FakePort();
        try (LinkTrace trace = LinkTrace.start(file)) {
            SerialTransport t = trace.tap("board0", port);
            t.open(IGNORE);
            for (JsonNode v : TraceVectors.load("messages.json")) port.receive(TraceVectors.hex(v.get("wire_hex")));
        }
        byte[] whole = TraceVectors.read(file);
        int complete = read(file).size();
        for (int cut = 0; cut < whole.length; cut++) {
            List<TraceRecord> got = new ArrayList<>();
            TraceReader reader = new TraceReader(new ByteArrayInputStream(whole, 0, cut));
            try {
                for (TraceRecord r = reader.next(); r != null; r = reader.next()) got.add(r);
                // Cut exactly between blocks: a shorter but valid trace.
                assertThat(got.size()).as("cut at %d", cut).isLessThan(complete);
            } catch (TraceFormatException e) {
                assertThat(e.offset()).as("cut at %d", cut).isLessThanOrEqualTo(cut);
                assertThat(e.getMessage()).startsWith("offset " + e.offset() + ": ");
            }
        }
        TraceFormatException e = readError(Arrays.copyOf(whole, whole.length - 3));
        assertThat(e.getMessage())
                .contains("truncated block")
                .contains("the file ends at offset " + (whole.length - 3));
    }

    @Test
    void notATraceIsNamedAsSuch() {
        assertThat(readError(new byte[0]).getMessage()).isEqualTo("offset 0: empty file, not a pcapng trace");
        assertThat(readError("hello world, no pcapng".getBytes()).getMessage())
                .startsWith("offset 0: not a pcapng file");
    }

    static TraceFormatException readError(byte[] bytes) {
        try {
            TraceReader.readAll(new ByteArrayInputStream(bytes));
        } catch (TraceFormatException e) {
            return e;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("no TraceFormatException for " + bytes.length + " bytes");
    }

    static List<TraceRecord> read(Path file) throws IOException, TraceFormatException {
        try (InputStream in = Files.newInputStream(file)) {
            return TraceReader.readAll(in);
        }
    }

    static List<TraceRecord> frames(List<TraceRecord> records) {
        return records.stream().filter(r -> r.kind() == Kind.FRAME).toList();
    }
}
