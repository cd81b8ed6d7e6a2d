package io.hilbridge.link;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The edges of {@link BootText#isRomBootText} (uart-link.md section 2: the ROM's boot text a board prints on every
 * start is counted apart from damage on the wire): each of the ROM's lines at the very start and at the very end of a
 * run, the reset line's shape ({@code rst:0x<hex> (}) cut at every place, and which bytes count as text (printable
 * ASCII 0x20..0x7E, CR, LF, TAB, ESC) against the two glitch bytes a run may hold.
 */
class BootTextEdgesTest {
    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean bootText(String run) {
        byte[] b = ascii(run);
        return BootText.isRomBootText(b, b.length);
    }

    @Test
    void eachRomLineCountsAtTheStartOfTheRun() {
        assertThat(bootText("ESP-ROM:esp32c3")).isTrue();
        assertThat(bootText("waiting for download")).isTrue();
        assertThat(bootText("load:0x3fcd5820,len:0x1")).isTrue();
        assertThat(bootText("entry 0x403cc710")).isTrue();
        assertThat(bootText("rst:0x1 (POWERON)")).isTrue();
    }

    @Test
    void eachRomLineCountsAtTheEndOfTheRun() {
        assertThat(bootText("..ESP-ROM:")).isTrue();
        assertThat(bootText("..waiting for download")).isTrue();
        assertThat(bootText("..load:0x")).isTrue();
        assertThat(bootText("..entry 0x")).isTrue();
        assertThat(bootText("..rst:0x1 (")).isTrue();
    }

    @Test
    void theResetLineNeedsHexDigitsASpaceAndAParenthesis() {
        assertThat(bootText("rst:0x0 (")).as("0 is a hex digit").isTrue();
        assertThat(bootText("rst:0xf (")).isTrue();
        assertThat(bootText("rst:0x (POWERON)")).as("no digits").isFalse();
        assertThat(bootText("rst:0x1")).as("cut after the digits").isFalse();
        assertThat(bootText("rst:0x1 ")).as("cut after the space").isFalse();
        assertThat(bootText("rst:0x1(POWERON)")).as("no space").isFalse();
        assertThat(bootText("rst:0x1 POWERON")).as("no parenthesis").isFalse();
    }

    @Test
    void onlyTheRunsLengthIsRead() {
        byte[] buffer = ascii("rst:0x1 (POWERON)");
        assertThat(BootText.isRomBootText(buffer, buffer.length)).isTrue();
        assertThat(BootText.isRomBootText(buffer, 8))
                .as("the run ends before the parenthesis")
                .isFalse();
        assertThat(BootText.isRomBootText(buffer, 9)).isTrue();
        byte[] notice = ascii("waiting for download");
        assertThat(BootText.isRomBootText(notice, notice.length - 1)).isFalse();
    }

    /** The banner followed by three copies of {@code b}: boot text only if {@code b} counts as text. */
    private static boolean bannerWithThree(int b) {
        byte[] run = Arrays.copyOf(ascii("ESP-ROM:esp32c3"), 18);
        Arrays.fill(run, 15, 18, (byte) b);
        return BootText.isRomBootText(run, run.length);
    }

    @Test
    void textIsPrintableAsciiAndCrLfTabEscapeAndAtMostTwoOtherBytesMayJoinIt() {
        for (int b : new int[] {' ', '~', '\r', '\n', '\t', 0x1B}) {
            assertThat(bannerWithThree(b)).as("0x%02x is text", b).isTrue();
        }
        for (int b : new int[] {0x1F, 0x7F, 0x80, 0xFF, 0x07, 0x0B}) {
            assertThat(bannerWithThree(b))
                    .as("0x%02x is not text: three are noise", b)
                    .isFalse();
        }
        byte[] two = Arrays.copyOf(ascii("ESP-ROM:esp32c3"), 17);
        two[15] = 0x7F;
        two[16] = (byte) 0xFF;
        assertThat(BootText.isRomBootText(two, two.length))
                .as("two glitch bytes are allowed")
                .isTrue();
    }
}
