package io.hilbridge.link;

import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.ErrorCode;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.LightState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static io.hilbridge.link.VirtualLink.brightness;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How SETs leave the window (uart-link.md section 6, "The window" and "Superseded SETs"): a SET resolves by its ACK,
 * its NACK, a timeout or the loss of the board, and each of these frees its place so that the next pending change goes
 * out at once; a superseded SET's NACK hands its clients to the newer SET; a refused or failed light's clients see
 * the state it leaves behind; a replayed light is in sync once its last SET is resolved, however it resolved; the
 * lights whose SETs were lost with the board are replayed after the handshake. On virtual time against a board that
 * answers only what the test sends ({@link VirtualLink}).
 */
class SetWindowRulesTest {
    /** One SET in flight at a time; no retransmission unless a test waits 30 s. */
    private static final LinkConfig ONE_AT_A_TIME = LinkConfig.builder()
            .window(1)
            .retransmitTimeout(Duration.ofSeconds(30))
            .maxRetransmitTimeout(Duration.ofSeconds(30))
            .build();

    private final VirtualLink v = new VirtualLink();

    @AfterEach
    void tearDown() {
        v.close();
    }

    private List<Integer> lightsSetSince(int n) {
        return v.board.newSets().subList(n, v.board.newSets().size()).stream()
                .map(f -> Messages.SetCommand.decode(f.payload()).light())
                .toList();
    }

    private void hello(long bootId) {
        v.toHost(Frame.HELLO, new Messages.Hello(1, "script", bootId, v.board.lights).encode());
    }

    /** What a client sees when its command completes: whether the light is still pending, and its desired state. */
    private record Seen(boolean pending, LightState desired) {}

    private static List<Seen> whenDone(LinkSession link, CompletableFuture<Void> f, int light) {
        List<Seen> seen = new ArrayList<>();
        f.whenComplete((x, e) ->
                seen.add(new Seen(link.pending(light), link.desiredStates().get(light))));
        return seen;
    }

    private static ErrorCode code(CompletableFuture<Void> f) {
        assertThat(f).isCompletedExceptionally();
        try {
            f.join();
        } catch (CompletionException e) {
            return ((CommandException) e.getCause()).code();
        }
        throw new AssertionError("failed without an exception");
    }

    @Test
    void aRefusedSetFreesItsPlaceAndItsClientSeesTheLightAsTheBoardHasIt() {
        LinkSession link = v.start(ONE_AT_A_TIME, LinkLimitsTest.lamps(2));
        CompletableFuture<Void> refused = link.set(0, brightness(10));
        List<Seen> seen = whenDone(link, refused, 0);
        int refusedSeq = v.lastSetSeq();
        link.set(1, brightness(20));
        assertThat(v.board.newSets()).as("the window holds one").hasSize(1);

        v.nack(refusedSeq, Messages.NACK_OUT_OF_RANGE);

        assertThat(code(refused)).isEqualTo(ErrorCode.OUT_OF_RANGE);
        assertThat(seen).containsExactly(new Seen(false, LightState.BOOT));
        assertThat(lightsSetSince(1)).as("the queued SET goes out at once").containsExactly(1);
    }

    @Test
    void aSetAnsweredMalformedEveryTimeFailsFreesItsPlaceAndItsClientSeesNothingPending() {
        v.board.answerPings = true; // the board stays online while the SET waits 30 s
        LinkSession link = v.start(ONE_AT_A_TIME.toBuilder().retries(0).build(), LinkLimitsTest.lamps(2));
        CompletableFuture<Void> f = link.set(0, brightness(10));
        List<Seen> seen = whenDone(link, f, 0);
        int seq = v.lastSetSeq();
        link.set(1, brightness(20));
        v.nack(seq, Messages.NACK_MALFORMED);
        assertThat(f)
                .as("MALFORMED is a lost answer: the retransmit timer decides")
                .isNotDone();

        v.advance(Duration.ofSeconds(30));

        assertThat(code(f)).isEqualTo(ErrorCode.NACK);
        assertThat(seen).extracting(Seen::pending).containsExactly(false);
        assertThat(lightsSetSince(1)).as("the queued SET goes out at once").containsExactly(1);
    }

    @Test
    void aSupersededSetsNackHandsItsClientsToTheNewerSetAndFreesItsPlace() {
        LinkSession link = v.start(ONE_AT_A_TIME.toBuilder().window(2).build(), LinkLimitsTest.lamps(2));
        CompletableFuture<Void> older = link.set(0, brightness(10));
        int olderSeq = v.lastSetSeq();
        CompletableFuture<Void> newer = link.set(0, brightness(20));
        int newerSeq = v.lastSetSeq();
        link.set(1, brightness(30));
        assertThat(v.board.newSets()).as("two in flight, light 1 waits").hasSize(2);

        v.nack(olderSeq, Messages.NACK_BUSY);

        assertThat(older).as("its clients get the newer SET's result").isNotDone();
        assertThat(lightsSetSince(2)).as("its place is free at once").containsExactly(1);
        v.ack(newerSeq, 0);
        assertThat(older).isCompleted().isNotCompletedExceptionally();
        assertThat(newer).isCompleted().isNotCompletedExceptionally();
    }

    @Test
    void aResolvedSetIsNeverRetransmitted() {
        LinkSession link = v.start(LinkConfig.defaults());
        link.set(0, brightness(10));
        int seq = v.lastSetSeq();
        v.ack(seq, 0);
        v.advance(Duration.ofSeconds(3));
        assertThat(v.board.transmissions(seq)).isEqualTo(1);
    }

    @Test
    void aReplayedLightIsInSyncOnceItsLastSetIsResolvedByARefusal() {
        LinkSession link = v.start(ONE_AT_A_TIME);
        link.set(0, brightness(10));
        v.ack(v.lastSetSeq(), 0);
        hello(43); // a new boot: light 0 is replayed
        assertThat(link.status()).isEqualTo(DeviceStatus.RESYNCING);
        v.nack(v.lastSetSeq(), Messages.NACK_BUSY);
        assertThat(link.status()).isEqualTo(DeviceStatus.ONLINE);
    }

    @Test
    void aReplayedLightIsInSyncOnceItsLastSetIsResolvedByMalformedAnswers() {
        v.board.answerPings = true; // the board stays online while the SET waits 30 s
        LinkSession link = v.start(ONE_AT_A_TIME.toBuilder().retries(0).build());
        link.set(0, brightness(10));
        v.ack(v.lastSetSeq(), 0);
        hello(43);
        v.nack(v.lastSetSeq(), Messages.NACK_MALFORMED);
        assertThat(link.status()).isEqualTo(DeviceStatus.RESYNCING);
        v.advance(Duration.ofSeconds(30));
        assertThat(link.status()).isEqualTo(DeviceStatus.ONLINE);
    }

    @Test
    void aReplayedLightWhoseSetAndRepairTimeOutIsLeftDirtyAndTheLinkOnline() {
        LinkSession link = v.start(LinkConfig.builder().retries(0).build());
        link.set(0, brightness(10));
        v.ack(v.lastSetSeq(), 0);
        hello(43);
        int before = v.board.newSets().size();
        v.advance(Duration.ofMillis(100)); // the replay times out: its repair is queued and sent
        assertThat(v.board.newSets()).hasSize(before + 1);
        assertThat(link.status()).as("the repair is the light's last SET").isEqualTo(DeviceStatus.RESYNCING);
        v.advance(Duration.ofMillis(100)); // the repair times out too: no second repair
        assertThat(v.board.newSets()).hasSize(before + 1);
        assertThat(link.status()).isEqualTo(DeviceStatus.ONLINE);
    }

    @Test
    void aReplayedLightIsInSyncOnlyOnceItsNewestSetIsResolved() {
        LinkSession link = v.start(ONE_AT_A_TIME.toBuilder().window(2).build());
        link.set(0, brightness(10));
        v.ack(v.lastSetSeq(), 0);
        hello(43);
        int replaySeq = v.lastSetSeq();
        link.set(0, brightness(20)); // supersedes the replay
        int newerSeq = v.lastSetSeq();
        v.ack(replaySeq, 0);
        assertThat(link.status()).as("the newer SET is not resolved").isEqualTo(DeviceStatus.RESYNCING);
        v.ack(newerSeq, 0);
        assertThat(link.status()).isEqualTo(DeviceStatus.ONLINE);
    }

    @Test
    void theSpanRuleCountsTheSetsWrittenSinceTheOldestRetransmittableOne() {
        LinkSession link = v.start(ONE_AT_A_TIME.toBuilder().window(2).build(), LinkLimitsTest.lamps(2));
        for (int i = 0; i < 6; i++) {
            link.set(0, brightness(i));
            v.ack(v.lastSetSeq(), 0);
        }
        link.set(0, brightness(50));
        link.set(1, brightness(60));
        assertThat(lightsSetSince(6))
                .as("2 SETs in flight, both among the last 8")
                .containsExactly(0, 1);
    }

    @Test
    void theSetsLostWithTheBoardAreReplayedAfterTheHandshakeAndNeverRetransmitted() {
        LinkSession link = v.start(ONE_AT_A_TIME, LinkLimitsTest.lamps(3));
        CompletableFuture<Void> inFlight = link.set(0, brightness(10));
        int lostSeq = v.lastSetSeq();
        CompletableFuture<Void> queued = link.set(1, brightness(20));
        for (int ms = 0; link.status() != DeviceStatus.OFFLINE; ms++) {
            assertThat(ms).as("ms until the silent board is offline").isLessThan(60_000);
            v.advance(Duration.ofMillis(1));
        }
        assertThat(code(inFlight)).isEqualTo(ErrorCode.DEVICE_OFFLINE);
        assertThat(code(queued)).isEqualTo(ErrorCode.DEVICE_OFFLINE);
        int before = v.board.newSets().size();
        for (int ms = 0; link.status() == DeviceStatus.OFFLINE; ms++) {
            assertThat(ms).as("ms until the board answers a HELLO_REQ again").isLessThan(60_000);
            v.advance(Duration.ofMillis(1));
        }
        assertThat(link.status()).isEqualTo(DeviceStatus.RESYNCING);
        assertThat(lightsSetSince(before))
                .as("the replay of light 0, the window's only place")
                .containsExactly(0);
        v.ack(v.lastSetSeq(), 0);
        assertThat(lightsSetSince(before)).containsExactly(0, 1);
        v.ack(v.lastSetSeq(), 0);
        assertThat(link.status()).isEqualTo(DeviceStatus.ONLINE);
        v.advance(Duration.ofSeconds(31));
        assertThat(v.board.transmissions(lostSeq))
                .as("a SET lost with the board is not retransmitted")
                .isOne();
    }

    @Test
    void aHelloMakesTheHostLearnAgainHowTheBoardAnswersASet() {
        LinkSession link = v.start(ONE_AT_A_TIME);
        int twoFrames = link.pacedAnswerBytes();
        link.set(0, brightness(10));
        v.toHost(Frame.ACK_STATE, new Messages.AckState(v.lastSetSeq(), 1, 0, 1, 10, 0, 0, 0, 0).encode());
        assertThat(link.pacedAnswerBytes()).as("one ACK_STATE per SET").isLessThan(twoFrames);
        hello(42);
        assertThat(link.pacedAnswerBytes())
                .as("maybe new firmware: STATE + ACK")
                .isEqualTo(twoFrames);
    }

    @Test
    void afterAHelloReqTheSeqsOfEarlierSetsMayBeUsedAgain() throws Exception {
        LinkSession link = v.start(ONE_AT_A_TIME);
        v.state(0, 5, 0, 3); // sync STATE: the host's state_gen is 3
        link.set(0, brightness(10));
        int seq = v.lastSetSeq();
        long helloRequests = v.written(Frame.HELLO_REQ);
        v.ack(seq, 4); // state_gen 4: a STATE was lost; HELLO_REQ goes out with the window empty
        assertThat(v.written(Frame.HELLO_REQ)).isEqualTo(helloRequests + 1);
        link.moveSequenceForTest(seq).get();
        link.set(0, brightness(20));
        assertThat(v.lastSetSeq())
                .as("the board's duplicate window no longer holds it")
                .isEqualTo(seq);
    }

    @Test
    void aStaleAckStateStillReportsItsNewerState() {
        LinkSession link = v.start(ONE_AT_A_TIME);
        v.toHost(Frame.ACK_STATE, new Messages.AckState(1234, 1, 0, 1, 77, 0, 0, 0, 0).encode());
        assertThat(link.reportedStates().get(0).brightness()).isEqualTo(77);
        assertThat(link.internalErrors()).isZero();
    }

    @Test
    void noSetGoesOutBeforeTheHandshakesHello() {
        LinkSession link = v.start(ONE_AT_A_TIME);
        link.set(0, brightness(10)); // in flight when the board falls silent: left dirty
        v.board.answerHellos = false;
        for (int ms = 0; link.status() != DeviceStatus.OFFLINE; ms++) {
            assertThat(ms).as("ms until the silent board is offline").isLessThan(60_000);
            v.advance(Duration.ofMillis(1));
        }
        long helloRequests = v.written(Frame.HELLO_REQ);
        for (int ms = 0; v.written(Frame.HELLO_REQ) == helloRequests; ms++) {
            assertThat(ms)
                    .as("ms until the link reconnects and asks for a HELLO")
                    .isLessThan(60_000);
            v.advance(Duration.ofMillis(1));
        }
        int sets = v.board.newSets().size();
        v.toHost(Frame.PONG, new Messages.Pong(0, 0, 1).encode()); // the board answers, but no HELLO yet
        assertThat(v.board.newSets()).as("no SET while handshaking").hasSize(sets);
        v.board.answerHellos = true;
        hello(42);
        assertThat(v.board.newSets())
                .as("the dirty light is replayed after the HELLO")
                .hasSize(sets + 1);
    }

    @Test
    void aRefusedReplayLeavesTheLightClean() {
        LinkSession link = v.start(LinkConfig.builder().retries(0).build(), LinkLimitsTest.lamps(2));
        link.set(0, brightness(10));
        v.advance(Duration.ofMillis(200)); // the SET and its repair time out: dirty
        hello(42); // replays light 0
        v.nack(v.lastSetSeq(), Messages.NACK_BUSY); // the board answered: its state is known again
        link.set(1, brightness(20));
        int sets = v.board.newSets().size();
        v.ack(v.lastSetSeq(), 0);
        assertThat(v.board.newSets()).as("no repair of light 0").hasSize(sets);
    }

    static LightChange off() {
        return new LightChange(false, null, null, null, null);
    }
}
