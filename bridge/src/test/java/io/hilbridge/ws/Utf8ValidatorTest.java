package io.hilbridge.ws;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8ValidatorTest {

    private static boolean valid(int... bytes) {
        Utf8Validator v = new Utf8Validator();
        for (int b : bytes) {
            if (!v.feed((byte) b)) {
                return false;
            }
        }
        return v.isComplete();
    }

    @Test
    void acceptsWellFormedText() {
        byte[] s = "héllo ✓ 𝄞 \u0000 \uFFFF".getBytes(StandardCharsets.UTF_8);
        Utf8Validator v = new Utf8Validator();
        assertThat(v.feed(s, 0, s.length)).isTrue();
        assertThat(v.isComplete()).isTrue();
        assertThat(valid(0xF4, 0x8F, 0xBF, 0xBF)).as("U+10FFFF").isTrue();
        assertThat(valid(0xED, 0x9F, 0xBF)).as("U+D7FF").isTrue();
        assertThat(valid(0xEE, 0x80, 0x80)).as("U+E000").isTrue();
    }

    @Test
    void rejectsOverlongForms() {
        assertThat(valid(0xC0, 0xAF)).isFalse();
        assertThat(valid(0xC1, 0xBF)).isFalse();
        assertThat(valid(0xE0, 0x80, 0xAF)).isFalse();
        assertThat(valid(0xE0, 0x9F, 0xBF)).isFalse();
        assertThat(valid(0xF0, 0x8F, 0xBF, 0xBF)).isFalse();
    }

    @Test
    void rejectsSurrogatesAndBeyondUnicode() {
        assertThat(valid(0xED, 0xA0, 0x80)).as("U+D800").isFalse();
        assertThat(valid(0xED, 0xBF, 0xBF)).as("U+DFFF").isFalse();
        assertThat(valid(0xF4, 0x90, 0x80, 0x80)).as("U+110000").isFalse();
        assertThat(valid(0xF5, 0x80, 0x80, 0x80)).isFalse();
        assertThat(valid(0xFF)).isFalse();
    }

    @Test
    void rejectsBrokenSequences() {
        assertThat(valid(0x80)).isFalse();
        assertThat(valid(0xC3)).as("truncated").isFalse();
        assertThat(valid(0xC3, 0x41)).isFalse();
        assertThat(valid(0xE2, 0x82, 0x41)).isFalse();
    }

    @Test
    void failsFastAtTheFirstBadByte() {
        Utf8Validator v = new Utf8Validator();
        assertThat(v.feed((byte) 0xCE)).isTrue();
        assertThat(v.feed((byte) 0xBA)).isTrue();
        assertThat(v.feed((byte) 0xF4)).isTrue();
        assertThat(v.feed((byte) 0x90)).isFalse();
    }

    @Test
    void twoByteLeadsAreC2ToDF() {
        assertThat(valid(0xC2, 0x80)).as("U+0080, the first 2-byte character").isTrue();
        assertThat(valid(0xDF, 0xBF)).as("U+07FF, the last 2-byte character").isTrue();
        assertThat(valid(0xC1, 0xBF)).as("C1 is always overlong").isFalse();
        assertThat(valid(0xE0, 0xA0, 0x80)).as("U+0800 needs three bytes").isTrue();
        assertThat(valid(0xDF, 0xBF, 0xBF))
                .as("DF takes exactly one continuation")
                .isFalse();
        assertThat(valid(0x7F)).as("U+007F is one byte").isTrue();
    }

    @Test
    void continuationRangesAtTheirEdges() {
        assertThat(valid(0xE1, 0x80, 0xBF)).isTrue();
        assertThat(valid(0xE1, 0x7F, 0x80)).isFalse();
        assertThat(valid(0xE1, 0xC0, 0x80)).isFalse();
        assertThat(valid(0xF0, 0x90, 0x80, 0x80)).as("U+10000").isTrue();
        assertThat(valid(0xF4, 0x8F, 0x80, 0x80)).isTrue();
        assertThat(valid(0xEF, 0xBF, 0xBF)).as("U+FFFF").isTrue();
        // After a narrowed sequence the range is the full 80..BF again.
        assertThat(valid(0xE0, 0xA0, 0xBF, 0xED, 0x80, 0x80)).isTrue();
    }

    @Test
    void resetForgetsAnOpenSequence() {
        Utf8Validator v = new Utf8Validator();
        assertThat(v.feed((byte) 0xE0)).isTrue();
        assertThat(v.isComplete()).isFalse();
        v.reset();
        assertThat(v.isComplete()).isTrue();
        assertThat(v.feed((byte) 'A')).as("ASCII after reset starts afresh").isTrue();
        v.feed((byte) 0xE0);
        v.reset();
        assertThat(v.feed(new byte[] {(byte) 0xE1, (byte) 0x80, (byte) 0x80}, 0, 3))
                .as("the E0 range limit is gone after reset")
                .isTrue();
    }
}
