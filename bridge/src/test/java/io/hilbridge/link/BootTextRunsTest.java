package io.hilbridge.link;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decoder tells the ROM's boot text apart from damage on the wire (uart-link.md section 2): the run dropped
 * before a board's first frame is counted under its kind, as before, and also flagged as boot text.
 */
class BootTextRunsTest {
    /** The ESP32-C3 ROM's normal boot, as QEMU's esp32c3 machine prints it (short: a cobs/runt/crc run). */
    private static final String C3_BOOT = "ESP-ROM:esp32c3-api1-20210207\r\nBuild:Feb  7 2021\r\nrst:0x1 (POWERON),"
            + "boot:0x8 (SPI_FAST_FLASH_BOOT)\r\n";

    private record Drop(DecodeError kind, boolean bootText) {}

    /** Feeds {@code before}, then a HELLO_REQ frame with its leading 0x00, and returns the drops and frames seen. */
    private static List<Object> decode(byte[] before) {
        List<Object> seen = new ArrayList<>();
        FrameDecoder d = new FrameDecoder(new FrameDecoder.Listener() {
            @Override
            public void onFrame(Frame frame) {
                seen.add(frame.type());
            }

            @Override
            public void onError(DecodeError error) {
                throw new AssertionError("the decoder must call onDropped, not onError");
            }

            @Override
            public void onDropped(DecodeError error, boolean romBootText) {
                seen.add(new Drop(error, romBootText));
            }
        });
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        s.writeBytes(before);
        s.writeBytes(FrameEncoder.encode(Frame.HELLO_REQ, 7, new byte[0]));
        d.feed(s.toByteArray());
        return seen;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void theSimulatedBoardsRomTextIsOneOversizeRunOfBootText() {
        byte[] text =
                ascii("ets Jun  8 2016 00:22:57\r\n\r\nrst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
                        + "configsip: 0, SPIWP:0xee\r\nclk_drv:0x00,q_drv:0x00,d_drv:0x00,cs0_drv:0x00\r\n"
                        + "mode:DIO, clock div:2\r\nload:0x3fff0030,len:7104\r\nentry 0x400805f0\r\n");
        assertThat(text.length).isGreaterThan(Frame.MAX_ENCODED);
        assertThat(decode(text)).containsExactly(new Drop(DecodeError.OVERSIZE, true), Frame.HELLO_REQ);
    }

    @Test
    void aShortBannerIsBootTextWhateverKindItDecodesAs() {
        List<Object> seen = decode(ascii(C3_BOOT));
        assertThat(seen).hasSize(2).endsWith(Frame.HELLO_REQ);
        assertThat(((Drop) seen.get(0)).bootText()).isTrue();
        assertThat(decode(ascii(HandshakeWatchTest.C3_DOWNLOAD)).get(0))
                .as("download mode is the ROM speaking too")
                .extracting(o -> ((Drop) o).bootText())
                .isEqualTo(true);
    }

    @Test
    void aGlitchOrTwoAtPowerUpIsStillBootTextButThreeAreNoise() {
        byte[] two = ascii("\u007f" + C3_BOOT);
        two[0] = (byte) 0xF8;
        two[5] = (byte) 0x80;
        assertThat(((Drop) decode(two).get(0)).bootText()).isTrue();
        byte[] three = two.clone();
        three[9] = (byte) 0xFE;
        assertThat(((Drop) decode(three).get(0)).bootText()).isFalse();
    }

    @Test
    void theTailOfTheRomTextIsBootTextToo() {
        // The host opened the port while the ROM was printing: it sees only the loader's last lines.
        List<Object> seen = decode(ascii("8,len:7104\r\nentry 0x400805f0\r\n"));
        assertThat(((Drop) seen.get(0)).bootText()).isTrue();
        assertThat(((Drop) decode(ascii("0x00,cs0_drv:0x00\r\nload:0x3fff0030,len:7104\r\n"))
                                .get(0))
                        .bootText())
                .isTrue();
    }

    @Test
    void consoleLogLinesAloneAreNotBootText() {
        assertThat(decode(ascii(HandshakeWatchTest.IDF_LOG)).get(0)).isEqualTo(new Drop(DecodeError.COBS, false));
    }

    @Test
    void textWithoutTheResetBannerIsNotBootText() {
        assertThat(((Drop) decode(ascii("hello there rst:0x (nothing)\r\nrst:0x1(no space)\r\n"))
                                .get(0))
                        .bootText())
                .isFalse();
    }

    @Test
    void lineNoiseIsNeverBootText() {
        Random r = new Random(5);
        for (int i = 0; i < 2000; i++) {
            byte[] noise = new byte[1 + r.nextInt(300)];
            r.nextBytes(noise);
            for (int j = 0; j < noise.length; j++) if (noise[j] == 0) noise[j] = 1;
            for (Object o : decode(noise)) {
                if (o instanceof Drop drop)
                    assertThat(drop.bootText()).as("noise run %d", i).isFalse();
            }
        }
    }

    @Test
    void aBitFlippedFrameIsNoise() {
        byte[] frame = FrameEncoder.encode(Frame.PING, 3, new byte[0]);
        frame[3] ^= 0x10;
        assertThat(decode(frame)).first().isEqualTo(new Drop(DecodeError.CRC, false));
    }

    @Test
    void listenersThatOnlyKnowOnErrorStillHearEveryDrop() {
        List<DecodeError> errors = new ArrayList<>();
        FrameDecoder d = new FrameDecoder(new FrameDecoder.Listener() {
            @Override
            public void onFrame(Frame frame) {}

            @Override
            public void onError(DecodeError error) {
                errors.add(error);
            }
        });
        d.feed(ascii(C3_BOOT));
        d.feed((byte) 0);
        assertThat(errors).hasSize(1);
    }
}
