package io.hilbridge.link;

import io.hilbridge.lights.StateCause;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static io.hilbridge.link.VirtualLink.brightness;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The state generation (uart-link.md section 6, "lost STATE" and "ACK_STATE"), a 16-bit counter that wraps 65535 -> 0:
 * an ACK or PONG whose {@code state_gen} differs from the last one, a STATE other than a sync answer that is not the
 * previous + 1, a FAULT that is neither the previous nor the previous + 1, each means a STATE was lost: the host asks
 * for every state (STATE_REQ 0xFF), and for a HELLO once no SET is in flight. An ACK_STATE is newer when
 * {@code (int16_t)(state_gen - last) > 0}: tested on both sides of the half-range and across the wrap. The handshake
 * itself sends one STATE_REQ; each test counts those after it.
 */
class StateGenerationTest {
    private static final int COMMAND = StateCause.COMMAND.code();
    private static final int BUTTON = StateCause.BUTTON.code();
    private static final int SYNC = StateCause.SYNC.code();

    private final VirtualLink v = new VirtualLink();

    @AfterEach
    void tearDown() {
        v.close();
    }

    /**
     * Starts the link; from then on the board leaves HELLO_REQ unanswered, so the STATE_REQ counted is the lost-STATE
     * rule's own (a HELLO would bring one more, section 5).
     */
    private LinkSession start() {
        LinkSession link = v.start(LinkConfig.defaults());
        v.board.answerHellos = false;
        return link;
    }

    /** STATE_REQs since the handshake's. */
    private long stateRequests() {
        return v.written(Frame.STATE_REQ) - 1;
    }

    private void fault(int stateGen) {
        v.toHost(Frame.FAULT, new Messages.Fault(0, 0, stateGen).encode());
    }

    @Test
    void aStateThatIsThePreviousPlusOneAcrossTheWrapLosesNothing() {
        start();
        v.state(0, SYNC, 1, 0xFFFE);
        v.state(0, BUTTON, 2, 0xFFFF);
        v.state(0, BUTTON, 3, 0);
        v.state(0, COMMAND, 4, 1);
        assertThat(stateRequests()).isZero();
        assertThat(v.link.reportedStates().get(0).brightness()).isEqualTo(4);
    }

    @Test
    void aStateThatSkipsAGenerationMeansOneWasLost() {
        start();
        v.state(0, SYNC, 1, 0xFFFF);
        v.state(0, BUTTON, 2, 1); // 0 is missing
        assertThat(stateRequests()).isEqualTo(1);
        assertThat(v.written(Frame.HELLO_REQ))
                .as("the handshake's, and one for the boot id")
                .isEqualTo(2);
        v.state(0, BUTTON, 3, 1); // the same generation again is no change either
        assertThat(stateRequests()).isEqualTo(2);
    }

    @Test
    void aSyncAnswerCarriesTheCurrentGenerationWithoutAChange() {
        start();
        v.state(0, SYNC, 1, 10);
        v.state(0, SYNC, 1, 10);
        v.state(0, SYNC, 1, 500);
        assertThat(stateRequests()).isZero();
    }

    @Test
    void aFaultRepeatsTheCurrentGenerationOrMovesItByOne() {
        start();
        v.state(0, SYNC, 1, 0xFFFF);
        fault(0xFFFF); // in a sync answer: the current value
        fault(0); // a fault change across the wrap
        assertThat(stateRequests()).isZero();
        fault(2); // 1 is missing
        assertThat(stateRequests()).isEqualTo(1);
    }

    @Test
    void anAckOrPongWithAnotherGenerationThanTheLastStateMeansOneWasLost() {
        v.board.answerPings = true; // PONG carries state_gen 0 (ScriptedBoard)
        LinkSession link = start();
        CompletableFuture<Void> first = link.set(0, brightness(1));
        v.ack(v.lastSetSeq(), 7); // no STATE seen yet: nothing to compare with
        assertThat(first).isCompleted();
        assertThat(stateRequests()).isZero();

        v.state(0, SYNC, 1, 7);
        link.set(0, brightness(2));
        v.ack(v.lastSetSeq(), 7);
        assertThat(stateRequests())
                .as("an ACK with the last STATE's generation")
                .isZero();
        link.set(0, brightness(3));
        v.ack(v.lastSetSeq(), 9);
        assertThat(stateRequests()).as("an ACK with another").isEqualTo(1);

        v.state(0, SYNC, 1, 5);
        v.advance(Duration.ofMillis(1250)); // heartbeat: PING, PONG with state_gen 0
        assertThat(v.written(Frame.PING)).isEqualTo(1);
        assertThat(stateRequests()).as("a PONG with another generation").isEqualTo(2);
    }

    @Test
    void theHelloRequestForALostStateWaitsUntilNoSetIsInFlight() {
        LinkSession link = start();
        v.state(0, SYNC, 1, 3);
        CompletableFuture<Void> inFlight = link.set(0, brightness(1));
        v.state(0, BUTTON, 2, 5); // 4 is missing
        assertThat(stateRequests()).isEqualTo(1);
        assertThat(v.written(Frame.HELLO_REQ))
                .as("not while a SET is in flight")
                .isEqualTo(1);
        CompletableFuture<Void> held = link.set(0, brightness(9));
        assertThat(v.board.newSets())
                .as("no new SET while the HELLO_REQ is due")
                .hasSize(1);

        v.ack(v.board.newSets().get(0).seq(), 5);
        assertThat(inFlight).isCompleted();
        assertThat(v.written(Frame.HELLO_REQ)).isEqualTo(2);
        assertThat(v.board.written.lastIndexOf(Frame.HELLO_REQ))
                .as("the held SET goes out after the HELLO_REQ")
                .isLessThan(v.board.written.lastIndexOf(Frame.SET));
        assertThat(held).isNotDone();
    }

    @Test
    void anAckStateIsNewerUpToJustUnderHalfTheCircleAcrossTheWrap() {
        LinkSession link = start();
        v.state(0, SYNC, 1, 0xFFFF);
        link.set(0, brightness(2));
        ackState(0x7FFE, 20); // 0x7FFE - 0xFFFF = 32767 as int16: newer
        assertThat(link.reportedStates().get(0).brightness()).isEqualTo(20);

        v.state(0, SYNC, 1, 0xFFFF);
        link.set(0, brightness(3));
        ackState(0x7FFF, 30); // 0x7FFF - 0xFFFF = -32768 as int16: not newer
        assertThat(link.reportedStates().get(0).brightness())
                .as("half the circle away is not newer")
                .isEqualTo(1);

        v.state(0, SYNC, 1, 0);
        link.set(0, brightness(4));
        ackState(0xFFFF, 40); // one behind, across the wrap
        assertThat(link.reportedStates().get(0).brightness())
                .as("one generation older")
                .isEqualTo(1);
        assertThat(link.internalErrors()).isZero();
    }

    @Test
    void aRepeatedAckStateIsAnAckThatComparesItsGenerationLikeOne() {
        LinkSession link = start();
        v.state(0, SYNC, 1, 100);
        CompletableFuture<Void> repeat = link.set(0, brightness(2));
        ackState(100, 50); // equal: a repeat, nothing lost
        assertThat(repeat).isCompleted();
        assertThat(link.reportedStates().get(0).brightness()).isEqualTo(1);
        assertThat(stateRequests()).isZero();

        CompletableFuture<Void> older = link.set(0, brightness(3));
        ackState(99, 60); // older: the board restarted, or newer STATEs already showed a gap
        assertThat(older).isCompleted();
        assertThat(link.reportedStates().get(0).brightness()).isEqualTo(1);
        assertThat(stateRequests()).isEqualTo(1);
    }

    private void ackState(int stateGen, int brightness) {
        v.toHost(
                Frame.ACK_STATE,
                new Messages.AckState(v.lastSetSeq(), stateGen, 0, 1, brightness, 0, 0, 0, 0).encode());
    }
}
