package io.hilbridge.link;

import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.ErrorCode;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.LightState;
import io.hilbridge.lights.Rgb;
import io.hilbridge.lights.StateCause;
import io.hilbridge.sim.LoopbackTransport;
import io.hilbridge.sim.SimulatedBoard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.hilbridge.link.LinkTestSupport.recordStatuses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * LinkSession against the simulated board's fault injector: every fault ends in a converged board. Link and board run
 * on virtual time ({@link VirtualSim}): retransmissions, heartbeats and reconnects happen as the test advances it.
 */
class LinkSessionFaultsTest {
    /** Short timers so that timeouts and heartbeats happen within a test's patience; the rules are the same. */
    static final LinkConfig FAST = LinkConfig.builder()
            .retransmitTimeout(Duration.ofMillis(20))
            .maxRetransmitTimeout(Duration.ofMillis(80))
            .heartbeatInterval(Duration.ofMillis(200))
            .helloInterval(Duration.ofMillis(50))
            .maxHelloInterval(Duration.ofMillis(200))
            .reconnectBackoff(Duration.ofMillis(50))
            .maxReconnectBackoff(Duration.ofMillis(400))
            .build();

    private final VirtualSim sim = new VirtualSim();

    @AfterEach
    void closeAll() throws Exception {
        sim.close();
    }

    private SimulatedBoard board(long seed) {
        return sim.board(seed);
    }

    private LinkSession link(SimulatedBoard board, LinkConfig config) {
        return sim.online(new LoopbackTransport(board), config);
    }

    private void awaitConverged(SimulatedBoard board, LinkSession s) {
        sim.until(() -> board.lights().equals(s.desiredStates()), "the board to show the desired state");
    }

    private <T> T done(CompletableFuture<T> f) throws Exception {
        return sim.done(f);
    }

    private CommandException failure(CompletableFuture<?> f) {
        return sim.failure(f);
    }

    private static LightChange brightness(int b) {
        return new LightChange(true, b, null, null, null);
    }

    @Test
    void lostAckIsRetransmittedButNotAppliedTwice() throws Exception {
        SimulatedBoard board = board(11);
        LinkSession s = link(board, LinkConfig.defaults());
        board.faults().loseNext(Frame.ACK_STATE, 2); // a SET to one light is answered with ACK_STATE alone
        done(s.set(1, brightness(42)));
        assertThat(board.setsApplied()).isEqualTo(1);
        assertThat(board.duplicatesAnswered()).isEqualTo(2);
        assertThat(s.stats().retransmits()).isEqualTo(2);
        assertThat(board.lights().get(1).brightness()).isEqualTo(42);
        // The repeated ACK_STATE was the STATE the host had missed: its view is right without asking.
        assertThat(s.reportedStates().get(1).brightness()).isEqualTo(42);
    }

    @Test
    void boardResetReplaysTheDesiredStateOfEveryLight() throws Exception {
        SimulatedBoard board = board(12);
        LinkSession s = link(board, FAST);
        List<DeviceStatus> statuses = recordStatuses(s);
        done(s.set(0, new LightChange(true, null, null, null, null)));
        done(s.set(2, new LightChange(true, 9, new Rgb(1, 2, 3), null, null)));
        long oldBoot = board.bootId();
        board.faults().reset();
        sim.until(() -> s.stats().resets() == 1, "the reset to be handled");
        awaitConverged(board, s);
        assertThat(board.bootId()).isNotEqualTo(oldBoot);
        assertThat(board.lights().get(2))
                .isEqualTo(new LightState(true, 9, new Rgb(1, 2, 3), io.hilbridge.lights.Effect.NONE));
        sim.until(() -> s.status() == DeviceStatus.ONLINE, "the link online");
        assertThat(statuses).contains(DeviceStatus.RESYNCING);
        assertThat(s.info().orElseThrow().bootId()).isEqualTo(board.bootId());
    }

    @Test
    void closeFailsCommandsWaitingForTheBoardWithTheClosedLinksText() {
        SimulatedBoard board = board(14);
        LinkSession s = link(board, FAST);
        board.faults().stall(); // keeps the command in flight
        CompletableFuture<Void> inFlight = s.set(1, brightness(7));
        sim.until(() -> s.pending(1), "the SET to be in flight");
        s.close();
        CommandException waited = failure(inFlight);
        assertThat(waited.code()).isEqualTo(ErrorCode.DEVICE_OFFLINE);
        assertThat(waited.getMessage()).isEqualTo("the link to board0 is closed");
    }

    @Test
    void unplugFailsPendingCommandsThenRecoversAndConverges() throws Exception {
        SimulatedBoard board = board(13);
        LinkSession s = link(board, FAST);
        List<DeviceStatus> statuses = recordStatuses(s);
        board.faults().stall(); // keeps the next command in flight
        CompletableFuture<Void> inFlight = s.set(1, brightness(7));
        CompletableFuture<Void> queued = s.set(2, brightness(8));
        sim.until(() -> s.pending(1), "the SET to be in flight");
        board.faults().unplug();
        assertThat(failure(inFlight).code()).isEqualTo(ErrorCode.DEVICE_OFFLINE);
        assertThat(failure(queued).code()).isEqualTo(ErrorCode.DEVICE_OFFLINE);
        assertThat(failure(queued).getMessage()).isEqualTo("device board0 went offline: unplugged (simulated)");
        assertThat(s.status()).isEqualTo(DeviceStatus.OFFLINE);
        assertThat(failure(s.set(3, brightness(9))).code()).isEqualTo(ErrorCode.DEVICE_OFFLINE);
        board.faults().unstall();
        board.faults().replug();
        sim.until(() -> s.status() == DeviceStatus.ONLINE, "the link online again");
        awaitConverged(board, s);
        assertThat(board.lights().get(1).brightness()).isEqualTo(7);
        assertThat(s.stats().reconnects()).isGreaterThanOrEqualTo(1);
        assertThat(statuses).containsSubsequence(DeviceStatus.OFFLINE, DeviceStatus.ONLINE);
        done(s.set(3, brightness(10)));
    }

    @Test
    void bootTextBurstsDoNotBreakTheLink() throws Exception {
        SimulatedBoard board = board(14);
        LinkSession s = link(board, FAST);
        for (int i = 0; i < 20; i++) {
            board.faults().bootTextBurst();
            done(s.set(1, brightness(i)));
        }
        assertThat(s.stats().decodeErrors()).isGreaterThanOrEqualTo(20);
        assertThat(board.lights().get(1).brightness()).isEqualTo(19);
        assertThat(s.status()).isEqualTo(DeviceStatus.ONLINE);
    }

    @Test
    void stalledBoardTimesOutAfterFiveTransmissionsThenIsRepaired() {
        SimulatedBoard board = board(15);
        LinkSession s = link(
                board,
                FAST.toBuilder().heartbeatInterval(Duration.ofSeconds(30)).build());
        board.faults().stall();
        long sentBefore = s.stats().framesSent();
        CommandException e = failure(s.set(1, brightness(99)));
        assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(e.apiCode()).isEqualTo("timeout");
        // (the repair SET that follows may already be retransmitting: at least the first command's 4)
        assertThat(s.stats().timeouts()).isGreaterThanOrEqualTo(1);
        assertThat(s.stats().retransmits()).isGreaterThanOrEqualTo(4);
        assertThat(s.stats().framesSent() - sentBefore).isGreaterThanOrEqualTo(5);
        board.faults().unstall();
        // one repair SET with the full desired state follows the timeout
        awaitConverged(board, s);
        assertThat(board.lights().get(1).brightness()).isEqualTo(99);
    }

    @Test
    void silentBoardGoesOfflineAfterThreeMissedHeartbeats() {
        SimulatedBoard board = board(16);
        LinkSession s = link(board, FAST);
        board.faults().stall();
        sim.until(() -> s.status() == DeviceStatus.OFFLINE, "the link offline");
        board.faults().unstall();
        sim.until(() -> s.status() == DeviceStatus.ONLINE, "the link online again");
    }

    @Test
    void coalescesCommandsForOneLightWhileOneIsInFlight() throws Exception {
        SimulatedBoard board = board(17);
        LinkSession s = link(board, LinkConfig.defaults());
        board.faults().stall();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        all.add(s.set(1, brightness(1)));
        sim.until(() -> s.pending(1), "the SET to be in flight");
        for (int b = 2; b <= 200; b++) all.add(s.set(1, brightness(b)));
        // Barrier: a command for a light the board lacks is refused by a link task after all of the above were
        // taken in, so every SET the window allows (4) went out into the stall and the rest coalesced behind them.
        assertThat(failure(s.set(99, brightness(1))).code()).isEqualTo(io.hilbridge.lights.ErrorCode.UNKNOWN_LIGHT);
        board.faults().unstall();
        done(CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)));
        assertThat(board.lights().get(1).brightness()).isEqualTo(200);
        // 200 commands, at most window + 1 SETs applied: the 4 the window let out into the stall (the board drops
        // them, or applies the ones its thread reaches after the unstall; the newest carried the others anyway,
        // and its retransmission is applied once), then one with everything that coalesced behind them.
        assertThat(board.setsApplied())
                .isBetween(2L, (long) LinkConfig.defaults().window() + 1);
    }

    @Test
    void changesQueuedForALightAreCoalescedKeepingEveryFieldTheySet() throws Exception {
        SimulatedBoard board = board(19);
        LinkSession s = link(board, LinkConfig.defaults().toBuilder().window(1).build()); // one SET in flight
        board.faults().stall();
        CompletableFuture<Void> first = s.set(1, brightness(1));
        sim.until(() -> s.pending(1), "the first SET to be in flight");
        CompletableFuture<Void> dim = s.set(1, new LightChange(null, 50, null, null, null));
        CompletableFuture<Void> off = s.set(1, new LightChange(false, null, null, null, null));
        board.faults().unstall();
        done(CompletableFuture.allOf(first, dim, off));
        assertThat(board.lights().get(1).brightness())
                .as("the earlier queued change's field")
                .isEqualTo(50);
        assertThat(board.lights().get(1).on()).isFalse();
    }

    @Test
    void unplugFailsCommandsStillQueuedBehindTheWindow() {
        SimulatedBoard board = board(20);
        LinkSession s = link(board, LinkConfig.defaults().toBuilder().window(1).build()); // one SET in flight
        board.faults().stall();
        CompletableFuture<Void> inFlight = s.set(1, brightness(7));
        sim.until(() -> s.pending(1), "the first SET to be in flight");
        CompletableFuture<Void> queued = s.set(2, brightness(8)); // waits for the window
        board.faults().unplug();
        assertThat(failure(inFlight).code()).isEqualTo(ErrorCode.DEVICE_OFFLINE);
        assertThat(failure(queued).code()).isEqualTo(ErrorCode.DEVICE_OFFLINE);
        assertThat(s.pending(2)).as("nothing left queued").isFalse();
    }

    @Test
    void lostStateIsDetectedByTheGenerationGapAndResynced() throws Exception {
        SimulatedBoard board = board(18);
        LinkSession s = link(board, LinkConfig.defaults());
        board.faults().loseNext(Frame.STATE, 1);
        board.pressButton(0); // its STATE is lost
        done(s.set(1, brightness(5))); // this STATE arrives with a gap
        sim.until(() -> s.reportedStates().equals(board.lights()), "the reported states to match the board");
        assertThat(s.reportedStates().get(0).on()).isTrue();
    }

    @Test
    void buttonPressUpdatesTheDesiredStateOfASetLight() throws Exception {
        SimulatedBoard board = board(19);
        LinkSession s = link(board, LinkConfig.defaults());
        List<StateCause> causes = new CopyOnWriteArrayList<>();
        s.addListener(new BoardListener() {
            @Override
            public void onState(BoardLink b, int light, LightState st, StateCause cause) {
                causes.add(cause);
            }
        });
        done(s.set(0, new LightChange(true, null, null, null, null)));
        board.pressButton(0);
        sim.until(() -> causes.contains(StateCause.BUTTON), "the button's STATE");
        assertThat(s.desiredStates().get(0).on()).isFalse();
        board.faults().reset(); // the replay restores what the person chose with the button
        sim.until(() -> s.stats().resets() == 1, "the reset to be handled");
        awaitConverged(board, s);
        assertThat(board.lights().get(0).on()).isFalse();
    }

    @Test
    void boardNackIsReportedWithTheMappedCode() {
        // A board with fewer effects than its kind allows: the host's capability check uses the HELLO.
        SimulatedBoard board = board(20);
        LinkSession s = link(board, LinkConfig.defaults());
        // Bypass the host check by sending to every light a change one light lacks: refused before sending.
        CommandException e = failure(s.set(
                BoardLink.ALL_LIGHTS, new LightChange(null, null, null, null, io.hilbridge.lights.Effect.RAINBOW)));
        assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED);
        assertThat(s.stats().nacks()).isZero();
    }
}
