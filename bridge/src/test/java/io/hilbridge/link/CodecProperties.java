package io.hilbridge.link;

import io.hilbridge.lights.Effect;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.LightState;
import io.hilbridge.lights.Rgb;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Properties of the framing and the payload codecs, over generated inputs. */
class CodecProperties {

    @Property(tries = 300)
    void cobsRoundTripsAndNeverEmitsZero(@ForAll @Size(max = 700) byte[] data) {
        byte[] enc = Cobs.encode(data);
        assertThat(enc).doesNotContain((byte) 0);
        assertThat(enc.length).isLessThanOrEqualTo(Cobs.maxEncodedLength(data.length));
        assertThat(Cobs.decode(enc)).isEqualTo(data);
    }

    @Property(tries = 300)
    void everyFrameSurvivesAnySplitOfTheStream(
            @ForAll @IntRange(max = 255) int type,
            @ForAll @IntRange(max = 0xFFFF) int seq,
            @ForAll @Size(max = 200) byte[] payload,
            @ForAll @IntRange(min = 1, max = 64) int chunk) {
        byte[] wire = FrameEncoder.encode(type, seq, payload);
        assertThat(wire.length).isLessThanOrEqualTo(Frame.MAX_ENCODED + 2);
        List<Frame> frames = new ArrayList<>();
        EnumMap<DecodeError, Integer> errors = new EnumMap<>(DecodeError.class);
        FrameDecoder d = new FrameDecoder(VectorsTest.listener(frames, errors));
        for (int i = 0; i < wire.length; i += chunk) d.feed(wire, i, Math.min(chunk, wire.length - i));
        assertThat(frames).containsExactly(new Frame(type, seq, payload));
        assertThat(errors).isEmpty();
    }

    @Property(tries = 300)
    void aFrameAfterAnyGarbageIsDecodedIntact(
            @ForAll @Size(max = 600) byte[] garbage,
            @ForAll @IntRange(max = 0xFFFF) int seq,
            @ForAll @Size(max = 200) byte[] payload) {
        Frame frame = new Frame(Frame.LOG, seq, payload);
        List<Frame> frames = new ArrayList<>();
        FrameDecoder d = new FrameDecoder(VectorsTest.listener(frames, new EnumMap<>(DecodeError.class)));
        d.feed(garbage);
        d.feed(FrameEncoder.encode(frame));
        assertThat(frames).isNotEmpty();
        assertThat(frames.get(frames.size() - 1)).isEqualTo(frame);
    }

    @Property(tries = 300)
    void everyRunBetweenDelimitersIsOneFrameOrOneError(@ForAll @Size(max = 2000) byte[] noise) {
        List<Frame> frames = new ArrayList<>();
        EnumMap<DecodeError, Integer> errors = new EnumMap<>(DecodeError.class);
        FrameDecoder d = new FrameDecoder(VectorsTest.listener(frames, errors));
        d.feed(noise);
        d.feed((byte) 0);
        int runs = 0;
        int len = 0;
        for (byte b : noise) {
            if (b == 0) {
                if (len > 0) runs++;
                len = 0;
            } else {
                len++;
            }
        }
        if (len > 0) runs++;
        int errorCount = errors.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(frames.size() + errorCount).isEqualTo(runs);
    }

    @Property(tries = 300)
    void setCommandCarriesExactlyTheChange(
            @ForAll("changes") LightChange change, @ForAll @IntRange(max = 255) int light) {
        Messages.SetCommand cmd = Messages.SetCommand.of(light, change);
        Messages.SetCommand back = Messages.SetCommand.decode(cmd.encode());
        assertThat(back).isEqualTo(cmd);
        assertThat(back.light()).isEqualTo(light);
        assertThat(back.toChange()).isEqualTo(change);
    }

    @Property(tries = 300)
    void stateRoundTrips(
            @ForAll("states") LightState s,
            @ForAll @IntRange(max = 7) int light,
            @ForAll @IntRange(max = 0xFFFF) int gen) {
        Messages.State m = Messages.State.of(light, io.hilbridge.lights.StateCause.BUTTON, s, gen);
        Messages.State back = Messages.State.decode(m.encode());
        assertThat(back.toLightState()).isEqualTo(s);
        assertThat(back.stateGen()).isEqualTo(gen);
    }

    @Property(tries = 300)
    void ackStateRoundTripsAndStandsForAStateThenAnAck(
            @ForAll("states") LightState s,
            @ForAll @IntRange(max = 7) int light,
            @ForAll @IntRange(max = 0xFFFF) int ackSeq,
            @ForAll @IntRange(max = 0xFFFF) int gen) {
        Messages.AckState m = Messages.AckState.of(ackSeq, gen, light, s);
        byte[] p = m.encode();
        assertThat(p).hasSize(11);
        Messages.AckState back = Messages.AckState.decode(p);
        assertThat(back).isEqualTo(m);
        assertThat(back.ack()).isEqualTo(new Messages.Ack(ackSeq, gen));
        assertThat(back.state()).isEqualTo(Messages.State.of(light, io.hilbridge.lights.StateCause.COMMAND, s, gen));
        // Its first four bytes are an ACK's payload.
        assertThat(java.util.Arrays.copyOf(p, 4)).isEqualTo(back.ack().encode());
    }

    @Property(tries = 100)
    void ackStateOfAnyOtherLengthIsMalformed(@ForAll @Size(max = 40) byte[] p) {
        net.jqwik.api.Assume.that(p.length != 11);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Messages.AckState.decode(p))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessageContaining("ACK_STATE");
    }

    /** Coalescing pending commands must equal applying them one after the other, as the board would. */
    @Property(tries = 300)
    void coalescedChangesEqualSequentialApplication(
            @ForAll("states") LightState start, @ForAll("changeLists") List<LightChange> changes) {
        LightState sequential = start;
        LightChange merged = null;
        for (LightChange c : changes) {
            sequential = sequential.apply(c);
            merged = merged == null ? c : LinkSession.coalesce(merged, c);
        }
        assertThat(start.apply(merged)).isEqualTo(sequential);
    }

    @Provide
    Arbitrary<LightChange> changes() {
        Arbitrary<Boolean> on = Arbitraries.of(true, false).injectNull(0.4);
        Arbitrary<Integer> brightness = Arbitraries.integers().between(0, 255).injectNull(0.5);
        Arbitrary<Rgb> color = Combinators.combine(
                        Arbitraries.integers().between(0, 255),
                        Arbitraries.integers().between(0, 255),
                        Arbitraries.integers().between(0, 255))
                .as(Rgb::new)
                .injectNull(0.5);
        Arbitrary<Integer> transition = Arbitraries.integers().between(0, 65535).injectNull(0.7);
        Arbitrary<Effect> effect = Arbitraries.of(Effect.class).injectNull(0.6);
        return Combinators.combine(on, brightness, color, transition, effect)
                .as(LightChange::new)
                .filter(c -> !c.isEmpty());
    }

    @Provide
    Arbitrary<List<LightChange>> changeLists() {
        return changes().list().ofMinSize(1).ofMaxSize(8);
    }

    @Provide
    Arbitrary<LightState> states() {
        return Combinators.combine(
                        Arbitraries.of(true, false),
                        Arbitraries.integers().between(0, 255),
                        Combinators.combine(
                                        Arbitraries.integers().between(0, 255),
                                        Arbitraries.integers().between(0, 255),
                                        Arbitraries.integers().between(0, 255))
                                .as(Rgb::new),
                        Arbitraries.of(Effect.class))
                .as(LightState::new);
    }
}
