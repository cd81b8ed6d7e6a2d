package io.hilbridge.link;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * uart-link.md section 3, PIXELS ("Host checks"): a chunk holds 1..64 pixels, its payload is exactly 4 + 3 × count
 * bytes, and every colour is r, g, b. Checked against the golden PIXELS vectors and at both edges of each rule.
 */
class PixelChunkRulesTest {

    @TestFactory
    Stream<DynamicTest> everyVectorChunkDecodesToItsPixelsColours() {
        return SpecVectors.load("messages.json").stream()
                .filter(v -> v.get("type").asText().equals("PIXELS"))
                .map(v -> DynamicTest.dynamicTest(v.get("name").asText(), () -> checkVector(v)));
    }

    private static void checkVector(JsonNode v) {
        JsonNode f = v.get("fields");
        Messages.Pixels p = Messages.Pixels.decode(SpecVectors.hex(v.get("payload_hex")));
        assertThat(p.light()).isEqualTo(f.get("light").asInt());
        assertThat(p.first()).isEqualTo(f.get("first").asInt());
        JsonNode pixels = f.get("pixels");
        assertThat(p.count()).isEqualTo(pixels.size());
        for (int i = 0; i < pixels.size(); i++) {
            JsonNode rgb = pixels.get(i);
            int expected = rgb.get(0).asInt() << 16
                    | rgb.get(1).asInt() << 8
                    | rgb.get(2).asInt();
            assertThat(p.color(i)).as("pixel %d as 0xRRGGBB", i).isEqualTo(expected);
        }
    }

    @Test
    void colourBytesAboveOneTwentySevenAreUnsigned() {
        Messages.Pixels p = new Messages.Pixels(0, 0, new byte[] {(byte) 0xFF, (byte) 0x80, (byte) 0x81, 1, 2, 3});
        assertThat(p.color(0)).isEqualTo(0xFF8081);
        assertThat(p.color(1)).isEqualTo(0x010203);
    }

    /** A PIXELS payload of {@code count} pixels of {@code rgbBytes} colour bytes (count byte as given). */
    private static byte[] chunk(int count, int rgbBytes) {
        byte[] p = new byte[4 + rgbBytes];
        p[0] = 1;
        p[1] = 2; // first = 2 (u16, little-endian)
        p[2] = 0;
        p[3] = (byte) count;
        for (int i = 4; i < p.length; i++) p[i] = (byte) i;
        return p;
    }

    @Test
    void aChunkHoldsOneToSixtyFourPixels() {
        assertThat(Messages.Pixels.decode(chunk(1, 3)).count()).isEqualTo(1);
        assertThat(Messages.Pixels.decode(chunk(64, 192)).count()).isEqualTo(64);
        assertThatThrownBy(() -> Messages.Pixels.decode(chunk(0, 0)))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("PIXELS: count 0 is outside 1..64");
        assertThatThrownBy(() -> Messages.Pixels.decode(chunk(65, 195)))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("PIXELS: count 65 is outside 1..64");
    }

    @Test
    void aChunksPayloadIsExactlyFourPlusThreeBytesPerPixel() {
        assertThat(Messages.Pixels.decode(chunk(2, 6)).first()).isEqualTo(2);
        for (int rgbBytes : new int[] {5, 7, 9}) {
            assertThatThrownBy(() -> Messages.Pixels.decode(chunk(2, rgbBytes)))
                    .isInstanceOf(MalformedPayloadException.class)
                    .hasMessage("PIXELS: payload must be 10 bytes, got " + (4 + rgbBytes));
        }
    }

    @Test
    void chunksAreEqualByValue() {
        byte[] rgb = {1, 2, 3, 4, 5, 6};
        Messages.Pixels a = new Messages.Pixels(1, 2, rgb);
        Messages.Pixels same = new Messages.Pixels(1, 2, rgb.clone());
        assertThat(a).isEqualTo(same).hasSameHashCodeAs(same);
        byte[] otherColour = rgb.clone();
        otherColour[5] = 7;
        assertThat(a)
                .isNotEqualTo(new Messages.Pixels(0, 2, rgb))
                .isNotEqualTo(new Messages.Pixels(1, 3, rgb))
                .isNotEqualTo(new Messages.Pixels(1, 2, otherColour))
                .isNotEqualTo("not a chunk");
        // Distinct chunks spread over hash buckets (a constant hash would put every chunk in one).
        Set<Integer> hashes = new HashSet<>();
        for (int light = 0; light < 3; light++) {
            for (int first = 0; first < 3; first++) hashes.add(new Messages.Pixels(light, first, rgb).hashCode());
        }
        assertThat(hashes).hasSize(9);
        assertThat(Arrays.equals(a.rgb(), rgb)).isTrue();
    }
}
