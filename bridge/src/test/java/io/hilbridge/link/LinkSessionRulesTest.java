package io.hilbridge.link;

import io.hilbridge.command.CommandValidator;
import io.hilbridge.command.LightCommand;
import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.Effect;
import io.hilbridge.lights.ErrorCode;
import io.hilbridge.lights.LightInfo;
import io.hilbridge.lights.LightKind;
import io.hilbridge.lights.StateCause;
import io.hilbridge.serial.ForwardingTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session's own rules (BoardLink's contract): a scene's commands go out together and complete when the board
 * has acknowledged every one; a bug in the link's work is counted and the command fails with a clear error instead
 * of vanishing. On virtual time against a board that answers inline ({@link VirtualLink}).
 */
class LinkSessionRulesTest {
    static final List<LightInfo> TWO_LAMPS = List.of(
            new LightInfo(0, "Lamp", LightKind.DIMMABLE, 1, EnumSet.of(Effect.BLINK)),
            new LightInfo(1, "Desk", LightKind.DIMMABLE, 1, EnumSet.of(Effect.BLINK)));

    private final VirtualLink v = new VirtualLink();

    @AfterEach
    void tearDown() {
        v.close();
    }

    private static LightCommand brightness(LinkSession link, int light, int b) {
        return CommandValidator.validate(
                link.deviceId(),
                link.info().orElseThrow(),
                link.status(),
                false,
                List.of(light),
                VirtualLink.brightness(b));
    }

    @Test
    void aScenesCommandsGoOutTogetherAndCompleteWhenEveryOneIsAcknowledged() {
        LinkSession link = v.start(LinkConfig.defaults(), TWO_LAMPS);
        CompletableFuture<Void> scene = link.submitAll(List.of(brightness(link, 0, 10), brightness(link, 1, 20)));
        List<Frame> sets = v.board.newSets();
        assertThat(sets)
                .extracting(f -> Messages.SetCommand.decode(f.payload()).light())
                .containsExactly(0, 1);
        v.ack(sets.get(0).seq(), 1);
        assertThat(scene).as("one of two acknowledged").isNotDone();
        v.ack(sets.get(1).seq(), 2);
        assertThat(scene).isCompleted();
        assertThat(scene).isNotCompletedExceptionally();
    }

    /** A port whose write throws once: a bug below the link. */
    private static final class ThrowsOnce extends ForwardingTransport {
        private boolean thrown;

        ThrowsOnce(ScriptedBoard inner) {
            super(inner);
        }

        @Override
        public boolean write(byte[] data) {
            boolean set = new WrittenFrames().feed(data).stream().anyMatch(f -> f.type() == Frame.SET);
            if (set && !thrown) {
                thrown = true;
                throw new IllegalStateException("a bug");
            }
            return inner.write(data);
        }
    }

    @Test
    void aBugInTheLinksWorkIsCountedAndTheCommandFailsWithAnInternalNack() {
        v.board.lights = ScriptedBoard.ONE_LAMP;
        v.link = LinkSession.start("virtual", new ThrowsOnce(v.board), LinkConfig.defaults(), v.clock);
        CompletableFuture<Void> set = v.link.set(0, VirtualLink.brightness(3));
        CommandException e = LinkTestSupport.failure(set);
        assertThat(e.code()).isEqualTo(ErrorCode.NACK);
        assertThat(e.getMessage()).contains("a bug");
        assertThat(v.link.internalErrors()).isEqualTo(1);
    }

    @Test
    void aHelloReqClearsTheRecordOfRecentSetSeqs() {
        LinkSession link = v.start(LinkConfig.defaults());
        v.state(0, StateCause.SYNC.code(), 0, 3); // the host's state_gen is 3
        link.set(0, VirtualLink.brightness(1));
        int first = v.lastSetSeq();
        v.ack(first, 3);
        long helloReqs = v.written(Frame.HELLO_REQ);
        v.toHost(Frame.PONG, new Messages.Pong(0, 9, 1).encode()); // lost STATEs: STATE_REQ, and HELLO_REQ (idle)
        assertThat(v.written(Frame.HELLO_REQ)).isEqualTo(helloReqs + 1);

        link.moveSequenceForTest(first); // as if 65,536 frames had gone by since that SET
        link.set(0, VirtualLink.brightness(2));
        // Section 6: only seqs used since the last HELLO_REQ are avoided (it cleared the board's duplicate window).
        List<Frame> sets = v.board.sets();
        Frame second = sets.get(sets.size() - 1);
        assertThat(Messages.SetCommand.decode(second.payload()).brightness()).isEqualTo(2);
        assertThat(second.seq()).isEqualTo(first);
    }
}
