package io.hilbridge.link;

import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.ErrorCode;
import io.hilbridge.serial.WithBoardReset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.hilbridge.link.LinkTestSupport.recordStatuses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reset on request, answer by answer (uart-link.md section 5, "Reset on request"), on virtual time against a
 * board that answers inline ({@link VirtualLink}; its HELLO carries boot id 42 until the test sends another): the
 * ACK of REBOOT_REQ takes the board offline until a HELLO with a new boot id, which also ends a reset whose ACK was
 * lost; a NACK MALFORMED is a corrupted REBOOT_REQ (sent again), another NACK a refusal; a reset line that fails is
 * device_offline and the board is looked for again; a board back with a new boot id whose replay never finishes
 * times out at the deadline.
 */
class LinkResetRulesTest {
    private static final long OLD_BOOT = 42;
    private static final long NEW_BOOT = 43;

    private final VirtualLink v = new VirtualLink();

    @AfterEach
    void tearDown() {
        v.close();
    }

    private LinkSession start() {
        v.board.answerPings = true;
        return v.start(LinkConfig.defaults());
    }

    /** The board says HELLO with {@code bootId}. */
    private void hello(long bootId) {
        v.toHost(Frame.HELLO, new Messages.Hello(1, "script", bootId, v.board.lights).encode());
    }

    private int rebootSeq() {
        return v.board.writes.stream()
                .map(ScriptedBoard.Write::frame)
                .filter(f -> f != null && f.type() == Frame.REBOOT_REQ)
                .findFirst()
                .orElseThrow()
                .seq();
    }

    /** Why {@code f} failed: on virtual time with an inline board it has completed by now (no waiting). */
    private static CommandException failure(CompletableFuture<?> f) {
        assertThat(f).as("completed").isDone();
        return LinkTestSupport.failure(f.thenApply(x -> (Void) null));
    }

    @Test
    void theAckOfRebootReqTakesTheBoardOfflineUntilAHelloWithANewBootId() {
        LinkSession link = start();
        List<DeviceStatus> statuses = recordStatuses(link);
        v.board.ackReboots = true; // and answers HELLO_REQ with its old boot id: those HELLOs predate the reset
        CompletableFuture<Long> reset = link.reset();
        assertThat(link.status()).isEqualTo(DeviceStatus.OFFLINE);
        assertThat(statuses).containsExactly(DeviceStatus.OFFLINE);

        long helloReqs = v.written(Frame.HELLO_REQ);
        v.ack(rebootSeq(), 0); // the ACK of a retransmission: the board is restarting already
        v.nack(rebootSeq(), Messages.NACK_BUSY); // a late answer to the same REBOOT_REQ changes nothing
        assertThat(v.written(Frame.HELLO_REQ))
                .as("the handshake is not started again")
                .isEqualTo(helloReqs);
        assertThat(reset).isNotDone();
        v.advance(Duration.ofSeconds(2));
        assertThat(v.written(Frame.REBOOT_REQ))
                .as("acknowledged: never sent again")
                .isEqualTo(1);
        assertThat(reset).as("the old boot id does not end the reset").isNotDone();

        hello(NEW_BOOT);
        assertThat(reset).isCompletedWithValue(NEW_BOOT);
        assertThat(link.status()).isEqualTo(DeviceStatus.ONLINE);
        assertThat(statuses).containsExactly(DeviceStatus.OFFLINE, DeviceStatus.ONLINE);
    }

    @Test
    void aHelloWithANewBootIdEndsTheResetWhenTheAckWasLost() {
        LinkSession link = start();
        CompletableFuture<Void> inFlight = link.set(0, VirtualLink.brightness(9)); // the board never answers it
        CompletableFuture<Long> reset = link.reset(); // REBOOT_REQ's ACK is lost
        List<DeviceStatus> statuses = recordStatuses(link);
        hello(NEW_BOOT);
        CommandException e = failure(inFlight);
        assertThat(e.code()).isEqualTo(ErrorCode.DEVICE_OFFLINE);
        assertThat(e.getMessage()).contains("being reset");
        assertThat(statuses).containsExactly(DeviceStatus.OFFLINE, DeviceStatus.RESYNCING);
        hello(NEW_BOOT); // again (an answer to a HELLO_REQ): the same new boot, nothing to end twice
        assertThat(statuses).containsExactly(DeviceStatus.OFFLINE, DeviceStatus.RESYNCING);
        v.ack(v.lastSetSeq(), 1); // the replayed SET
        assertThat(reset).isCompletedWithValue(NEW_BOOT);
        int rebootReqs = (int) v.written(Frame.REBOOT_REQ);
        v.advance(Duration.ofSeconds(2));
        assertThat(v.written(Frame.REBOOT_REQ))
                .as("no retransmission once the board is back")
                .isEqualTo(rebootReqs);
    }

    @Test
    void aHelloWithTheOldBootIdBeforeTheAckIsNotTakenIn() {
        LinkSession link = start();
        CompletableFuture<Long> reset = link.reset();
        long stateReqs = v.written(Frame.STATE_REQ);
        hello(OLD_BOOT); // sent before the board saw REBOOT_REQ
        assertThat(reset).isNotDone();
        assertThat(v.written(Frame.STATE_REQ)).as("that HELLO was not handled").isEqualTo(stateReqs);
        assertThat(link.status()).isEqualTo(DeviceStatus.ONLINE);
    }

    @Test
    void aNackMalformedIsACorruptedRebootReqAnyOtherNackARefusal() {
        LinkSession link = start();
        CompletableFuture<Long> reset = link.reset();
        int seq = rebootSeq();
        v.nack(seq, Messages.NACK_MALFORMED);
        assertThat(reset).isNotDone();
        v.advance(Duration.ofMillis(100));
        assertThat(v.written(Frame.REBOOT_REQ))
                .as("sent again after the retransmit timeout")
                .isEqualTo(2);

        v.nack(seq, Messages.NACK_BUSY);
        CommandException e = failure(reset);
        assertThat(e.code()).isEqualTo(ErrorCode.NACK);
        assertThat(e.getMessage()).isEqualTo("the board refused REBOOT_REQ: busy");
        assertThat(link.status()).as("nothing else changes").isEqualTo(DeviceStatus.ONLINE);
        v.advance(Duration.ofSeconds(2));
        assertThat(v.written(Frame.REBOOT_REQ))
                .as("no retransmission after the refusal")
                .isEqualTo(2);
    }

    @Test
    void aResetLineThatFailsIsDeviceOfflineAndTheBoardIsLookedForAgain() {
        WithBoardReset lines = new WithBoardReset(v.board, "the lines", () -> {
            throw new IOException("port gone");
        });
        v.board.answerPings = true;
        v.link = LinkSession.start("virtual", lines, LinkConfig.defaults(), v.clock);
        assertThat(v.link.status()).isEqualTo(DeviceStatus.ONLINE);
        long helloReqs = v.written(Frame.HELLO_REQ);

        CommandException e = failure(v.link.reset());
        assertThat(e.code()).isEqualTo(ErrorCode.DEVICE_OFFLINE);
        assertThat(e.getMessage()).isEqualTo("could not reset virtual: port gone");
        assertThat(v.written(Frame.HELLO_REQ)).as("a new handshake").isEqualTo(helloReqs + 1);
        assertThat(v.link.status()).isEqualTo(DeviceStatus.ONLINE);
    }

    @Test
    void aResetLineInterruptedIsDeviceOfflineAndKeepsTheInterrupt() {
        WithBoardReset lines = new WithBoardReset(v.board, "the lines", () -> {
            throw new InterruptedException();
        });
        v.link = LinkSession.start("virtual", lines, LinkConfig.defaults(), v.clock);
        CompletableFuture<Long> reset = v.link.reset();
        assertThat(Thread.interrupted())
                .as("the interrupt is kept for the thread's owner")
                .isTrue();
        CommandException e = failure(reset);
        assertThat(e.code()).isEqualTo(ErrorCode.DEVICE_OFFLINE);
        assertThat(e.getMessage()).isEqualTo("resetting virtual was interrupted");
        assertThat(v.link.status()).isEqualTo(DeviceStatus.ONLINE);
    }

    @Test
    void anUnansweredRebootReqLeavesTheBoardOnlineAndStartsNoHandshake() {
        LinkSession link = start();
        CompletableFuture<Long> reset = link.reset(); // never answered: 5 transmissions, then timeout at 1.5 s
        long helloReqs = v.written(Frame.HELLO_REQ);
        v.advance(Duration.ofMillis(1500));
        assertThat(failure(reset).code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(link.status()).isEqualTo(DeviceStatus.ONLINE);
        assertThat(v.written(Frame.HELLO_REQ)).as("the board never left").isEqualTo(helloReqs);
    }

    @Test
    void aResetWhoseBoardNeverComesBackKeepsTheHandshakeGoingAsItWas() {
        LinkSession link = start();
        v.board.ackReboots = true;
        v.board.answerHellos = false; // quiet after its ACK
        CompletableFuture<Long> reset = link.reset(); // HELLO_REQ at 0, 250, 750, 1750 ms, then every second
        v.advance(Duration.ofMillis(10_000).minusNanos(1));
        long helloReqs = v.written(Frame.HELLO_REQ);
        v.advance(Duration.ofNanos(1));
        CommandException e = failure(reset);
        assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(e.getMessage()).contains("did not come back within 10000 ms");
        assertThat(v.written(Frame.HELLO_REQ))
                .as("the waiting handshake goes on, not a new one")
                .isEqualTo(helloReqs);
        v.advance(Duration.ofMillis(750));
        assertThat(v.written(Frame.HELLO_REQ)).as("next one at 10,750 ms").isEqualTo(helloReqs + 1);
    }

    @Test
    void noNewSetIsWrittenWhileTheResetWaitsForTheBoard() {
        v.board.baud = 115_200; // paced: a second SET waits until the first has left the wire
        LinkSession link = v.start(LinkConfig.defaults(), LinkSessionRulesTest.TWO_LAMPS);
        v.advance(Duration.ofMillis(10)); // the handshake's frames have left the wire
        link.set(0, VirtualLink.brightness(1));
        link.set(1, VirtualLink.brightness(2));
        assertThat(v.board.newSets()).hasSize(1);
        CompletableFuture<Long> reset = link.reset(); // REBOOT_REQ unanswered: the board may restart any moment
        v.advance(Duration.ofMillis(50));
        assertThat(v.board.newSets())
                .as("section 5: the host stops writing SETs")
                .hasSize(1);
        v.nack(rebootSeq(), Messages.NACK_UNKNOWN_TYPE); // the firmware cannot restart: nothing else changes
        assertThat(failure(reset).code()).isEqualTo(ErrorCode.UNSUPPORTED);
        assertThat(v.board.newSets()).as("the held SET goes out at once").hasSize(2);
    }

    @Test
    void aBoardBackWithANewBootWhoseReplayDoesNotEndTimesOutAtTheDeadline() {
        v.board.answerPings = true;
        // A deadline shorter than a SET's retransmissions, so the replayed SET is still in flight when it passes.
        LinkSession link = v.start(LinkConfig.defaults().toBuilder()
                .resetTimeout(Duration.ofMillis(1000))
                .build());
        CompletableFuture<Void> set = link.set(0, VirtualLink.brightness(9));
        v.ack(v.lastSetSeq(), 1);
        assertThat(set).isCompleted();
        v.board.ackReboots = true;
        CompletableFuture<Long> reset = link.reset();
        hello(NEW_BOOT); // the replayed SET goes unanswered
        assertThat(link.status()).isEqualTo(DeviceStatus.RESYNCING);
        v.advance(Duration.ofMillis(1000).minusNanos(1));
        assertThat(reset).isNotDone();
        v.advance(Duration.ofNanos(1));
        CommandException e = failure(reset);
        assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(e.getMessage()).contains("back (new boot id)").contains("did not finish within 1000 ms");
    }
}
