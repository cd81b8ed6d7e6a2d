package io.hilbridge.link;

import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.ErrorCode;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.StateCause;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Answers the host did not ask for (uart-link.md section 6): an ACK or NACK for a seq that was never sent or was
 * already answered is dropped and resolves nothing; an ACK_STATE's state_gen is compared as a 16-bit serial number
 * ("(int16_t)(state_gen - last) > 0"), so newer holds across the 65535 -> 0 wrap and a repeat is an ACK alone.
 * Against a scripted board that answers only when the test says, with long timers so nothing is retransmitted: no
 * step depends on timing (a barrier command shows the link has handled everything before it). The link runs on
 * virtual time ({@link VirtualSim}), which moves only while a step waits.
 */
class StaleAnswersTest {
    private static final LinkConfig PATIENT = LinkConfig.builder()
            .retransmitTimeout(Duration.ofSeconds(30))
            .maxRetransmitTimeout(Duration.ofSeconds(30))
            .build();

    private final VirtualSim sim = new VirtualSim();
    private final ScriptedBoard board = ScriptedBoard.answeringInline();
    private LinkSession link;

    StaleAnswersTest() {
        board.clock = sim.clock::nanoTime;
    }

    @AfterEach
    void tearDown() throws Exception {
        sim.close();
    }

    private io.hilbridge.lights.CommandException failure(CompletableFuture<?> f) {
        return sim.failure(f);
    }

    private void start() {
        board.onSet = f -> null; // every SET waits for the test's answer
        link = sim.start("stub", board, PATIENT);
        sim.until(() -> link.status() == DeviceStatus.ONLINE, "the link to come online");
    }

    /** Every command and answer before this has been handled: an unknown light is refused by a link task, in order. */
    private void barrier() {
        assertThat(failure(link.set(99, new LightChange(true, null, null, null, null)))
                        .code())
                .isEqualTo(ErrorCode.UNKNOWN_LIGHT);
    }

    private static LightChange brightness(int b) {
        return new LightChange(null, b, null, null, null);
    }

    private int lastSetSeq() {
        return board.newSets().get(board.newSets().size() - 1).seq();
    }

    private void send(int type, byte[] payload) {
        board.toHost(FrameEncoder.encode(type, 0, payload));
    }

    private void ackState(int seq, int stateGen, int brightness) {
        send(Frame.ACK_STATE, new Messages.AckState(seq, stateGen, 0, 1, brightness, 0, 0, 0, 0).encode());
    }

    @Test
    void answersForUnknownSeqsResolveNothing() throws Exception {
        start();
        CompletableFuture<Void> command = link.set(0, brightness(10));
        barrier();
        int seq = lastSetSeq();
        send(Frame.ACK, new Messages.Ack((seq + 1) & 0xFFFF, 0).encode());
        send(Frame.NACK, new Messages.Nack((seq + 2) & 0xFFFF, Messages.NACK_UNSUPPORTED).encode());
        send(Frame.NACK, new Messages.Nack((seq + 3) & 0xFFFF, Messages.NACK_MALFORMED).encode());
        barrier();
        assertThat(command).isNotDone();
        assertThat(link.internalErrors()).as("errors inside the link").isZero();
        assertThat(link.status()).isEqualTo(DeviceStatus.ONLINE);

        send(Frame.ACK, new Messages.Ack(seq, 0).encode());
        sim.done(command);
    }

    @Test
    void aDuplicateAnswerDoesNotResolveTheNextCommand() throws Exception {
        start();
        CompletableFuture<Void> first = link.set(0, brightness(10));
        barrier();
        int firstSeq = lastSetSeq();
        send(Frame.ACK, new Messages.Ack(firstSeq, 0).encode());
        sim.done(first);

        CompletableFuture<Void> second = link.set(0, brightness(20));
        barrier();
        int secondSeq = lastSetSeq();
        assertThat(secondSeq).isNotEqualTo(firstSeq);
        send(Frame.ACK, new Messages.Ack(firstSeq, 0).encode()); // the board's duplicate window repeating itself
        send(Frame.NACK, new Messages.Nack(firstSeq, Messages.NACK_BUSY).encode());
        barrier();
        assertThat(second).isNotDone();
        assertThat(link.internalErrors()).as("errors inside the link").isZero();
        send(Frame.ACK, new Messages.Ack(secondSeq, 0).encode());
        sim.done(second);
    }

    @Test
    void stateGenIsNewerAcrossTheWrapAndARepeatIsAnAckAlone() throws Exception {
        start();
        // A sync STATE sets the host's last state_gen to 65535 without implying a lost change.
        send(Frame.STATE, new Messages.State(0, StateCause.SYNC.code(), 1, 1, 0, 0, 0, 0, 0xFFFF).encode());

        CompletableFuture<Void> wrap = link.set(0, brightness(20));
        barrier();
        ackState(lastSetSeq(), 0, 20); // 0 follows 65535
        sim.done(wrap);
        assertThat(link.reportedStates().get(0).brightness())
                .as("state of an ACK_STATE newer across the wrap")
                .isEqualTo(20);

        CompletableFuture<Void> repeat = link.set(0, brightness(30));
        barrier();
        ackState(lastSetSeq(), 0, 99); // the same state_gen: a repeat, its state is not taken
        sim.done(repeat);
        assertThat(link.reportedStates().get(0).brightness())
                .as("state of a repeated ACK_STATE")
                .isEqualTo(20);

        CompletableFuture<Void> halfWay = link.set(0, brightness(40));
        barrier();
        ackState(lastSetSeq(), 0x8000, 98); // exactly half the circle away: (int16_t) 0x8000 < 0, not newer
        sim.done(halfWay);
        assertThat(link.reportedStates().get(0).brightness())
                .as("state_gen 32768 after 0")
                .isEqualTo(20);
        assertThat(link.internalErrors()).isZero();
    }

    @Test
    void stateGenJustUnderHalfTheCircleIsNewer() throws Exception {
        start();
        send(Frame.STATE, new Messages.State(0, StateCause.SYNC.code(), 1, 1, 0, 0, 0, 0, 0).encode());
        CompletableFuture<Void> ahead = link.set(0, brightness(50));
        barrier();
        ackState(lastSetSeq(), 0x7FFF, 50);
        sim.done(ahead);
        assertThat(link.reportedStates().get(0).brightness())
                .as("state_gen 32767 after 0")
                .isEqualTo(50);
    }
}
