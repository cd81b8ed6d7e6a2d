package io.hilbridge.link;

import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.LightState;
import io.hilbridge.lights.PixelRuns;
import io.hilbridge.lights.Rgb;
import io.hilbridge.sim.LoopbackTransport;
import io.hilbridge.sim.SimulatedBoard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Per-pixel colours (SET_PIXELS, uart-link.md section 3) from LinkSession to the simulated board and back: the
 * board applies them as one SET, the host's reported state holds the runs, a colour ends them, a reset replays them.
 */
class SetPixelsLinkTest {
    private static final int STRIP = 3; // the default board's strip, 8 pixels
    private static final Rgb RED = new Rgb(255, 0, 0), BLUE = new Rgb(0, 0, 255);
    private static final PixelRuns HALF_AND_HALF =
            new PixelRuns(List.of(new PixelRuns.Run(4, RED), new PixelRuns.Run(4, BLUE)));

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) closeables.get(i).close();
    }

    private LinkSession online(SimulatedBoard board) {
        closeables.add(board);
        LinkSession s = LinkSession.start("board0", new LoopbackTransport(board), LinkConfig.defaults());
        closeables.add(s);
        await("the link online").atMost(Duration.ofSeconds(10)).until(() -> s.status() == DeviceStatus.ONLINE);
        return s;
    }

    @Test
    void perPixelColoursReachTheBoardAndTheHostsReportedState() throws Exception {
        SimulatedBoard board = SimulatedBoard.builder().baud(0).seed(7).build();
        LinkSession s = online(board);
        s.set(STRIP, new LightChange(true, null, null, null, null, HALF_AND_HALF))
                .get(5, TimeUnit.SECONDS);

        assertThat(board.lights().get(STRIP).pixels()).isEqualTo(HALF_AND_HALF);
        LightState reported = s.reportedStates().get(STRIP);
        assertThat(reported.on()).isTrue();
        assertThat(reported.pixels()).isEqualTo(HALF_AND_HALF);
        assertThat(reported.pixels().colors()).containsExactly(RED, RED, RED, RED, BLUE, BLUE, BLUE, BLUE);

        // Off and on again keep them, on the board and in the host's view (STATE's PIXELS flag).
        s.set(STRIP, new LightChange(false, null, null, null, null)).get(5, TimeUnit.SECONDS);
        board.pressButton(STRIP);
        await("the button's STATE")
                .atMost(Duration.ofSeconds(5))
                .until(() -> s.reportedStates().get(STRIP).on());
        assertThat(s.reportedStates().get(STRIP).pixels()).isEqualTo(HALF_AND_HALF);

        // A colour for the whole light ends them.
        s.set(STRIP, new LightChange(null, null, BLUE, null, null)).get(5, TimeUnit.SECONDS);
        assertThat(board.lights().get(STRIP).pixels()).isNull();
        assertThat(s.reportedStates().get(STRIP).hasPixels()).isFalse();
        assertThat(s.reportedStates().get(STRIP).color()).isEqualTo(BLUE);
    }

    @Test
    void aBoardResetGetsItsPerPixelColoursReplayed() throws Exception {
        SimulatedBoard board = SimulatedBoard.builder().baud(0).seed(8).build();
        LinkSession s = online(board);
        s.set(STRIP, new LightChange(true, 128, null, null, null, HALF_AND_HALF))
                .get(5, TimeUnit.SECONDS);
        long boot = board.bootId();

        board.faults().reset();
        await("the board rebooted and its strip replayed")
                .atMost(Duration.ofSeconds(10))
                .until(() -> board.bootId() != boot
                        && HALF_AND_HALF.equals(board.lights().get(STRIP).pixels())
                        && s.status() == DeviceStatus.ONLINE);
        assertThat(board.lights().get(STRIP).brightness()).isEqualTo(128);
        assertThat(s.reportedStates().get(STRIP).pixels()).isEqualTo(HALF_AND_HALF);
    }

    @Test
    void aLaterColourCoalescedOverPendingPixelsEndsThemAndLaterPixelsReplaceThem() {
        LightChange pixels = LightChange.pixels(HALF_AND_HALF);
        LightChange color = new LightChange(null, null, RED, null, null);
        assertThat(LinkSession.coalesce(pixels, color).pixels()).isNull();
        assertThat(LinkSession.coalesce(color, pixels).pixels()).isEqualTo(HALF_AND_HALF);
        assertThat(LinkSession.coalesce(color, pixels).color()).isEqualTo(RED);
        // "off" keeps them, as on the board
        assertThat(LinkSession.coalesce(pixels, new LightChange(false, null, null, null, null))
                        .pixels())
                .isEqualTo(HALF_AND_HALF);
    }
}
