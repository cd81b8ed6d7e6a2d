package io.hilbridge.link;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Framing rules of uart-link.md section 2 at their limits: the encoder's payload (at most 200 bytes), type (a byte)
 * and seq (u16); COBS input that is not valid; and the decoder counting each dropped run exactly once by kind.
 */
class FrameEncoderRulesTest {

    @Test
    void payloadOfAtMost200Bytes() {
        byte[] max = FrameEncoder.encode(Frame.SET, 1, new byte[200]);
        assertThat(decodeAll(max).frames()).containsExactly(new Frame(Frame.SET, 1, new byte[200]));
        assertThatThrownBy(() -> FrameEncoder.encode(Frame.SET, 1, new byte[201]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("201 bytes exceeds the maximum of 200");
    }

    @Test
    void typeIsAByteAndSeqAU16() {
        Decoded d = decodeAll(FrameEncoder.encode(0xFF, 0xFFFF, new byte[0]));
        assertThat(d.frames()).containsExactly(new Frame(0xFF, 0xFFFF, new byte[0]));
        assertThat(decodeAll(FrameEncoder.encode(0, 0, new byte[0])).frames())
                .containsExactly(new Frame(0, 0, new byte[0]));
        assertThatThrownBy(() -> FrameEncoder.encode(0x100, 0, new byte[0])).hasMessage("type must be a byte: 256");
        assertThatThrownBy(() -> FrameEncoder.encode(-1, 0, new byte[0])).hasMessage("type must be a byte: -1");
        assertThatThrownBy(() -> FrameEncoder.encode(1, 0x10000, new byte[0])).hasMessage("seq must be u16: 65536");
        assertThatThrownBy(() -> FrameEncoder.encode(1, -1, new byte[0])).hasMessage("seq must be u16: -1");
    }

    @Test
    void aFrameHoldsOnlyWhatTheWireCanCarry() {
        assertThat(new Frame(0xFF, 0xFFFF, new byte[200]).payloadLength()).isEqualTo(200);
        assertThat(new Frame(0, 0, new byte[0]).type()).isZero();
        assertThatThrownBy(() -> new Frame(0x100, 0, new byte[0])).hasMessage("type must be a byte: 256");
        assertThatThrownBy(() -> new Frame(-1, 0, new byte[0])).hasMessage("type must be a byte: -1");
        assertThatThrownBy(() -> new Frame(1, 0x10000, new byte[0])).hasMessage("seq must be u16: 65536");
        assertThatThrownBy(() -> new Frame(1, -1, new byte[0])).hasMessage("seq must be u16: -1");
        assertThatThrownBy(() -> new Frame(1, 0, null)).hasMessage("payload is null");
        assertThatThrownBy(() -> new Frame(1, 0, new byte[201])).hasMessageContaining("201 bytes exceeds");
        assertThat(new Frame(1, 2, new byte[] {3}))
                .isEqualTo(new Frame(1, 2, new byte[] {3}))
                .isNotEqualTo(new Frame(1, 2, new byte[] {4}))
                .isNotEqualTo(new Frame(1, 3, new byte[] {3}));
    }

    @Test
    void logIsALevelThenUpTo199BytesOfText() {
        assertThatThrownBy(() -> Messages.Log.decode(new byte[0]))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("LOG: empty payload, the level byte is missing");
        assertThat(Messages.Log.decode(new byte[] {3})).isEqualTo(new Messages.Log(3, ""));
        // Trailing NULs are line corruption, never text; the text before them is kept whole.
        assertThat(Messages.Log.decode(new byte[] {2, 'o', 'k', 0, 0})).isEqualTo(new Messages.Log(2, "ok"));
        assertThat(Messages.Log.decode(new byte[] {2, 0})).isEqualTo(new Messages.Log(2, ""));
        assertThat(new Messages.Log(1, "e".repeat(199)).encode()).hasSize(200);
        byte[] cut = new Messages.Log(1, "e".repeat(250)).encode();
        assertThat(cut).hasSize(200);
        assertThat(Messages.Log.decode(cut)).isEqualTo(new Messages.Log(1, "e".repeat(199)));
    }

    @Test
    void invalidCobsIsRefused() {
        // A code byte 0x05 promises four more bytes; only two follow.
        assertThatThrownBy(() -> Cobs.decode(new byte[] {0x05, 0x11, 0x22}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid COBS");
        // A 0x00 inside an encoded run.
        assertThatThrownBy(() -> Cobs.decode(new byte[] {0x03, 0x11, 0x00}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Cobs.decode(new byte[] {0x03, 0x11, 0x22})).containsExactly(0x11, 0x22);
        assertThat(Cobs.decode(new byte[] {0x01, 0x01})).containsExactly(0x00);
    }

    @Test
    void decoderCountsEachDroppedRunOnceByKind() {
        byte[] good = FrameEncoder.encode(Frame.PING, 7, new byte[0]);
        byte[] badCrc = good.clone();
        badCrc[badCrc.length - 2] ^= 0x01;
        byte[] runt = {0, 0x03, 0x01, 0x02, 0};
        byte[] badCobs = {0, 0x09, 0x01, 0};
        byte[] badVersion = withVersion2(new byte[] {2, (byte) Frame.PING, 7, 0});
        List<Frame> frames = new ArrayList<>();
        Map<DecodeError, Integer> errors = new EnumMap<>(DecodeError.class);
        FrameDecoder d = new FrameDecoder(VectorsTest.listener(frames, errors));
        d.feed(badCrc);
        d.feed(badCrc);
        d.feed(runt);
        d.feed(badCobs);
        d.feed(new byte[300]); // 300 delimiters: empty runs, no error
        byte[] oversize = new byte[220];
        java.util.Arrays.fill(oversize, (byte) 0x11);
        d.feed(oversize);
        d.feed((byte) 0);
        d.feed(badVersion);
        d.feed(good);
        assertThat(frames).containsExactly(new Frame(Frame.PING, 7, new byte[0]));
        assertThat(d.frames()).isEqualTo(1);
        assertThat(errors)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        DecodeError.CRC,
                        2,
                        DecodeError.RUNT,
                        1,
                        DecodeError.COBS,
                        1,
                        DecodeError.OVERSIZE,
                        1,
                        DecodeError.VERSION,
                        1));
        assertThat(d.errors(DecodeError.CRC)).isEqualTo(2);
        assertThat(d.errors(DecodeError.OVERSIZE)).isEqualTo(1);
    }

    /** A delimited frame of {@code header} and its correct CRC: everything valid but the version byte. */
    private static byte[] withVersion2(byte[] header) {
        byte[] body = java.util.Arrays.copyOf(header, header.length + 2);
        int crc = Crc16.compute(body, 0, header.length);
        body[header.length] = (byte) (crc >>> 8);
        body[header.length + 1] = (byte) crc;
        byte[] cobs = Cobs.encode(body);
        byte[] wire = new byte[cobs.length + 2];
        System.arraycopy(cobs, 0, wire, 1, cobs.length);
        return wire;
    }

    @Test
    void decodeErrorsIsTheSumOfEveryKind() {
        LinkStats s = new LinkStats(0, 0, 0, 0, 1, 20, 300, 4000, 50000, 9, 9, 9, 9, 9, -1, 0);
        assertThat(s.decodeErrors()).isEqualTo(54321);
    }

    private record Decoded(List<Frame> frames, Map<DecodeError, Integer> errors) {}

    private static Decoded decodeAll(byte[] wire) {
        List<Frame> frames = new ArrayList<>();
        Map<DecodeError, Integer> errors = new EnumMap<>(DecodeError.class);
        new FrameDecoder(VectorsTest.listener(frames, errors)).feed(wire);
        return new Decoded(frames, errors);
    }
}
