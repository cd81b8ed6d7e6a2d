package io.hilbridge.link;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the decoder and the payload codecs with arbitrary bytes. Invariants: nothing but
 * {@link MalformedPayloadException} comes out of any decoder; one read and byte-by-byte reads give the same result;
 * every delivered frame re-encodes to bytes that decode to itself. The seed corpus (valid frames of every type,
 * from the golden vectors) lives in src/test/resources/io/hilbridge/link/FrameDecoderFuzzTestInputs/fuzzDecoder/,
 * since a fuzzer without valid seeds rarely passes the CRC.
 */
class FrameDecoderFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void fuzzDecoder(byte[] data) {
        List<Frame> whole = new ArrayList<>();
        EnumMap<DecodeError, Integer> wholeErrors = new EnumMap<>(DecodeError.class);
        FrameDecoder a = new FrameDecoder(VectorsTest.listener(whole, wholeErrors));
        a.feed(data);

        List<Frame> bytewise = new ArrayList<>();
        EnumMap<DecodeError, Integer> bytewiseErrors = new EnumMap<>(DecodeError.class);
        FrameDecoder b = new FrameDecoder(VectorsTest.listener(bytewise, bytewiseErrors));
        for (byte x : data) b.feed(x);

        assertThat(bytewise).isEqualTo(whole);
        assertThat(bytewiseErrors).isEqualTo(wholeErrors);

        for (Frame f : whole) {
            assertThat(f.payloadLength()).isLessThanOrEqualTo(Frame.MAX_PAYLOAD);
            List<Frame> again = new ArrayList<>();
            new FrameDecoder(VectorsTest.listener(again, new EnumMap<>(DecodeError.class)))
                    .feed(FrameEncoder.encode(f));
            assertThat(again).containsExactly(f);
            decodeEveryWay(f.payload());
        }
        decodeEveryWay(data.length <= Frame.MAX_PAYLOAD ? data : java.util.Arrays.copyOf(data, Frame.MAX_PAYLOAD));
    }

    /** Every payload decoder either parses or throws MalformedPayloadException; what parses re-encodes. */
    private static void decodeEveryWay(byte[] p) {
        try {
            Messages.Hello h = Messages.Hello.decode(p);
            h.toBoardInfo();
            assertThat(Messages.Hello.decode(h.encode())).isEqualTo(h);
        } catch (MalformedPayloadException expected) {
            // fine
        }
        try {
            Messages.SetCommand s = Messages.SetCommand.decode(p);
            assertThat(s.encode()).isEqualTo(p);
            s.toChange();
        } catch (MalformedPayloadException expected) {
            // fine
        }
        try {
            Messages.State s = Messages.State.decode(p);
            assertThat(s.encode()).isEqualTo(p);
            s.toLightState();
            s.toCause();
        } catch (MalformedPayloadException expected) {
            // fine
        }
        try {
            Messages.Ack.decode(p);
        } catch (MalformedPayloadException expected) {
            // fine
        }
        try {
            Messages.Nack.decode(p);
        } catch (MalformedPayloadException expected) {
            // fine
        }
        try {
            Messages.Pong.decode(p);
        } catch (MalformedPayloadException expected) {
            // fine
        }
        try {
            Messages.StateReq.decode(p);
        } catch (MalformedPayloadException expected) {
            // fine
        }
        try {
            Messages.Log.decode(p);
        } catch (MalformedPayloadException expected) {
            // fine
        }
        try {
            Messages.PixelsSub.decode(p);
        } catch (MalformedPayloadException expected) {
            // fine
        }
        try {
            Messages.Pixels px = Messages.Pixels.decode(p);
            assertThat(px.encode()).isEqualTo(p);
            assertThat(px.count()).isBetween(1, Messages.PIXELS_MAX_CHUNK);
        } catch (MalformedPayloadException expected) {
            // fine
        }
    }
}
