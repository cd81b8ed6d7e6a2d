package io.hilbridge.link;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * uart-link.md section 2: "every receiver checks the payload length of each type exactly (section 3)". Each fixed
 * payload of the golden vectors decodes; one byte fewer or one more is malformed, with an error that names the type
 * and the length rule. HELLO, whose length depends on its strings and lights, is malformed when cut anywhere or
 * followed by any byte.
 */
class PayloadLengthRulesTest {

    /** The fixed payload lengths of section 3, by type, with the decoder of each. */
    private static final Map<String, Fixed> FIXED = Map.of(
            "SET", new Fixed(10, Messages.SetCommand::decode),
            "STATE", new Fixed(10, Messages.State::decode),
            "STATE_REQ", new Fixed(1, Messages.StateReq::decode),
            "ACK_STATE", new Fixed(11, Messages.AckState::decode),
            "ACK", new Fixed(4, Messages.Ack::decode),
            "NACK", new Fixed(3, Messages.Nack::decode),
            "PONG", new Fixed(8, Messages.Pong::decode),
            "FAULT", new Fixed(4, Messages.Fault::decode),
            "PIXELS_SUB", new Fixed(2, Messages.PixelsSub::decode));

    private record Fixed(int length, Function<byte[], Object> decode) {}

    @TestFactory
    Stream<DynamicTest> everyFixedPayloadHasExactlyItsLength() {
        return SpecVectors.load("messages.json").stream()
                .filter(v -> FIXED.containsKey(v.get("type").asText()))
                .map(v -> DynamicTest.dynamicTest(v.get("name").asText(), () -> checkFixed(v)));
    }

    private static void checkFixed(JsonNode v) {
        String type = v.get("type").asText();
        Fixed fixed = FIXED.get(type);
        byte[] payload = SpecVectors.hex(v.get("payload_hex"));
        assertThat(payload).as("the vector itself").hasSize(fixed.length());
        assertThat(fixed.decode().apply(payload)).isNotNull();
        byte[] shorter = Arrays.copyOf(payload, payload.length - 1);
        byte[] longer = Arrays.copyOf(payload, payload.length + 1);
        for (byte[] bad : new byte[][] {shorter, longer, new byte[0]}) {
            assertThatThrownBy(() -> fixed.decode().apply(bad))
                    .as("%s of %d bytes", type, bad.length)
                    .isInstanceOf(MalformedPayloadException.class)
                    .hasMessage(type + ": payload must be " + fixed.length() + " bytes, got " + bad.length);
        }
    }

    private static byte[] helloVector() {
        return SpecVectors.load("messages.json").stream()
                .filter(v -> v.get("name").asText().equals("hello_default_board"))
                .map(v -> SpecVectors.hex(v.get("payload_hex")))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void helloCutAnywhereIsMalformed() {
        byte[] hello = helloVector();
        assertThat(Messages.Hello.decode(hello).lights()).hasSize(4);
        for (int len = 0; len < hello.length; len++) {
            byte[] cut = Arrays.copyOf(hello, len);
            assertThatThrownBy(() -> Messages.Hello.decode(cut))
                    .as("HELLO cut to %d bytes", len)
                    .isInstanceOf(MalformedPayloadException.class)
                    .hasMessageStartingWith("HELLO: payload ends at byte " + len + ", needed ");
        }
    }

    @Test
    void helloWithTrailingBytesIsMalformed() {
        byte[] hello = helloVector();
        for (int extra = 1; extra <= 3; extra++) {
            byte[] longer = Arrays.copyOf(hello, hello.length + extra);
            assertThatThrownBy(() -> Messages.Hello.decode(longer))
                    .isInstanceOf(MalformedPayloadException.class)
                    .hasMessage("HELLO: " + extra + " trailing bytes");
        }
    }

    @Test
    void readerNamesTheByteItNeeded() {
        // u16 at offset 0 of a 1-byte payload, u32 at offset 1 of a 4-byte payload: the first byte past the end.
        PayloadReader r16 = new PayloadReader(new byte[1], "T");
        assertThatThrownBy(r16::u16).hasMessage("T: payload ends at byte 1, needed 2");
        PayloadReader r32 = new PayloadReader(new byte[4], "T");
        r32.u8();
        assertThatThrownBy(r32::u32).hasMessage("T: payload ends at byte 4, needed 5");
        PayloadReader exact = new PayloadReader(new byte[] {1, 2, 0, 0, 0, (byte) 0x80}, "T");
        assertThat(exact.u16()).isEqualTo(0x0201);
        assertThat(exact.u32()).isEqualTo(0x80000000L);
        exact.end();
    }
}
