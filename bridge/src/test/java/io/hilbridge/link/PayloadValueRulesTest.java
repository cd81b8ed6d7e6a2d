package io.hilbridge.link;

import io.hilbridge.lights.Effect;
import io.hilbridge.lights.LightInfo;
import io.hilbridge.lights.LightKind;
import io.hilbridge.lights.StateCause;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The value ranges of uart-link.md section 3, each at its boundary: HELLO's light_count (1..8), ids (0..n-1 in
 * order), kinds (0..3) and strings (at most 15 UTF-8 bytes); STATE's cause (0..5), on (0..1) and effect (0..3);
 * SET's reserved field bits. Out of range is a {@link MalformedPayloadException} naming the message and the rule.
 */
class PayloadValueRulesTest {

    /** A HELLO payload built by hand, so that it can break the rules the encoder refuses to break. */
    private static byte[] hello(int count, int[] ids, int[] kinds, String fw) {
        PayloadWriter w = new PayloadWriter().u8(1).string(fw).u32(7).u8(count);
        for (int i = 0; i < ids.length; i++) {
            w.u8(ids[i]).u8(kinds[i]).u16(1).u8(0).string("L" + i);
        }
        return w.toArray();
    }

    private static int[] range(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        return a;
    }

    private static int[] all(int n, int v) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    @Test
    void helloLightCountIsOneToEight() {
        assertThat(Messages.Hello.decode(hello(1, range(1), all(1, 0), "fw")).lights())
                .hasSize(1);
        assertThat(Messages.Hello.decode(hello(8, range(8), all(8, 3), "fw")).lights())
                .hasSize(8);
        assertThatThrownBy(() -> Messages.Hello.decode(hello(0, range(0), all(0, 0), "fw")))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("HELLO: light_count 0 outside 1..8");
        assertThatThrownBy(() -> Messages.Hello.decode(hello(9, range(9), all(9, 0), "fw")))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("HELLO: light_count 9 outside 1..8");
    }

    @Test
    void helloLightIdsAreInOrder() {
        assertThatThrownBy(() -> Messages.Hello.decode(hello(2, new int[] {1, 0}, all(2, 0), "fw")))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("HELLO: light ids must be 0..n-1 in order, got 1 at 0");
        assertThatThrownBy(() -> Messages.Hello.decode(hello(2, new int[] {0, 2}, all(2, 0), "fw")))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("HELLO: light ids must be 0..n-1 in order, got 2 at 1");
    }

    @Test
    void helloKindsAreZeroToThree() {
        List<LightInfo> lights =
                Messages.Hello.decode(hello(4, range(4), range(4), "fw")).lights();
        assertThat(lights)
                .extracting(LightInfo::kind)
                .containsExactly(LightKind.ONOFF, LightKind.DIMMABLE, LightKind.RGB, LightKind.STRIP);
        assertThatThrownBy(() -> Messages.Hello.decode(hello(1, range(1), new int[] {4}, "fw")))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("HELLO: unknown light kind 4");
    }

    @Test
    void stringsHoldAtMost15ValidUtf8Bytes() {
        assertThat(Messages.Hello.decode(hello(1, range(1), all(1, 0), "v".repeat(15)))
                        .firmwareVersion())
                .isEqualTo("v".repeat(15));
        byte[] sixteen = {1, 16, 'v', 'v', 'v', 'v', 'v', 'v', 'v', 'v', 'v', 'v', 'v', 'v', 'v', 'v', 'v', 'v'};
        assertThatThrownBy(() -> Messages.Hello.decode(sixteen))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("HELLO: string length 16 exceeds 15");
        byte[] notUtf8 = {1, 2, (byte) 0xC0, (byte) 0x80};
        assertThatThrownBy(() -> Messages.Hello.decode(notUtf8))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("HELLO: string is not valid UTF-8");
        assertThatThrownBy(() -> new PayloadWriter().string("w".repeat(16)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new PayloadWriter().string("w".repeat(15)).toArray()).hasSize(16);
    }

    @Test
    void helloEffectBitsBeyondTheKnownOnesAreIgnored() {
        byte[] p = new PayloadWriter()
                .u8(1)
                .string("fw")
                .u32(7)
                .u8(1)
                .u8(0)
                .u8(2)
                .u16(1)
                .u8(0xFF)
                .string("L")
                .toArray();
        assertThat(Messages.Hello.decode(p).lights().get(0).effects())
                .isEqualTo(Set.of(Effect.BLINK, Effect.BREATHE, Effect.RAINBOW));
    }

    @Test
    void stateCauseIsZeroToFive() {
        for (StateCause c : StateCause.values()) {
            assertThat(new Messages.State(0, c.code(), 0, 0, 0, 0, 0, 0, 0).toCause())
                    .isEqualTo(c);
        }
        assertThat(StateCause.values()).hasSize(6);
        assertThatThrownBy(() -> new Messages.State(0, 6, 0, 0, 0, 0, 0, 0, 0).toCause())
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("STATE: unknown cause 6");
    }

    @Test
    void stateOnHasOnlyTheOnAndPixelsBitsAndEffectZeroToThree() {
        assertThat(new Messages.State(0, 0, 1, 9, 1, 2, 3, 3, 0).toLightState().on())
                .isTrue();
        assertThat(new Messages.State(0, 0, 1, 9, 1, 2, 3, 3, 0).toLightState().effect())
                .isEqualTo(Effect.RAINBOW);
        // bit 1: per-pixel colours in force (SET_PIXELS); the runs themselves are not on the wire
        assertThat(new Messages.State(0, 0, 2, 0, 0, 0, 0, 0, 0).toLightState().pixelsUnknown())
                .isTrue();
        assertThat(new Messages.State(0, 0, 3, 0, 0, 0, 0, 0, 0).toLightState().on())
                .isTrue();
        assertThatThrownBy(() -> new Messages.State(0, 0, 4, 0, 0, 0, 0, 0, 0).toLightState())
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("STATE: bad on byte 4");
        assertThatThrownBy(() -> new Messages.State(0, 0, 0, 0, 0, 0, 0, 4, 0).toLightState())
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("STATE: unknown effect 4");
    }

    @Test
    void setRefusesReservedBitsAndOutOfRangeOnAndEffect() {
        assertThat(new Messages.SetCommand(0, 0x1F, 1, 0, 0, 0, 0, 0, 3)
                        .toChange()
                        .effect())
                .isEqualTo(Effect.RAINBOW);
        assertThatThrownBy(() -> new Messages.SetCommand(0, 0x20, 0, 0, 0, 0, 0, 0, 0).toChange())
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("SET: reserved field bits set");
        assertThatThrownBy(() -> new Messages.SetCommand(0, 0, 2, 0, 0, 0, 0, 0, 0).toChange())
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("SET: on must be 0 or 1, not 2");
        assertThatThrownBy(() -> new Messages.SetCommand(0, 0, 0, 0, 0, 0, 0, 0, 4).toChange())
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("SET: unknown effect 4");
    }

    @Test
    void writerRefusesValuesThatDoNotFitTheirField() {
        PayloadWriter w = new PayloadWriter();
        w.u8(0).u8(0xFF).u16(0).u16(0xFFFF).u32(0).u32(0xFFFFFFFFL);
        assertThat(w.toArray()).hasSize(1 + 1 + 2 + 2 + 4 + 4);
        for (int bad : new int[] {-1, 0x100}) {
            assertThatThrownBy(() -> new PayloadWriter().u8(bad)).hasMessage("value " + bad + " does not fit a u8");
        }
        for (int bad : new int[] {-1, 0x10000}) {
            assertThatThrownBy(() -> new PayloadWriter().u16(bad)).hasMessage("value " + bad + " does not fit a u16");
        }
        for (long bad : new long[] {-1, 0x100000000L}) {
            assertThatThrownBy(() -> new PayloadWriter().u32(bad)).hasMessage("value " + bad + " does not fit a u32");
        }
    }

    @Test
    void writerHoldsAtMost200PayloadBytes() {
        PayloadWriter w = new PayloadWriter();
        for (int i = 0; i < 200; i++) w.u8(i & 0xFF);
        byte[] full = w.toArray();
        assertThat(full).hasSize(200);
        assertThat(full[199]).isEqualTo((byte) 199);
        w.u8(0);
        assertThatThrownBy(w::toArray)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("payload of 201 bytes exceeds 200");
    }

    @Test
    void helloRecordRefusesWhatTheWireCannotCarry() {
        List<LightInfo> nine = new ArrayList<>();
        for (int i = 0; i < 9; i++) nine.add(new LightInfo(i, "L", LightKind.ONOFF, 1, Set.of()));
        assertThatThrownBy(() -> new Messages.Hello(1, "fw", 1, nine)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Messages.Hello(1, "fw", 1, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        List<LightInfo> one = nine.subList(0, 1);
        assertThat(new Messages.Hello(1, "fw", 0xFFFFFFFFL, one).bootId()).isEqualTo(0xFFFFFFFFL);
        assertThat(new Messages.Hello(1, "fw", 0, nine.subList(0, 8)).lights()).hasSize(8);
        assertThatThrownBy(() -> new Messages.Hello(1, "fw", -1, one)).hasMessage("boot id must be u32");
        assertThatThrownBy(() -> new Messages.Hello(1, "fw", 0x100000000L, one)).hasMessage("boot id must be u32");
    }
}
