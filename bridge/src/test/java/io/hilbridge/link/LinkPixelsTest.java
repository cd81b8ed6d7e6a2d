package io.hilbridge.link;

import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.Effect;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.Rgb;
import io.hilbridge.sim.LoopbackTransport;
import io.hilbridge.sim.SimulatedBoard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The host's live view (uart-link.md section 3): the link keeps the board subscribed while asked to, and no longer.
 * Link and board run on virtual time ({@link VirtualSim}): leases, renewals and the board's frame clock move as the
 * test advances it.
 */
class LinkPixelsTest {
    private final VirtualSim sim = new VirtualSim();

    @AfterEach
    void closeAll() throws Exception {
        sim.close();
    }

    private static final class Seen implements BoardListener {
        final List<Messages.Pixels> chunks = new CopyOnWriteArrayList<>();

        @Override
        public void onPixels(BoardLink board, Messages.Pixels pixels) {
            chunks.add(pixels);
        }

        Messages.Pixels latest(int light) {
            for (int i = chunks.size() - 1; i >= 0; i--) if (chunks.get(i).light() == light) return chunks.get(i);
            return null;
        }
    }

    @Test
    void watchedBoardReportsWhatItShowsUntilNobodyWatches() throws Exception {
        SimulatedBoard board = sim.board(3);
        LinkSession s = sim.start(new LoopbackTransport(board), LinkConfig.defaults());
        Seen seen = new Seen();
        s.addListener(seen);
        sim.until(() -> s.status() == DeviceStatus.ONLINE, "online");
        sim.done(s.set(3, new LightChange(true, 255, new Rgb(255, 0, 0), null, Effect.RAINBOW)));
        assertThat(seen.chunks).as("nobody asked for pixels").isEmpty();

        s.watchPixels(true);
        sim.until(() -> seen.latest(3) != null, "a PIXELS chunk of the strip");
        Messages.Pixels first = seen.latest(3);
        assertThat(first.count()).isEqualTo(8);
        sim.until(() -> !Arrays.equals(seen.latest(3).rgb(), first.rgb()), "the rainbow to move between two frames");
        assertThat(seen.chunks).extracting(Messages.Pixels::light).contains(0, 1, 2, 3);

        // The board's lease is 3 s: only the link's renewals keep it going past that.
        sim.advance(Duration.ofMillis(Messages.PIXELS_LEASE_MS + 500));
        assertThat(board.pixelsSubscribed())
                .as("subscribed more than one lease after subscribing")
                .isTrue();

        s.watchPixels(false);
        sim.until(() -> !board.pixelsSubscribed(), "the board to end its live view");
    }

    @Test
    void boardThatVanishedStopsStreamingWhenItsLeaseRunsOut() throws Exception {
        SimulatedBoard board = sim.board(4);
        LinkSession s = sim.online(new LoopbackTransport(board), LinkConfig.defaults());
        s.watchPixels(true);
        sim.until(board::pixelsSubscribed, "subscribed");
        s.close(); // the host goes away without unsubscribing
        long closed = sim.clock.nanoTime();
        sim.until(() -> !board.pixelsSubscribed(), "the lease to lapse");
        assertThat(sim.clock.nanoTime() - closed)
                .as("not at once: the lease, not the close, ends it (the last renewal was at most ~1 s before)")
                .isGreaterThan(TimeUnit.MILLISECONDS.toNanos(Messages.PIXELS_LEASE_MS - 2 * PixelWatch.RENEW_MS));
    }

    @Test
    void firmwareWithoutTheLiveViewIsAskedNoMoreAndBadChunksAreDropped() {
        ScriptedBoard board = ScriptedBoard.answeringInline();
        board.clock = sim.clock::nanoTime;
        board.lights = SimulatedBoard.DEFAULT_LIGHTS;
        board.answerPings = true; // stays online through the link's heartbeats
        board.onOther = f -> f.type() == Frame.PIXELS_SUB
                ? FrameEncoder.encode(Frame.NACK, 0, new Messages.Nack(f.seq(), Messages.NACK_UNKNOWN_TYPE).encode())
                : null;
        LinkSession s = sim.start(board, LinkConfig.defaults());
        Seen seen = new Seen();
        s.addListener(seen);
        sim.until(() -> s.status() == DeviceStatus.ONLINE, "online");

        // A chunk outside the strip (pixels 7..8 of 8) and one of a light the board does not have: dropped.
        board.toHost(FrameEncoder.encode(
                Frame.PIXELS, 1, new Messages.Pixels(3, 7, new byte[] {1, 2, 3, 4, 5, 6}).encode()));
        board.toHost(FrameEncoder.encode(Frame.PIXELS, 2, new Messages.Pixels(4, 0, new byte[] {1, 2, 3}).encode()));
        board.toHost(FrameEncoder.encode(Frame.PIXELS, 3, new Messages.Pixels(3, 5, new byte[] {9, 9, 9}).encode()));
        sim.until(() -> !seen.chunks.isEmpty(), "the valid chunk");
        assertThat(seen.chunks).containsExactly(new Messages.Pixels(3, 5, new byte[] {9, 9, 9}));

        s.watchPixels(true);
        sim.until(() -> count(board, Frame.PIXELS_SUB) == 1, "a PIXELS_SUB");
        // The link renews every second; after NACK UNKNOWN_TYPE it must not, for well over two renewal periods.
        sim.advance(Duration.ofMillis(2 * PixelWatch.RENEW_MS + 500));
        assertThat(count(board, Frame.PIXELS_SUB))
                .as("no renewal after NACK UNKNOWN_TYPE")
                .isEqualTo(1);
    }

    private static int count(ScriptedBoard board, int type) {
        return (int) board.written.stream().filter(t -> t == type).count();
    }
}
