package io.hilbridge.sim;

import io.hilbridge.link.Messages;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulated board's live-view rules on a hand-driven clock: rate, lease, chunks (as hb_pixels.c). */
class PixelStreamTest {

    private static final List<IntFunction<Integer>> SHOWS = List.of(p -> 0x010203 * (p + 1), p -> 0xABCDEF);

    /** Chunks sent while ticking every ms over [from, to). */
    private static int tick(PixelStream s, long from, long to) {
        int n = 0;
        for (long t = from; t < to; t++) if (s.nextChunk(t, SHOWS) != null) n++;
        return n;
    }

    @Test
    void rateBoundsFramesAndTheLeaseEndsThem() {
        PixelStream s = new PixelStream(new int[] {40, 1});
        assertThat(s.subscribe(new byte[] {1, 10}, 0)).isZero();
        assertThat(tick(s, 0, 1000)).isEqualTo(10);
        assertThat(tick(s, 1000, 3000)).isEqualTo(20);
        assertThat(tick(s, 3000, 6000)).as("nobody renewed within 3 s").isZero();
        assertThat(s.active(6000)).isFalse();
    }

    @Test
    void longStripGoesOutInChunksOfSixteen() {
        PixelStream s = new PixelStream(new int[] {40, 1});
        assertThat(s.subscribe(new byte[] {0, 5}, 0)).isZero();
        Messages.Pixels a = s.nextChunk(0, SHOWS);
        Messages.Pixels b = s.nextChunk(1, SHOWS);
        Messages.Pixels c = s.nextChunk(2, SHOWS);
        assertThat(List.of(a.first(), b.first(), c.first())).containsExactly(0, 16, 32);
        assertThat(List.of(a.count(), b.count(), c.count())).containsExactly(16, 16, 8);
        assertThat(c.color(7)).isEqualTo(0x010203 * 40);
        assertThat(s.nextChunk(3, SHOWS)).as("the next frame waits 200 ms").isNull();
        assertThat(s.nextChunk(200, SHOWS).first()).isZero();
    }

    @Test
    void badSubscriptionsAreRefusedInTheSpecsOrder() {
        PixelStream s = new PixelStream(new int[] {8});
        assertThat(s.subscribe(new byte[] {0}, 0)).isEqualTo(Messages.NACK_MALFORMED);
        assertThat(s.subscribe(new byte[] {1, 99}, 0)).isEqualTo(Messages.NACK_BAD_LIGHT);
        assertThat(s.subscribe(new byte[] {0, 21}, 0)).isEqualTo(Messages.NACK_OUT_OF_RANGE);
        assertThat(s.active(0)).isFalse();
        assertThat(s.subscribe(new byte[] {(byte) 0xFF, 20}, 0)).isZero();
        s.clear();
        assertThat(s.active(0)).as("HELLO_REQ and boot end it").isFalse();
    }
}
