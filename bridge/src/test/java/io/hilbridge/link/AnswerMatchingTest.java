package io.hilbridge.link;

import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.ErrorCode;
import io.hilbridge.lights.LightChange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static io.hilbridge.link.LinkTestSupport.failure;
import static io.hilbridge.link.VirtualLink.brightness;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which SET an answer resolves (uart-link.md section 6, "The window", and section 7, "SET duplicate"): an ACK or NACK
 * resolves the unresolved SET with its {@code ack_seq}, exactly once. One for a seq the host never sent, or for a SET
 * already resolved (the board's duplicate window repeating itself), is dropped: it completes no command, counts no
 * NACK and no round trip, and leaves the SET that is in flight in flight (still retransmitted on its timer). On
 * virtual time, so "still in flight" is checked by the retransmission at exactly 100 ms.
 */
class AnswerMatchingTest {
    private static final Duration RTO = Duration.ofMillis(100);

    private final VirtualLink v = new VirtualLink();

    @AfterEach
    void tearDown() {
        v.close();
    }

    /** The SET in flight with {@code seq} was not resolved: it is retransmitted when its first timeout ends. */
    private void assertStillInFlight(int seq, CompletableFuture<Void> command) {
        assertThat(command).as("the command of SET seq %d", seq).isNotDone();
        assertThat(v.link.pending(0)).isTrue();
        v.advance(RTO);
        assertThat(v.board.transmissions(seq))
                .as("transmissions of SET seq %d after 100 ms", seq)
                .isEqualTo(2);
    }

    @Test
    void anAckForASeqNeverSentIsDroppedAndTheSetInFlightStaysInFlight() throws Exception {
        LinkSession link = v.start(LinkConfig.defaults());
        CompletableFuture<Void> command = link.set(0, brightness(10));
        int seq = v.lastSetSeq();

        v.ack((seq + 1) & 0xFFFF, 0);
        v.ack((seq - 1) & 0xFFFF, 0);

        assertThat(link.stats().lastRttMicros())
                .as("round trip of a dropped ACK")
                .isEqualTo(-1);
        assertThat(link.internalErrors()).as("errors inside the link").isZero();
        assertStillInFlight(seq, command);
        v.ack(seq, 0);
        assertThat(command).isCompleted();
        assertThat(link.stats().lastRttMicros())
                .as("round trip: answered at the retransmission's instant")
                .isEqualTo(100_000);
    }

    @Test
    void aNackForASeqNeverSentIsDroppedWhateverItsCode() {
        LinkSession link = v.start(LinkConfig.defaults());
        CompletableFuture<Void> command = link.set(0, brightness(10));
        int seq = v.lastSetSeq();

        v.nack((seq + 1) & 0xFFFF, Messages.NACK_BUSY);
        v.nack((seq + 2) & 0xFFFF, Messages.NACK_MALFORMED);

        assertThat(link.stats().nacks()).as("NACKs counted").isZero();
        assertThat(link.internalErrors()).as("errors inside the link").isZero();
        assertThat(link.status()).isEqualTo(DeviceStatus.ONLINE);
        assertStillInFlight(seq, command);
        v.nack(seq, Messages.NACK_BUSY);
        assertThat(failure(command).code()).isEqualTo(ErrorCode.BUSY);
        assertThat(link.stats().nacks()).isEqualTo(1);
    }

    @Test
    void aRepeatedAckCompletesNothingASecondTimeAndNotTheNextSet() {
        LinkSession link = v.start(LinkConfig.defaults());
        CompletableFuture<Void> first = link.set(0, brightness(10));
        int firstSeq = v.lastSetSeq();
        v.ack(firstSeq, 0);
        assertThat(first).isCompleted();

        CompletableFuture<Void> second = link.set(0, brightness(20));
        int secondSeq = v.lastSetSeq();
        assertThat(secondSeq).isNotEqualTo(firstSeq);
        v.ack(firstSeq, 0); // the duplicate window answering a retransmission again

        assertThat(link.internalErrors()).isZero();
        assertStillInFlight(secondSeq, second);
    }

    @Test
    void aRepeatedNackIsCountedOnceAndFailsNothingElse() {
        LinkSession link = v.start(LinkConfig.defaults());
        CompletableFuture<Void> refused = link.set(0, brightness(10));
        int refusedSeq = v.lastSetSeq();
        v.nack(refusedSeq, Messages.NACK_OUT_OF_RANGE);
        assertThat(failure(refused).code()).isEqualTo(ErrorCode.OUT_OF_RANGE);
        assertThat(link.stats().nacks()).isEqualTo(1);

        CompletableFuture<Void> next = link.set(0, brightness(20));
        int nextSeq = v.lastSetSeq();
        v.nack(refusedSeq, Messages.NACK_OUT_OF_RANGE);
        v.nack(refusedSeq, Messages.NACK_MALFORMED);

        assertThat(link.stats().nacks()).as("the repeats are not counted").isEqualTo(1);
        assertThat(link.internalErrors()).isZero();
        assertStillInFlight(nextSeq, next);
    }

    @Test
    void anAnswerResolvesOnlyTheSetWithItsSeqNotAnOlderOneForAnotherLight() {
        LinkSession link = v.start(LinkConfig.defaults(), LinkLimitsTest.lamps(2));
        CompletableFuture<Void> older = link.set(0, brightness(10));
        int olderSeq = v.lastSetSeq();
        CompletableFuture<Void> newer = link.set(1, brightness(20));
        int newerSeq = v.lastSetSeq();

        v.ack(newerSeq, 0);
        assertThat(newer).isCompleted();
        assertThat(link.pending(1)).isFalse();
        assertStillInFlight(olderSeq, older);

        CompletableFuture<Void> third = link.set(1, brightness(30));
        v.nack(v.lastSetSeq(), Messages.NACK_BUSY);
        assertThat(failure(third).code()).isEqualTo(ErrorCode.BUSY);
        assertThat(older).as("light 0's command after light 1's NACK").isNotDone();
        v.ack(olderSeq, 0);
        assertThat(older).isCompleted();
    }

    @Test
    void aSupersededSetsOwnAckAnswersItsClientsAndLeavesTheNewerInFlight() {
        LinkSession link = v.start(LinkConfig.defaults());
        CompletableFuture<Void> first = link.set(0, brightness(10));
        int firstSeq = v.lastSetSeq();
        CompletableFuture<Void> second = link.set(0, new LightChange(true, null, null, null, null));
        int secondSeq = v.lastSetSeq();

        v.ack(firstSeq, 0); // section 6: a superseded SET resolves with its own ACK if that arrives first
        assertThat(first).isCompleted();
        assertStillInFlight(secondSeq, second);
        assertThat(v.board.transmissions(firstSeq))
                .as("a superseded SET is never retransmitted")
                .isEqualTo(1);
    }

    @Test
    void aCommandForSeveralLightsEndsWithTheRefusalOfOneOfThem() {
        LinkSession link = v.start(LinkConfig.defaults(), LinkLimitsTest.lamps(2));
        CompletableFuture<Void> all = link.set(BoardLink.ALL_LIGHTS, brightness(5));
        assertThat(v.board.newSets()).as("one SET per light").hasSize(2);
        v.ack(v.board.newSets().get(0).seq(), 0);
        assertThat(all).as("one light still unanswered").isNotDone();
        v.nack(v.board.newSets().get(1).seq(), Messages.NACK_UNSUPPORTED);
        assertThat(failure(all).code()).isEqualTo(ErrorCode.UNSUPPORTED);
        // BoardLink.submit: completes exceptionally with the CommandException itself, also for a callback.
        assertThat(all.handle((ok, error) -> error).getNow(null)).isInstanceOf(CommandException.class);
    }
}
