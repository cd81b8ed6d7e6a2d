package io.hilbridge.link;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleTextTest {
    private final List<String> lines = new ArrayList<>();
    private final ConsoleText text = new ConsoleText(lines::add);

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void bootBannerLinesAreFoundBetweenFramesWhateverTheSplit() {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(
                ascii("ESP-ROM:esp32c3-api1-20210207\r\nrst:0xc (RTC_SW_CPU_RST),boot:0x8 (SPI_FAST_FLASH_BOOT)\r\n"));
        wire.writeBytes(FrameEncoder.encode(Frame.LOG, 7, new Messages.Log(3, "boot 1a2b").encode()));
        wire.writeBytes(ascii("\u001B[0;31mE (312) boot: no app partition\u001B[0m\nGr\u00fc\u00dfe\n"));
        byte[] all = wire.toByteArray();
        for (int chunk : new int[] {1, 3, all.length}) {
            lines.clear();
            text.reset();
            for (int i = 0; i < all.length; i += chunk) {
                byte[] part = java.util.Arrays.copyOfRange(all, i, Math.min(all.length, i + chunk));
                text.feed(part);
            }
            assertThat(lines)
                    .as("fed in chunks of %d", chunk)
                    .containsExactly(
                            "ESP-ROM:esp32c3-api1-20210207",
                            "rst:0xc (RTC_SW_CPU_RST),boot:0x8 (SPI_FAST_FLASH_BOOT)",
                            "\u001B[0;31mE (312) boot: no app partition\u001B[0m",
                            "Gr\u00fc\u00dfe");
        }
    }

    @Test
    void noFrameEverPassesForALineEvenWithLineBreaksInside() {
        Random r = new Random(17);
        for (int i = 0; i < 20_000; i++) {
            byte[] payload = new byte[r.nextInt(Frame.MAX_PAYLOAD + 1)];
            for (int j = 0; j < payload.length; j++) {
                int k = r.nextInt(10);
                payload[j] = (byte) (k == 0 ? '\n' : k == 1 ? '\r' : k == 2 ? 0 : 0x20 + r.nextInt(0x5F));
            }
            text.feed(FrameEncoder.encode(r.nextInt(256), r.nextInt(0x10000), payload));
        }
        assertThat(lines).isEmpty();
    }

    @Test
    void garbageTaintsUntilADelimiterOrMoreThanAFrameOfBytes() {
        text.feed(ascii("\u0001\u0002garbage at 74880 baud\nlost\n"));
        assertThat(lines).isEmpty();
        text.feed(ascii("x".repeat(Frame.MAX_ENCODED) + "\nreadable again\n"));
        assertThat(lines).containsExactly("readable again");
    }

    @Test
    void bytesBeforeAFrameDelimiterAreNeverPartOfALine() {
        text.feed(ascii("the tail of a frame whose start was missed"));
        text.feed((byte) 0);
        text.feed(ascii("after\n"));
        assertThat(lines).containsExactly("after");
    }

    @Test
    void tabsAndColourEscapesAreText() {
        text.feed(ascii("a\tb \u001B[0m\n"));
        assertThat(lines).containsExactly("a\tb \u001B[0m");
    }

    @Test
    void delTaintsLikeAControlByte() {
        text.feed(ascii("bad\u007Fline\n"));
        assertThat(lines).isEmpty();
    }

    /** The taint ends at a line break only once more than {@link Frame#MAX_ENCODED} bytes followed the last 0x00. */
    private List<String> afterTaintedRunWhoseLineBreakIsByte(int sinceDelimiter) {
        lines.clear();
        text.reset();
        text.feed((byte) 0);
        text.feed((byte) 1); // byte 1 since the delimiter: taints
        text.feed(ascii("x".repeat(sinceDelimiter - 2) + "\nnext\n"));
        return List.copyOf(lines);
    }

    @Test
    void aLineBreakEndsTheTaintOnlyAfterMoreBytesThanAnyFrame() {
        assertThat(afterTaintedRunWhoseLineBreakIsByte(Frame.MAX_ENCODED))
                .as("a frame may be this long")
                .isEmpty();
        assertThat(afterTaintedRunWhoseLineBreakIsByte(Frame.MAX_ENCODED + 1)).containsExactly("next");
    }

    @Test
    void resetForgetsAPartialLine() {
        text.feed(ascii("half"));
        text.reset();
        text.feed(ascii("whole\n"));
        assertThat(lines).containsExactly("whole");
    }

    @Test
    void longLinesComeInPieces() {
        text.feed(ascii("y".repeat(ConsoleText.MAX_LINE_BYTES + 5) + "\n"));
        assertThat(lines).containsExactly("y".repeat(ConsoleText.MAX_LINE_BYTES), "yyyyy");
    }

    /**
     * The taint ends at a line break only once the run since the last delimiter is longer than any frame: a run of
     * exactly {@link Frame#MAX_ENCODED} bytes could still be one, a run of one more cannot.
     */
    @Test
    void aLineBreakEndsTheTaintOnlyPastTheLongestFrame() {
        // 0x00, then a control byte and filler so that the line break is byte number MAX_ENCODED of the run.
        text.feed(new byte[] {0, 1});
        text.feed(ascii("x".repeat(Frame.MAX_ENCODED - 2) + "\n"));
        text.feed(ascii("still tainted\n"));
        assertThat(lines)
                .as("a run of %d bytes may be a frame", Frame.MAX_ENCODED)
                .isEmpty();

        text.feed(new byte[] {0, 1});
        text.feed(ascii("x".repeat(Frame.MAX_ENCODED - 1) + "\n"));
        text.feed(ascii("readable\n"));
        assertThat(lines)
                .as("a run of %d bytes is no frame", Frame.MAX_ENCODED + 1)
                .containsExactly("readable");
    }

    /** Text is printable ASCII, tab, ESC and UTF-8; any other control byte (below 0x20, and DEL) taints the line. */
    @Test
    void whichBytesAreText() {
        text.feed(ascii(" tab\there\u001B[0m ~\n"));
        assertThat(lines).containsExactly(" tab\there\u001B[0m ~");
        for (int control : new int[] {0x01, 0x08, 0x0B, 0x0C, 0x1A, 0x1C, 0x1F, 0x7F}) {
            lines.clear();
            text.feed(new byte[] {0}); // a delimiter ends the taint of the previous case
            text.feed(new byte[] {'a', (byte) control, 'b', '\n'});
            assertThat(lines).as("byte 0x%02X", control).isEmpty();
        }
        lines.clear();
        text.feed(new byte[] {0});
        text.feed(new byte[] {'a', 0x20, 0x7E, 'b', '\n'});
        assertThat(lines).containsExactly("a ~b");
    }

    @Test
    void aLineOfExactlyTheLimitComesWhole() {
        text.feed(ascii("z".repeat(ConsoleText.MAX_LINE_BYTES) + "\r\n"));
        assertThat(lines).containsExactly("z".repeat(ConsoleText.MAX_LINE_BYTES));
    }
}
