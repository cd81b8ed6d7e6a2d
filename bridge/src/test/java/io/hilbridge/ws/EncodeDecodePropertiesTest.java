package io.hilbridge.ws;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Property tests: whatever messages, fragmentation, masks and read splits, decoding returns what was encoded. */
class EncodeDecodePropertiesTest {
    private static final int MAX = 1 << 20;

    /** One message as a client might send it: payload, kind, how it is cut into frames, and a ping between. */
    record Message(boolean text, byte[] payload, List<Integer> cuts, int mask, boolean pingInside) {}

    @Provide
    Arbitrary<List<Message>> messages() {
        Arbitrary<String> texts = Arbitraries.strings()
                .all()
                .ofMaxLength(300)
                .filter(s -> StandardCharsets.UTF_8.newEncoder().canEncode(s)); // no lone surrogates
        // Mostly small, sometimes beyond 65535 bytes (the 64-bit length form).
        Arbitrary<byte[]> binaries = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(
                        10, Arbitraries.bytes().array(byte[].class).ofMaxSize(300)),
                net.jqwik.api.Tuple.of(
                        1, Arbitraries.integers().between(65_000, 70_000).map(byte[]::new)));
        Arbitrary<Boolean> kinds = Arbitraries.of(true, false);
        return Combinators.combine(
                        kinds,
                        texts,
                        binaries,
                        Arbitraries.integers().between(0, 1000).list().ofMaxSize(4),
                        Arbitraries.integers(),
                        Arbitraries.of(true, false))
                .as((text, s, b, cuts, mask, ping) ->
                        new Message(text, text ? s.getBytes(StandardCharsets.UTF_8) : b, cuts, mask, ping))
                .list()
                .ofMaxSize(5);
    }

    private static byte[] encode(List<Message> messages, List<String> expected) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Message m : messages) {
            List<Integer> bounds = new ArrayList<>();
            for (int c : m.cuts()) {
                bounds.add(m.payload().length == 0 ? 0 : c % (m.payload().length + 1));
            }
            bounds.sort(null);
            bounds.add(m.payload().length);
            int from = 0;
            for (int i = 0; i < bounds.size(); i++) {
                int to = Math.max(from, bounds.get(i));
                boolean fin = i == bounds.size() - 1;
                int opcode = i == 0 ? (m.text() ? 1 : 2) : 0;
                byte[] part = java.util.Arrays.copyOfRange(m.payload(), from, to);
                out.writeBytes(WireClient.frame((fin ? 0x80 : 0) | opcode, part, m.mask() + i));
                if (m.pingInside() && i == 0 && !fin) {
                    out.writeBytes(WireClient.frame(0x89, "p".getBytes(StandardCharsets.US_ASCII), ~m.mask()));
                    expected.add("control9:p");
                }
                from = to;
            }
            expected.add(
                    m.text()
                            ? "text:" + new String(m.payload(), StandardCharsets.UTF_8)
                            : "binary:" + HexFormat.of().formatHex(m.payload()));
        }
        return out.toByteArray();
    }

    @Property(tries = 200)
    void clientFramesDecodeToTheOriginalMessagesWhateverTheReadSplits(
            @ForAll("messages") List<Message> messages,
            @ForAll @Size(max = 8) List<@IntRange(min = 0, max = 1_000_000) Integer> splits) {
        List<String> expected = new ArrayList<>();
        byte[] stream = encode(messages, expected);
        int[] cuts =
                splits.stream().mapToInt(s -> s % (stream.length + 1)).sorted().toArray();
        assertThat(Recorder.decode(stream, MAX, cuts)).isEqualTo(expected);
    }

    @Provide
    Arbitrary<byte[]> payloads() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(
                        10, Arbitraries.bytes().array(byte[].class).ofMaxSize(300)),
                net.jqwik.api.Tuple.of(
                        1, Arbitraries.integers().between(65_000, 70_000).map(byte[]::new)));
    }

    @Property(tries = 300)
    void serverFramesCarryTheirPayloadUnmasked(
            @ForAll("payloads") byte[] payload, @ForAll @IntRange(min = 1, max = 2) int opcode) {
        ByteBuffer f = WebSocketProtocol.encodeServerFrame(opcode, payload);
        int b0 = f.get() & 0xFF;
        int b1 = f.get() & 0xFF;
        assertThat(b0).isEqualTo(0x80 | opcode);
        assertThat(b1 & 0x80).as("server frames are not masked").isZero();
        long len = b1 & 0x7F;
        if (len == 126) {
            len = f.getShort() & 0xFFFF;
            assertThat(len).isGreaterThan(125);
        } else if (len == 127) {
            len = f.getLong();
            assertThat(len).isGreaterThan(0xFFFF);
        }
        assertThat(len).isEqualTo(payload.length);
        byte[] rest = new byte[f.remaining()];
        f.get(rest);
        assertThat(rest).isEqualTo(payload);
    }

    @Property(tries = 2000)
    void utf8ValidatorAgreesWithTheJdkStrictDecoder(@ForAll("utf8ish") byte[] bytes) {
        boolean jdk;
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            jdk = true;
        } catch (CharacterCodingException e) {
            jdk = false;
        }
        Utf8Validator v = new Utf8Validator();
        boolean ours = v.feed(ByteBuffer.wrap(bytes)) && v.isComplete();
        assertThat(ours).as(HexFormat.of().formatHex(bytes)).isEqualTo(jdk);
    }

    /** Bytes biased towards the interesting UTF-8 ranges (lead bytes, continuation bytes, ASCII). */
    @Provide
    Arbitrary<byte[]> utf8ish() {
        Arbitrary<Byte> b = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(
                        3, Arbitraries.integers().between(0x00, 0x7F).map(Integer::byteValue)),
                net.jqwik.api.Tuple.of(
                        4, Arbitraries.integers().between(0x80, 0xBF).map(Integer::byteValue)),
                net.jqwik.api.Tuple.of(
                        3, Arbitraries.integers().between(0xC0, 0xFF).map(Integer::byteValue)));
        return b.array(byte[].class).ofMaxSize(24);
    }

    @Property(tries = 300)
    void utf8ValidatorIsIndependentOfSplits(@ForAll("utf8ish") byte[] bytes, @ForAll @IntRange(max = 24) int cut) {
        int c = Math.min(cut, bytes.length);
        Utf8Validator whole = new Utf8Validator();
        boolean w = whole.feed(ByteBuffer.wrap(bytes)) && whole.isComplete();
        Utf8Validator split = new Utf8Validator();
        boolean s = split.feed(ByteBuffer.wrap(bytes, 0, c).slice())
                && split.feed(ByteBuffer.wrap(bytes, c, bytes.length - c).slice())
                && split.isComplete();
        assertThat(s).isEqualTo(w);
    }
}
