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

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-pixel colours (SET_PIXELS, uart-link.md section 3) from LinkSession to the simulated board and back: the
 * board applies them as one SET, the host's reported state holds the runs, a colour ends them, a reset replays them.
 */
class SetPixelsLinkTest {
    private static final int STRIP = 3; // the default board's strip, 8 pixels
    private static final Rgb RED = new Rgb(255, 0, 0), BLUE = new Rgb(0, 0, 255);
    private static final PixelRuns HALF_AND_HALF =
            new PixelRuns(List.of(new PixelRuns.Run(4, RED), new PixelRuns.Run(4, BLUE)));

    /** Link and board on virtual time: nothing here waits for a timer, and nothing depends on a thread's timing. */
    private final VirtualSim sim = new VirtualSim();

    @AfterEach
    void closeAll() throws Exception {
        sim.close();
    }

    private LinkSession online(SimulatedBoard board) {
        return sim.online(new LoopbackTransport(board), LinkConfig.defaults());
    }

    @Test
    void perPixelColoursReachTheBoardAndTheHostsReportedState() throws Exception {
        SimulatedBoard board = sim.board(7);
        LinkSession s = online(board);
        sim.done(s.set(STRIP, new LightChange(true, null, null, null, null, HALF_AND_HALF)));

        assertThat(board.lights().get(STRIP).pixels()).isEqualTo(HALF_AND_HALF);
        LightState reported = s.reportedStates().get(STRIP);
        assertThat(reported.on()).isTrue();
        assertThat(reported.pixels()).isEqualTo(HALF_AND_HALF);
        assertThat(reported.pixels().colors()).containsExactly(RED, RED, RED, RED, BLUE, BLUE, BLUE, BLUE);

        // Off and on again keep them, on the board and in the host's view (STATE's PIXELS flag).
        sim.done(s.set(STRIP, new LightChange(false, null, null, null, null)));
        board.pressButton(STRIP);
        sim.until(() -> s.reportedStates().get(STRIP).on(), "the button's STATE");
        assertThat(s.reportedStates().get(STRIP).pixels()).isEqualTo(HALF_AND_HALF);

        // A colour for the whole light ends them.
        sim.done(s.set(STRIP, new LightChange(null, null, BLUE, null, null)));
        assertThat(board.lights().get(STRIP).pixels()).isNull();
        assertThat(s.reportedStates().get(STRIP).hasPixels()).isFalse();
        assertThat(s.reportedStates().get(STRIP).color()).isEqualTo(BLUE);
    }

    @Test
    void aBoardResetGetsItsPerPixelColoursReplayed() throws Exception {
        SimulatedBoard board = sim.board(8);
        LinkSession s = online(board);
        sim.done(s.set(STRIP, new LightChange(true, 128, null, null, null, HALF_AND_HALF)));
        long boot = board.bootId();

        board.faults().reset();
        sim.until(
                () -> board.bootId() != boot
                        && HALF_AND_HALF.equals(board.lights().get(STRIP).pixels())
                        && s.status() == DeviceStatus.ONLINE,
                "the board rebooted and its strip replayed");
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
