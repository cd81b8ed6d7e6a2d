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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The host's live view (uart-link.md section 3): the link keeps the board subscribed while asked to, and no longer. */
class LinkPixelsTest {
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) closeables.get(i).close();
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
        SimulatedBoard board = SimulatedBoard.builder().baud(0).seed(3).build();
        closeables.add(board);
        LinkSession s = LinkSession.start("board0", new LoopbackTransport(board), LinkConfig.defaults());
        closeables.add(s);
        Seen seen = new Seen();
        s.addListener(seen);
        await("online").atMost(Duration.ofSeconds(10)).until(() -> s.status() == DeviceStatus.ONLINE);
        s.set(3, new LightChange(true, 255, new Rgb(255, 0, 0), null, Effect.RAINBOW))
                .get(5, TimeUnit.SECONDS);
        assertThat(seen.chunks).as("nobody asked for pixels").isEmpty();

        s.watchPixels(true);
        await("a PIXELS chunk of the strip").atMost(Duration.ofSeconds(5)).until(() -> seen.latest(3) != null);
        Messages.Pixels first = seen.latest(3);
        assertThat(first.count()).isEqualTo(8);
        await("the rainbow to move between two frames")
                .atMost(Duration.ofSeconds(5))
                .until(() -> !Arrays.equals(seen.latest(3).rgb(), first.rgb()));
        assertThat(seen.chunks).extracting(Messages.Pixels::light).contains(0, 1, 2, 3);

        // The board's lease is 3 s: only the link's renewals keep it going past that.
        long renewedPast = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Messages.PIXELS_LEASE_MS + 500);
        await("frames more than one lease after subscribing")
                .atMost(Duration.ofSeconds(10))
                .until(() -> System.nanoTime() > renewedPast && board.pixelsSubscribed());

        s.watchPixels(false);
        await("the board to end its live view").atMost(Duration.ofSeconds(5)).until(() -> !board.pixelsSubscribed());
    }

    @Test
    void boardThatVanishedStopsStreamingWhenItsLeaseRunsOut() throws Exception {
        SimulatedBoard board = SimulatedBoard.builder().baud(0).seed(4).build();
        closeables.add(board);
        LinkSession s = LinkSession.start("board0", new LoopbackTransport(board), LinkConfig.defaults());
        await("online").atMost(Duration.ofSeconds(10)).until(() -> s.status() == DeviceStatus.ONLINE);
        s.watchPixels(true);
        await("subscribed").atMost(Duration.ofSeconds(5)).until(board::pixelsSubscribed);
        s.close(); // the host goes away without unsubscribing
        long closed = System.nanoTime();
        await("the lease to lapse").atMost(Duration.ofSeconds(6)).until(() -> !board.pixelsSubscribed());
        assertThat(System.nanoTime() - closed)
                .as("not at once: the lease, not the close, ends it (the last renewal was at most ~1 s before)")
                .isGreaterThan(TimeUnit.MILLISECONDS.toNanos(Messages.PIXELS_LEASE_MS - 2 * PixelWatch.RENEW_MS));
    }

    @Test
    void firmwareWithoutTheLiveViewIsAskedNoMoreAndBadChunksAreDropped() {
        ScriptedBoard board = new ScriptedBoard();
        closeables.add(board::shutdown);
        board.lights = SimulatedBoard.DEFAULT_LIGHTS;
        board.answerPings = true; // stays online through the link's heartbeats
        board.onOther = f -> f.type() == Frame.PIXELS_SUB
                ? FrameEncoder.encode(Frame.NACK, 0, new Messages.Nack(f.seq(), Messages.NACK_UNKNOWN_TYPE).encode())
                : null;
        LinkSession s = LinkSession.start("old", board, LinkConfig.defaults());
        closeables.add(s);
        Seen seen = new Seen();
        s.addListener(seen);
        await("online").atMost(Duration.ofSeconds(10)).until(() -> s.status() == DeviceStatus.ONLINE);

        // A chunk outside the strip (pixels 7..8 of 8) and one of a light the board does not have: dropped.
        board.toHost(FrameEncoder.encode(
                Frame.PIXELS, 1, new Messages.Pixels(3, 7, new byte[] {1, 2, 3, 4, 5, 6}).encode()));
        board.toHost(FrameEncoder.encode(Frame.PIXELS, 2, new Messages.Pixels(4, 0, new byte[] {1, 2, 3}).encode()));
        board.toHost(FrameEncoder.encode(Frame.PIXELS, 3, new Messages.Pixels(3, 5, new byte[] {9, 9, 9}).encode()));
        await("the valid chunk").atMost(Duration.ofSeconds(5)).until(() -> !seen.chunks.isEmpty());
        assertThat(seen.chunks).containsExactly(new Messages.Pixels(3, 5, new byte[] {9, 9, 9}));

        s.watchPixels(true);
        await("a PIXELS_SUB").atMost(Duration.ofSeconds(5)).until(() -> count(board, Frame.PIXELS_SUB) == 1);
        // The link renews every second; after NACK UNKNOWN_TYPE it must not, for well over two renewal periods.
        await("no renewal after NACK UNKNOWN_TYPE")
                .during(Duration.ofMillis(2 * PixelWatch.RENEW_MS + 500))
                .atMost(Duration.ofSeconds(10))
                .until(() -> count(board, Frame.PIXELS_SUB) == 1);
    }

    private static int count(ScriptedBoard board, int type) {
        return (int) board.written.stream().filter(t -> t == type).count();
    }
}
