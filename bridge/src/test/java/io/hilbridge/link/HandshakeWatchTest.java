package io.hilbridge.link;

import io.hilbridge.serial.PortProblem;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The boot text the frame decoder drops, read for what it says about a handshake that gets no HELLO. */
class HandshakeWatchTest {
    /** The classic ESP32's ROM with IO0 low at reset. */
    static final String ESP32_DOWNLOAD = "ets Jun  8 2016 00:22:57\r\n\r\nrst:0x1 (POWERON_RESET),boot:0x3"
            + " (DOWNLOAD_BOOT(UART0/UART1/SDIO_REI_REO_V2))\r\nwaiting for download\r\n";
    /** The ESP32-C3's ROM in download mode. */
    static final String C3_DOWNLOAD = "ESP-ROM:esp32c3-api1-20210207\r\nBuild:Feb  7 2021\r\nrst:0x1 (POWERON),"
            + "boot:0x4 (DOWNLOAD(USB/UART0/1))\r\nwaiting for download\r\n";

    static final String ESP32_NORMAL_BOOT = "ets Jun  8 2016 00:22:57\r\n\r\nrst:0x1 (POWERON_RESET),boot:0x13"
            + " (SPI_FAST_FLASH_BOOT)\r\nconfigsip: 0, SPIWP:0xee\r\n";
    static final String IDF_LOG =
            "I (29) boot: ESP-IDF v5.5 2nd stage bootloader\r\nI (312) cpu_start: Starting" + " scheduler.\r\n";

    private static final long S = TimeUnit.SECONDS.toNanos(1);

    private static HandshakeWatch watch() {
        HandshakeWatch w = new HandshakeWatch("/dev/ttyUSB0", Duration.ofSeconds(5));
        w.opened(0);
        return w;
    }

    private static void feedInPieces(HandshakeWatch w, String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < b.length; i += 7) { // any split of the stream
            w.feed(java.util.Arrays.copyOfRange(b, i, Math.min(b.length, i + 7)));
        }
    }

    @Test
    void downloadModeIsSaidAtOnceAndOnce() {
        for (String banner : new String[] {ESP32_DOWNLOAD, C3_DOWNLOAD}) {
            HandshakeWatch w = watch();
            assertThat(w.check(S / 10)).isEmpty();
            feedInPieces(w, banner);
            PortProblem p = w.check(S / 5).orElseThrow();
            assertThat(p.kind()).isEqualTo(PortProblem.Kind.DOWNLOAD_MODE);
            assertThat(p.what()).contains("download mode");
            assertThat(p.fix()).contains("RESET");
            assertThat(w.check(10 * S)).as("said once per connection").isEmpty();
        }
    }

    @Test
    void silenceIsReportedAfterTheTimeWithTheLikelyCauses() {
        HandshakeWatch w = watch();
        assertThat(w.check(5 * S - 1)).isEmpty();
        PortProblem p = w.check(5 * S).orElseThrow();
        assertThat(p.kind()).isEqualTo(PortProblem.Kind.NO_HELLO);
        assertThat(p.what()).contains("within 5 s").contains("no bytes");
        assertThat(p.fix())
                .contains("flash the hilbridge firmware")
                .contains("--baud")
                .contains("download mode")
                .contains("console and protocol");
        w.opened(6 * S); // a new connection may say it again
        assertThat(w.check(11 * S)).isPresent();
    }

    @Test
    void theTimeCountsFromTheLatestOpening() {
        HandshakeWatch w = new HandshakeWatch("/dev/ttyUSB0", Duration.ofSeconds(5));
        w.opened(100 * S);
        assertThat(w.check(100 * S + 1)).as("1 ns after opening").isEmpty();
        assertThat(w.check(105 * S - 1)).isEmpty();
        assertThat(w.check(105 * S)).isPresent();
    }

    @Test
    void aNewOpeningForgetsTheTextOfTheLastOne() {
        HandshakeWatch w = watch();
        feedInPieces(w, "waiting for download"); // the notice, its line not ended yet
        w.opened(S); // reconnected: the board starts over
        w.feed("\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(w.check(2 * S))
                .as("no download mode seen on this connection")
                .isEmpty();
        feedInPieces(w, C3_DOWNLOAD);
        assertThat(w.check(2 * S).orElseThrow().kind()).isEqualTo(PortProblem.Kind.DOWNLOAD_MODE);
    }

    @Test
    void aNormalRomBannerWithoutHelloPointsAtTheFirmware() {
        HandshakeWatch w = watch();
        feedInPieces(w, ESP32_NORMAL_BOOT);
        assertThat(w.check(S)).as("a normal boot is no reason to speak early").isEmpty();
        PortProblem p = w.check(5 * S).orElseThrow();
        assertThat(p.kind()).isEqualTo(PortProblem.Kind.NO_HELLO);
        assertThat(p.what()).contains("ROM's boot text");
    }

    @Test
    void espIdfLogLinesMeanConsoleAndProtocolShareThePort() {
        HandshakeWatch w = watch();
        feedInPieces(w, ESP32_NORMAL_BOOT + IDF_LOG);
        PortProblem p = w.check(5 * S).orElseThrow();
        assertThat(p.what()).contains("console and protocol share it");
        assertThat(p.fix()).contains("menuconfig");
    }

    /** "waiting for download" with bytes that are not printable ASCII in it (a glitch while the chip starts). */
    private static byte[] downloadNoticeWithGlitches(byte end) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.writeBytes("waiting".getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(new byte[] {0x7F, 0x07, (byte) 0xFF, 0x1B});
        b.writeBytes(" for download".getBytes(StandardCharsets.US_ASCII));
        b.write(end);
        return b.toByteArray();
    }

    @Test
    void bootTextReadsLinesEndedByLfOrCrAloneAndSkipsBytesThatAreNotPrintableAscii() {
        for (byte end : new byte[] {'\n', '\r'}) {
            BootText t = new BootText();
            t.feed(downloadNoticeWithGlitches(end));
            assertThat(t.downloadMode()).as("line ended by 0x%02x", end).isTrue();
        }
    }

    private static BootText read(String text) {
        BootText t = new BootText();
        t.feed(text.getBytes(StandardCharsets.US_ASCII));
        return t;
    }

    @Test
    void eachRomLineAloneIsRecognised() {
        BootText c3 = read("ESP-ROM:esp32c3-api1-20210207\r\n");
        assertThat(c3.romBanner()).isTrue();
        assertThat(c3.downloadMode()).isFalse();
        BootText reset = read("rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n");
        assertThat(reset.romBanner()).isTrue();
        assertThat(reset.downloadMode()).isFalse();
        assertThat(read("boot:0x3 (DOWNLOAD_BOOT(UART0/UART1/SDIO_REI_REO_V2))\r\n")
                        .downloadMode())
                .as("the boot mode line alone says download mode")
                .isTrue();
        assertThat(read("I (29) boot: ESP-IDF v5.5\r\n").romBanner()).isFalse();
    }

    @Test
    void bootTextDoesNotReadALineCutByAFrameDelimiter() {
        BootText t = new BootText();
        t.feed("waiting for download".getBytes(StandardCharsets.US_ASCII));
        t.feed((byte) 0); // the text was the tail of a frame
        t.feed("\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(t.downloadMode()).isFalse();
    }

    @Test
    void bootTextResetForgetsAPartialLine() {
        BootText t = new BootText();
        t.feed("waiting for".getBytes(StandardCharsets.US_ASCII));
        t.reset();
        t.feed(" download\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(t.downloadMode()).isFalse();
    }

    @Test
    void bootTextKeepsNoMoreThanOneLine() {
        BootText t = new BootText();
        byte[] noise = new byte[10_000];
        java.util.Arrays.fill(noise, (byte) 'x');
        t.feed(noise);
        t.feed("waiting for download\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(t.downloadMode())
                .as("a line cut at the limit still ends and the next is read")
                .isTrue();
        t.reset();
        assertThat(t.downloadMode()).isFalse();
        assertThat(t.romBanner()).isFalse();
    }
}
