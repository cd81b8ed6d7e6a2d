package io.hilbridge.boardlog;

import io.hilbridge.link.Messages;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogTextTest {
    @Test
    void removesColourCodesAndControlCharacters() {
        assertThat(LogText.clean("\u001B[0;33mW (812) hb: low\u001B[0m\r\n")).isEqualTo("W (812) hb: low");
        assertThat(LogText.clean("a\u0007b\u0000c\td")).isEqualTo("a b c d");
    }

    @Test
    void cutsLongTextAndSaysSo() {
        String cut = LogText.clean("x".repeat(100_000));
        assertThat(cut).hasSize(LogText.MAX_CHARS).endsWith("\u2026");
        assertThat(LogText.clean("y".repeat(LogText.MAX_CHARS)))
                .hasSize(LogText.MAX_CHARS)
                .doesNotContain("\u2026");
    }

    @Test
    void invalidUtf8FromTheBoardBecomesReplacementCharacters() {
        byte[] payload = {3, 'o', 'k', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '!'};
        String text = Messages.Log.decode(payload).text();
        assertThat(LogText.clean(text)).isEqualTo("ok\uFFFD(\uFFFD!");
    }

    @Test
    void consoleLinesKeepTheLevelTheirPrefixNames() {
        assertThat(LogText.levelOfConsoleLine("E (312) boot: no app", LogLine.Level.INFO))
                .isEqualTo(LogLine.Level.ERROR);
        assertThat(LogText.levelOfConsoleLine("W (1) x: y", LogLine.Level.INFO)).isEqualTo(LogLine.Level.WARN);
        assertThat(LogText.levelOfConsoleLine("ESP-ROM:esp32c3-api1-20210207", LogLine.Level.INFO))
                .isEqualTo(LogLine.Level.INFO);
    }
}
