package io.hilbridge.link;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The line rules of {@link LineSplitter} (its class comment): CR/LF, NUL, over-long lines, any split of the reads. */
class LineSplitterTest {
    private final List<String> lines = new ArrayList<>();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private List<String> split(int maxBytes, byte[]... reads) {
        lines.clear();
        LineSplitter s = new LineSplitter(maxBytes, lines::add);
        for (byte[] read : reads) {
            for (byte b : read) s.feed(b);
        }
        return List.copyOf(lines);
    }

    @Test
    void crLfCrAndLfEachEndALineAndNoLineIsEmpty() {
        assertThat(split(80, utf8("rom\r\nidf\nplain\rlfcr\n\r\n\n\r\rlast\n")))
                .containsExactly("rom", "idf", "plain", "lfcr", "last");
    }

    @Test
    void aLineWithoutItsBreakIsNotHandedOverYet() {
        assertThat(split(80, utf8("done\nhalf"))).containsExactly("done");
    }

    @Test
    void nulDropsThePartialLineAndEndsNone() {
        assertThat(split(80, utf8("frame bytes\0text\n\0\0after\0\n"))).containsExactly("text");
    }

    @Test
    void theSameLinesWhateverTheSplitIntoReads() {
        byte[] all = utf8("ESP-ROM:esp32c3\r\nGr\u00fc\u00dfe \u20ac \uD83D\uDCA1\n\0x\nI (312) cpu_start: "
                + "y".repeat(30) + "\r\n");
        List<String> whole = split(16, all);
        assertThat(whole)
                .containsExactly(
                        "ESP-ROM:esp32c3",
                        "Gr\u00fc\u00dfe \u20ac \uD83D\uDCA1",
                        "x",
                        "I (312) cpu_star",
                        "t: yyyyyyyyyyyyy",
                        "yyyyyyyyyyyyyyyy",
                        "y");
        for (int cut = 0; cut <= all.length; cut++) {
            assertThat(split(
                            16,
                            java.util.Arrays.copyOfRange(all, 0, cut),
                            java.util.Arrays.copyOfRange(all, cut, all.length)))
                    .as("split at byte %d", cut)
                    .isEqualTo(whole);
        }
    }

    @Test
    void aLineOfExactlyTheLimitIsOneLine() {
        assertThat(split(8, utf8("12345678\n"))).containsExactly("12345678");
    }

    @Test
    void aLongerLineComesInPiecesOfTheLimitEachWhenTheNextByteArrives() {
        assertThat(split(8, utf8("12345678")))
                .as("full, but nothing after it yet")
                .isEmpty();
        assertThat(split(8, utf8("123456789"))).containsExactly("12345678");
        assertThat(split(8, utf8("1234567890abcdefg\n"))).containsExactly("12345678", "90abcdef", "g");
    }

    @Test
    void aPieceNeverEndsInsideAUtf8Character() {
        // 7 bytes then a 2-, 3- or 4-byte character: the character starts the next piece whole.
        assertThat(split(8, utf8("1234567\u00fc\n"))).containsExactly("1234567", "\u00fc");
        assertThat(split(8, utf8("123456\u20ac\n"))).containsExactly("123456", "\u20ac");
        assertThat(split(8, utf8("1234567\u20ac\n"))).containsExactly("1234567", "\u20ac");
        // The smallest lead bytes of three bytes (0xE0) and a continuation byte 0x80 inside the cut character.
        assertThat(split(8, utf8("123456\u0900\n"))).containsExactly("123456", "\u0900");
        assertThat(split(8, utf8("123456\u2000\n"))).containsExactly("123456", "\u2000");
        assertThat(split(8, utf8("12345\uD83D\uDCA1\n"))).containsExactly("12345", "\uD83D\uDCA1");
        assertThat(split(8, utf8("1234567\uD83D\uDCA1\n"))).containsExactly("1234567", "\uD83D\uDCA1");
        // A character that ends exactly at the limit stays in its piece.
        assertThat(split(8, utf8("12345\u20acx\n"))).containsExactly("12345\u20ac", "x");
        assertThat(split(8, utf8("1234\uD83D\uDCA1x\n"))).containsExactly("1234\uD83D\uDCA1", "x");
        assertThat(split(4, utf8("\uD83D\uDCA1\uD83D\uDCA1\n"))).containsExactly("\uD83D\uDCA1", "\uD83D\uDCA1");
    }

    @Test
    void bytesThatAreNotUtf8BecomeReplacementCharacters() {
        assertThat(split(80, new byte[] {'a', (byte) 0xFF, 'b', (byte) 0x80, '\n'}))
                .containsExactly("a\uFFFDb\uFFFD");
        // Continuation bytes without a lead byte are one-byte "characters": pieces of the limit, as for ASCII.
        byte[] orphans = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, '\n'};
        assertThat(split(4, orphans)).containsExactly("\uFFFD".repeat(4), "\uFFFD");
    }

    @Test
    void dropThrowsThePartialLineAway() {
        LineSplitter s = new LineSplitter(8, lines::add);
        for (byte b : utf8("lost")) s.feed(b);
        s.drop();
        for (byte b : utf8("kept\n")) s.feed(b);
        assertThat(lines).containsExactly("kept");
    }

    @Test
    void aLimitMustHoldOneUtf8Character() {
        assertThatThrownBy(() -> new LineSplitter(3, lines::add))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one UTF-8 character (4 bytes)");
        new LineSplitter(4, lines::add);
    }
}
