package io.hilbridge.link;

import io.hilbridge.concurrent.VirtualClock;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.ErrorCode;
import io.hilbridge.lights.LightChange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.hilbridge.link.LinkTestSupport.failure;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The link's timing rules (uart-link.md sections 5 and 6), on virtual time ({@link VirtualClock}): the retransmit
 * back-off, the heartbeat, the loss of contact after unanswered heartbeats, the HELLO_REQ and reconnect back-offs and
 * the reset's deadline. The board answers inline ({@link ScriptedBoard#answeringInline()}), so the whole link runs
 * on the test's thread: each assertion holds at an exact virtual instant, one nanosecond before a deadline and at it.
 * Values are the spec's defaults ({@link LinkConfig#defaults()}); the reconnect back-off, which the spec leaves to the
 * host, is {@link LinkConfig}'s (250 ms doubling to 5 s).
 */
class LinkTimersTest {
    private static final Duration NS = Duration.ofNanos(1);

    private final VirtualClock clock = new VirtualClock();
    private final ScriptedBoard board = ScriptedBoard.answeringInline();
    private LinkSession link;
    private long t0;

    LinkTimersTest() {
        board.clock = clock::nanoTime;
    }

    @AfterEach
    void tearDown() {
        if (link != null) link.close();
    }

    /** Starts the link at virtual time t0; with a board that answers, it is online when this returns. */
    private void start() {
        t0 = clock.nanoTime();
        link = LinkSession.start("timed", board, LinkConfig.defaults(), clock);
    }

    /** Advances virtual time to {@code ms} after t0 (exactly). */
    private void at(Duration sinceStart) {
        Duration d = sinceStart.minusNanos(clock.nanoTime() - t0);
        assertThat(d.isNegative()).as("time moves forward only").isFalse();
        clock.advance(d);
    }

    private static Duration ms(long ms) {
        return Duration.ofMillis(ms);
    }

    /** When each frame of this type was written, in ms since t0 (exact: virtual timers fire on time). */
    private List<Double> writtenAt(int type) {
        List<Double> out = new ArrayList<>();
        for (ScriptedBoard.Write w : board.writes) {
            if (w.frame() != null && w.frame().type() == type) out.add((w.nanos() - t0) / 1e6);
        }
        return out;
    }

    private static List<Double> gaps(List<Double> times) {
        List<Double> out = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) out.add(times.get(i) - times.get(i - 1));
        return out;
    }

    private static LightChange on() {
        return new LightChange(true, null, null, null, null);
    }

    @Test
    void anUnansweredSetIsRetransmittedAfter100Then200Then400Then400MsAndTimesOut() {
        board.onSet = f -> null; // the board never answers a SET
        board.answerPings = true;
        start();
        assertThat(link.status()).isEqualTo(DeviceStatus.ONLINE);
        CompletableFuture<Void> command = link.set(0, on());

        at(ms(1500).minus(NS));
        // Section 6: 100 ms, doubled on each retry, at most 400 ms; 4 retransmissions (5 transmissions).
        assertThat(writtenAt(Frame.SET)).containsExactly(0.0, 100.0, 300.0, 700.0, 1100.0);
        assertThat(command).as("the last transmission's 400 ms have not passed").isNotDone();

        int seq = board.newSets().get(0).seq();
        at(ms(1500));
        assertThat(failure(command).code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(board.transmissions(seq)).as("no sixth transmission").isEqualTo(5);
    }

    @Test
    void theRetransmitTimeoutDoublesUpToItsCeilingAndStaysThere() {
        LinkConfig c = LinkConfig.builder()
                .retransmitTimeout(ms(100))
                .maxRetransmitTimeout(ms(400))
                .build();
        assertThat(List.of(c.rto(1), c.rto(2), c.rto(3), c.rto(4), c.rto(5), c.rto(50)))
                .containsExactly(ms(100), ms(200), ms(400), ms(400), ms(400), ms(400));
        LinkConfig odd = LinkConfig.builder()
                .retransmitTimeout(ms(150))
                .maxRetransmitTimeout(ms(500))
                .build();
        assertThat(List.of(odd.rto(1), odd.rto(2), odd.rto(3), odd.rto(4)))
                .as("doubling that overshoots the ceiling is clamped to it")
                .containsExactly(ms(150), ms(300), ms(500), ms(500));
    }

    @Test
    void anIdleBoardGetsAPingAfterOneSecondWithoutAFrame() {
        board.answerPings = true;
        start();
        at(ms(1000).minus(NS));
        assertThat(writtenAt(Frame.PING)).as("no PING before 1 s of silence").isEmpty();
        // The heartbeat is checked every quarter interval: the PING goes out at 1 s, at most 250 ms late.
        at(ms(1250));
        assertThat(writtenAt(Frame.PING)).hasSize(1);
        double firstPing = writtenAt(Frame.PING).get(0);
        assertThat(firstPing).isBetween(1000.0, 1250.0);

        // Its PONG is a frame from the board: the next PING waits another second of silence.
        at(ms((long) firstPing + 1000).minus(NS));
        assertThat(writtenAt(Frame.PING)).hasSize(1);
        at(ms((long) firstPing + 1250));
        assertThat(writtenAt(Frame.PING)).hasSize(2);
        assertThat(link.status()).isEqualTo(DeviceStatus.ONLINE);
    }

    @Test
    void noPingWhileTheBoardKeepsAnswering() {
        start();
        for (int i = 1; i <= 20; i++) {
            at(ms(400L * i));
            link.set(0, new LightChange(null, i % 2 == 0 ? 10 : 20, null, null, null)); // ACKed inline
        }
        at(ms(8000));
        assertThat(writtenAt(Frame.SET)).hasSize(20);
        assertThat(writtenAt(Frame.PING)).as("a frame at least every 400 ms").isEmpty();
    }

    @Test
    void threeUnansweredHeartbeatsTakeTheBoardOfflineAndFailWhatIsPending() {
        board.onSet = f -> null;
        start();
        at(ms(3999));
        assertThat(writtenAt(Frame.PING)).containsExactly(1000.0, 2000.0, 3000.0);
        assertThat(link.status()).isEqualTo(DeviceStatus.ONLINE);

        board.onSet = f -> null;
        CompletableFuture<Void> pending = link.set(0, on()); // written at 3999 ms, not answered before 4000 ms
        at(ms(4000).minus(NS));
        assertThat(link.status()).isEqualTo(DeviceStatus.ONLINE);
        at(ms(4000));
        assertThat(link.status()).isEqualTo(DeviceStatus.OFFLINE);
        assertThat(failure(pending).code()).isEqualTo(ErrorCode.DEVICE_OFFLINE);
    }

    @Test
    void helloRequestsBackOffFrom250MsTo1Second() {
        board.answerHellos = false; // e.g. a chip held in its ROM's download mode
        start();
        at(ms(5750));
        // Section 5: every 250 ms, backing off to 1 s.
        assertThat(writtenAt(Frame.HELLO_REQ))
                .containsExactly(0.0, 250.0, 750.0, 1750.0, 2750.0, 3750.0, 4750.0, 5750.0);
        assertThat(link.status()).isEqualTo(DeviceStatus.CONNECTING);

        board.answerHellos = true;
        at(ms(6750));
        assertThat(link.status()).isEqualTo(DeviceStatus.ONLINE);
        assertThat(writtenAt(Frame.HELLO_REQ)).hasSize(9);
    }

    @Test
    void anUnpluggedPortIsRetriedAfter250MsDoublingTo5Seconds() {
        board.unplugged = true;
        start();
        at(ms(30_000));
        List<Double> opens = new ArrayList<>();
        for (long n : board.openAttempts) opens.add((n - t0) / 1e6);
        assertThat(gaps(opens)).containsExactly(250.0, 500.0, 1000.0, 2000.0, 4000.0, 5000.0, 5000.0, 5000.0, 5000.0);
        assertThat(link.status()).isEqualTo(DeviceStatus.OFFLINE);

        board.unplugged = false; // plugged in: the next attempt (at 32,750 ms) opens it
        at(ms(32_750).minus(NS));
        assertThat(link.status()).isEqualTo(DeviceStatus.OFFLINE);
        at(ms(32_750));
        assertThat(link.status()).isEqualTo(DeviceStatus.ONLINE);
    }

    @Test
    void theBackOffStartsOverAfterASuccessfulOpen() {
        start(); // online at t0
        board.answerPings = false;
        at(ms(4000)); // three PINGs unanswered: contact lost at 4 s
        assertThat(link.status()).isEqualTo(DeviceStatus.OFFLINE);
        int before = board.openAttempts.size();
        at(ms(4250).minus(NS));
        assertThat(board.openAttempts).hasSize(before);
        at(ms(4250));
        assertThat(board.openAttempts).as("reopened 250 ms after the loss").hasSize(before + 1);
        assertThat(link.status()).isEqualTo(DeviceStatus.ONLINE);
    }

    @Test
    void aResetThatBringsBackTheOldBootIdFailsAtTheTenSecondDeadline() {
        board.answerPings = true;
        board.ackReboots = true; // ACKs REBOOT_REQ, then answers HELLO_REQ with the same boot id: no reset happened
        start();
        at(ms(1000));
        CompletableFuture<Long> reset = link.reset();
        at(ms(11_000).minus(NS));
        assertThat(writtenAt(Frame.REBOOT_REQ)).containsExactly(1000.0);
        assertThat(reset).as("the deadline is 10 s").isNotDone();
        at(ms(11_000));
        assertThat(reset).isCompletedExceptionally();
        assertThat(LinkTestSupport.failure(reset.thenApply(x -> (Void) null)).code())
                .isEqualTo(ErrorCode.RESET_FAILED);
        assertThat(link.status()).as("the board is there, as it was").isEqualTo(DeviceStatus.ONLINE);
    }

    @Test
    void anUnansweredRebootRequestIsRetransmittedLikeASetThenTimesOut() {
        board.answerPings = true; // REBOOT_REQ goes unanswered (section 5: retransmitted like a SET)
        start();
        CompletableFuture<Long> reset = link.reset();
        at(ms(1500).minus(NS));
        assertThat(writtenAt(Frame.REBOOT_REQ)).containsExactly(0.0, 100.0, 300.0, 700.0, 1100.0);
        assertThat(reset).isNotDone();
        at(ms(1500));
        assertThat(LinkTestSupport.failure(reset.thenApply(x -> (Void) null)).code())
                .isEqualTo(ErrorCode.TIMEOUT);
        assertThat(writtenAt(Frame.REBOOT_REQ)).hasSize(5);
    }

    @Test
    void aResetAfterWhichNoHelloComesTimesOutAtTheDeadline() {
        board.answerPings = true;
        board.ackReboots = true;
        start();
        board.answerHellos = false; // the board went quiet after its ACK
        CompletableFuture<Long> reset = link.reset();
        at(ms(10_000).minus(NS));
        assertThat(reset).isNotDone();
        at(ms(10_000));
        assertThat(LinkTestSupport.failure(reset.thenApply(x -> (Void) null)).code())
                .isEqualTo(ErrorCode.TIMEOUT);
    }
}
