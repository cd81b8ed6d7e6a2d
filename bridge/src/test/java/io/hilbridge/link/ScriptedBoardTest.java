package io.hilbridge.link;

import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.Effect;
import io.hilbridge.lights.ErrorCode;
import io.hilbridge.lights.LightChange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * LinkSession against a {@link ScriptedBoard}, which answers every SET with whatever the test says, to reach the
 * answers a well-behaved simulated board never gives (every NACK code). The board answers inline and the link runs on
 * virtual time ({@link VirtualSim}): retransmissions come as the test advances it.
 */
class ScriptedBoardTest {
    private final VirtualSim sim = new VirtualSim();
    private final ScriptedBoard transport = ScriptedBoard.answeringInline();
    private LinkSession link;

    ScriptedBoardTest() {
        transport.clock = sim.clock::nanoTime;
    }

    @AfterEach
    void tearDown() throws Exception {
        sim.close();
    }

    private LinkSession start() {
        link = sim.online(transport, LinkSessionFaultsTest.FAST);
        return link;
    }

    private CommandException failure(java.util.concurrent.CompletableFuture<?> f) {
        return sim.failure(f);
    }

    private static byte[] nack(Frame f, int code) {
        return FrameEncoder.encode(Frame.NACK, 0, new Messages.Nack(f.seq(), code).encode());
    }

    private static final LightChange DIM = new LightChange(true, 10, null, null, null);

    private static byte[] ackState(Frame set, int stateGen, int brightness) {
        return FrameEncoder.encode(
                Frame.ACK_STATE,
                0,
                new Messages.AckState(set.seq(), stateGen, 0, 1, brightness, 255, 255, 255, 0).encode());
    }

    private long stateRequests() {
        return transport.written.stream().filter(t -> t == Frame.STATE_REQ).count();
    }

    @Test
    void ackStateIsTheLightsStateThenTheAck() throws Exception {
        start();
        List<io.hilbridge.lights.StateCause> causes = new java.util.concurrent.CopyOnWriteArrayList<>();
        link.addListener(new io.hilbridge.link.BoardListener() {
            @Override
            public void onState(
                    io.hilbridge.link.BoardLink b,
                    int light,
                    io.hilbridge.lights.LightState s,
                    io.hilbridge.lights.StateCause cause) {
                causes.add(cause);
            }
        });
        long handshakeRequests = stateRequests();
        int[] gen = {0};
        transport.onSet = f -> ackState(f, ++gen[0], 10 * gen[0]);
        sim.done(link.set(0, DIM));
        assertThat(link.reportedStates().get(0))
                .isEqualTo(new io.hilbridge.lights.LightState(
                        true, 10, new io.hilbridge.lights.Rgb(255, 255, 255), Effect.NONE));
        sim.done(link.set(0, new LightChange(null, 20, null, null, null)));
        assertThat(link.reportedStates().get(0).brightness()).isEqualTo(20);
        assertThat(causes)
                .containsExactly(io.hilbridge.lights.StateCause.COMMAND, io.hilbridge.lights.StateCause.COMMAND);
        // state_gen 1, 2: continuous, so nothing was lost and the host asks for nothing.
        assertThat(stateRequests()).isEqualTo(handshakeRequests);
        // A gap (3 was lost): the state is taken (it is the newest) and the lost-STATE rule asks for every light.
        gen[0]++;
        sim.done(link.set(0, new LightChange(null, 40, null, null, null)));
        assertThat(link.reportedStates().get(0).brightness()).isEqualTo(40);
        assertThat(stateRequests()).isGreaterThan(handshakeRequests);
    }

    @Test
    void aMalformedAckStateIsDroppedLikeALostAnswer() throws Exception {
        start();
        int[] transmissions = {0};
        // First answer: one byte too many (the CRC's trailing-zero weakness, uart-link.md section 2), then an
        // ACK_STATE whose on byte is out of range: both dropped and counted; the third is good.
        transport.onSet = f -> switch (++transmissions[0]) {
            case 1 ->
                FrameEncoder.encode(
                        Frame.ACK_STATE,
                        0,
                        java.util.Arrays.copyOf(
                                new Messages.AckState(f.seq(), 1, 0, 1, 10, 255, 255, 255, 0).encode(), 12));
            case 2 ->
                FrameEncoder.encode(
                        Frame.ACK_STATE, 0, new Messages.AckState(f.seq(), 1, 0, 7, 10, 255, 255, 255, 0).encode());
            default -> ackState(f, 1, 10);
        };
        sim.done(link.set(0, DIM));
        assertThat(transmissions[0]).isEqualTo(3);
        assertThat(link.stats().retransmits()).isEqualTo(2);
        assertThat(link.reportedStates().get(0).brightness()).isEqualTo(10);
    }

    @Test
    void aLostAckStateIsRecoveredByTheRepeatedOne() throws Exception {
        start();
        long handshakeRequests = stateRequests();
        int[] transmissions = {0};
        transport.onSet = f -> ++transmissions[0] == 1 ? null : ackState(f, 1, 10); // the first answer is lost
        sim.done(link.set(0, DIM));
        assertThat(transmissions[0]).isEqualTo(2);
        assertThat(link.stats().retransmits()).isEqualTo(1);
        // The repeat is the STATE the host missed (state_gen 1 follows what it had): taken, nothing to ask for.
        assertThat(link.reportedStates().get(0).brightness()).isEqualTo(10);
        assertThat(stateRequests()).isEqualTo(handshakeRequests);
    }

    @Test
    void aRepeatedAckStateOlderThanWhatTheHostKnowsIsOnlyAnAck() throws Exception {
        start();
        long handshakeRequests = stateRequests();
        int[] transmissions = {0};
        // First transmission: its ACK_STATE (state_gen 1) is lost and a button press switches the lamp off
        // (state_gen 2). The retransmission gets the remembered ACK_STATE: state_gen 1, lamp on at 10.
        transport.onSet = f -> ++transmissions[0] == 1
                ? FrameEncoder.encode(Frame.STATE, 0, new Messages.State(0, 1, 0, 10, 255, 255, 255, 0, 2).encode())
                : ackState(f, 1, 10);
        sim.done(link.set(0, DIM));
        assertThat(transmissions[0]).isEqualTo(2);
        // Its light state is older than the button's: not taken. The generation disagrees: ask for every light.
        assertThat(link.reportedStates().get(0).on()).isFalse();
        assertThat(stateRequests()).isGreaterThan(handshakeRequests);
    }

    @Test
    void everyNackCodeMapsToItsErrorCode() throws Exception {
        start();
        int[][] cases = {
            {Messages.NACK_BAD_LIGHT}, {Messages.NACK_UNSUPPORTED}, {Messages.NACK_OUT_OF_RANGE},
            {Messages.NACK_BUSY}, {Messages.NACK_UNKNOWN_TYPE}, {77}
        };
        String[] api = {"unknown_light", "unsupported", "out_of_range", "busy", "nack:unknown_type", "nack:code_77"};
        ErrorCode[] codes = {
            ErrorCode.UNKNOWN_LIGHT,
            ErrorCode.UNSUPPORTED,
            ErrorCode.OUT_OF_RANGE,
            ErrorCode.BUSY,
            ErrorCode.NACK,
            ErrorCode.NACK
        };
        for (int i = 0; i < cases.length; i++) {
            int code = cases[i][0];
            transport.onSet = f -> nack(f, code);
            CommandException e = failure(link.set(0, DIM));
            assertThat(e.code()).isEqualTo(codes[i]);
            assertThat(e.apiCode()).isEqualTo(api[i]);
        }
        assertThat(link.stats().nacks()).isEqualTo(cases.length);
        // a refused command does not stay in the desired state
        assertThat(link.desiredStates().get(0)).isEqualTo(link.reportedStates().get(0));
    }

    @Test
    void malformedAnswersAreRetransmittedThenReported() throws Exception {
        start();
        int[] sets = new int[1];
        transport.onSet = f -> {
            sets[0]++;
            return nack(f, Messages.NACK_MALFORMED);
        };
        CommandException e = failure(link.set(0, DIM));
        assertThat(e.apiCode()).isEqualTo("nack:malformed");
        assertThat(sets[0]).isEqualTo(5); // every transmission was tried before giving up
    }

    @Test
    void aMalformedAnswerFollowedByAnAckSucceeds() throws Exception {
        start();
        int[] sets = new int[1];
        transport.onSet = f -> ++sets[0] == 1
                ? nack(f, Messages.NACK_MALFORMED)
                : FrameEncoder.encode(Frame.ACK, 0, new Messages.Ack(f.seq(), 0).encode());
        sim.done(link.set(0, DIM));
        assertThat(sets[0]).isEqualTo(2);
    }

    @Test
    void ackForAnotherSeqIsIgnored() throws Exception {
        start();
        transport.onSet = f -> FrameEncoder.encode(Frame.ACK, 0, new Messages.Ack((f.seq() + 1) & 0xFFFF, 0).encode());
        CommandException e = failure(link.set(0, DIM));
        assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
    }

    @Test
    void boardLogLinesReachTheListener() throws Exception {
        start();
        java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        link.addListener(new BoardListener() {
            @Override
            public void onLog(BoardLink board, int level, String text) {
                lines.add(level + ":" + text);
            }
        });
        transport.onSet = f -> {
            byte[] log = FrameEncoder.encode(Frame.LOG, 0, new Messages.Log(2, "brownout").encode());
            byte[] ack = FrameEncoder.encode(Frame.ACK, 0, new Messages.Ack(f.seq(), 0).encode());
            byte[] both = new byte[log.length + ack.length];
            System.arraycopy(log, 0, both, 0, log.length);
            System.arraycopy(ack, 0, both, log.length, ack.length);
            return both;
        };
        sim.done(link.set(0, DIM));
        sim.until(() -> lines.contains("2:brownout"), "the board's LOG line");
    }
}
