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
import java.util.concurrent.TimeUnit;

import static io.hilbridge.link.LinkTestSupport.failure;
import static io.hilbridge.link.LinkTestSupport.recordStatuses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** LinkSession against the simulated board's fault injector: every fault ends in a converged board. */
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

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) closeables.get(i).close();
    }

    private SimulatedBoard board(long seed) {
        SimulatedBoard board = SimulatedBoard.builder().baud(0).seed(seed).build();
        closeables.add(board);
        return board;
    }

    private LinkSession link(SimulatedBoard board, LinkConfig config) {
        LinkSession s = LinkSession.start("board0", new LoopbackTransport(board), config);
        closeables.add(s);
        await().atMost(Duration.ofSeconds(10)).until(() -> s.status() == DeviceStatus.ONLINE);
        return s;
    }

    private static void awaitConverged(SimulatedBoard board, LinkSession s) {
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(board.lights()).isEqualTo(s.desiredStates()));
    }

    private static LightChange brightness(int b) {
        return new LightChange(true, b, null, null, null);
    }

    @Test
    void lostAckIsRetransmittedButNotAppliedTwice() throws Exception {
        SimulatedBoard board = board(11);
        LinkSession s = link(board, LinkConfig.defaults());
        board.faults().loseNext(Frame.ACK_STATE, 2); // a SET to one light is answered with ACK_STATE alone
        s.set(1, brightness(42)).get(10, TimeUnit.SECONDS);
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
        s.set(0, new LightChange(true, null, null, null, null)).get(10, TimeUnit.SECONDS);
        s.set(2, new LightChange(true, 9, new Rgb(1, 2, 3), null, null)).get(10, TimeUnit.SECONDS);
        long oldBoot = board.bootId();
        board.faults().reset();
        await().until(() -> s.stats().resets() == 1);
        awaitConverged(board, s);
        assertThat(board.bootId()).isNotEqualTo(oldBoot);
        assertThat(board.lights().get(2))
                .isEqualTo(new LightState(true, 9, new Rgb(1, 2, 3), io.hilbridge.lights.Effect.NONE));
        await().until(() -> s.status() == DeviceStatus.ONLINE);
        assertThat(statuses).contains(DeviceStatus.RESYNCING);
        assertThat(s.info().orElseThrow().bootId()).isEqualTo(board.bootId());
    }

    @Test
    void closeFailsCommandsWaitingForTheBoardWithTheClosedLinksText() {
        SimulatedBoard board = board(14);
        LinkSession s = link(board, FAST);
        board.faults().stall(); // keeps the command in flight
        CompletableFuture<Void> inFlight = s.set(1, brightness(7));
        await("the SET to be in flight").atMost(Duration.ofSeconds(5)).until(() -> s.pending(1));
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
        await().until(() -> s.pending(1));
        board.faults().unplug();
        assertThat(failure(inFlight).code()).isEqualTo(ErrorCode.DEVICE_OFFLINE);
        assertThat(failure(queued).code()).isEqualTo(ErrorCode.DEVICE_OFFLINE);
        assertThat(failure(queued).getMessage()).isEqualTo("device board0 went offline: unplugged (simulated)");
        assertThat(s.status()).isEqualTo(DeviceStatus.OFFLINE);
        assertThat(failure(s.set(3, brightness(9))).code()).isEqualTo(ErrorCode.DEVICE_OFFLINE);
        board.faults().unstall();
        board.faults().replug();
        await().atMost(Duration.ofSeconds(10)).until(() -> s.status() == DeviceStatus.ONLINE);
        awaitConverged(board, s);
        assertThat(board.lights().get(1).brightness()).isEqualTo(7);
        assertThat(s.stats().reconnects()).isGreaterThanOrEqualTo(1);
        assertThat(statuses).containsSubsequence(DeviceStatus.OFFLINE, DeviceStatus.ONLINE);
        s.set(3, brightness(10)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void bootTextBurstsDoNotBreakTheLink() throws Exception {
        SimulatedBoard board = board(14);
        LinkSession s = link(board, FAST);
        for (int i = 0; i < 20; i++) {
            board.faults().bootTextBurst();
            s.set(1, brightness(i)).get(10, TimeUnit.SECONDS);
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
        await().atMost(Duration.ofSeconds(10)).until(() -> s.status() == DeviceStatus.OFFLINE);
        board.faults().unstall();
        await().atMost(Duration.ofSeconds(10)).until(() -> s.status() == DeviceStatus.ONLINE);
    }

    @Test
    void coalescesCommandsForOneLightWhileOneIsInFlight() throws Exception {
        SimulatedBoard board = board(17);
        LinkSession s = link(board, LinkConfig.defaults());
        board.faults().stall();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        all.add(s.set(1, brightness(1)));
        await().until(() -> s.pending(1));
        for (int b = 2; b <= 200; b++) all.add(s.set(1, brightness(b)));
        // Barrier: a command for a light the board lacks is refused by a link task after all of the above were
        // taken in, so every SET the window allows (4) went out into the stall and the rest coalesced behind them.
        assertThat(failure(s.set(99, brightness(1))).code()).isEqualTo(io.hilbridge.lights.ErrorCode.UNKNOWN_LIGHT);
        board.faults().unstall();
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
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
        await("the first SET to be in flight").atMost(Duration.ofSeconds(5)).until(() -> s.pending(1));
        CompletableFuture<Void> dim = s.set(1, new LightChange(null, 50, null, null, null));
        CompletableFuture<Void> off = s.set(1, new LightChange(false, null, null, null, null));
        board.faults().unstall();
        CompletableFuture.allOf(first, dim, off).get(10, TimeUnit.SECONDS);
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
        await("the first SET to be in flight").atMost(Duration.ofSeconds(5)).until(() -> s.pending(1));
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
        s.set(1, brightness(5)).get(10, TimeUnit.SECONDS); // this STATE arrives with a gap
        await().untilAsserted(() -> assertThat(s.reportedStates()).isEqualTo(board.lights()));
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
        s.set(0, new LightChange(true, null, null, null, null)).get(10, TimeUnit.SECONDS);
        board.pressButton(0);
        await().until(() -> causes.contains(StateCause.BUTTON));
        assertThat(s.desiredStates().get(0).on()).isFalse();
        board.faults().reset(); // the replay restores what the person chose with the button
        await().until(() -> s.stats().resets() == 1);
        awaitConverged(board, s);
        assertThat(board.lights().get(0).on()).isFalse();
    }

    @Test
    void boardNackIsReportedWithTheMappedCode() {
        // A board with fewer effects than its kind allows: the host's capability check uses the HELLO.
        SimulatedBoard board = SimulatedBoard.builder().baud(0).seed(20).build();
        closeables.add(board);
        LinkSession s = link(board, LinkConfig.defaults());
        // Bypass the host check by sending to every light a change one light lacks: refused before sending.
        CommandException e = failure(s.set(
                BoardLink.ALL_LIGHTS, new LightChange(null, null, null, null, io.hilbridge.lights.Effect.RAINBOW)));
        assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED);
        assertThat(s.stats().nacks()).isZero();
    }
}
