package io.hilbridge.link;

import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.Effect;
import io.hilbridge.lights.ErrorCode;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.LightInfo;
import io.hilbridge.lights.LightKind;
import io.hilbridge.lights.Rgb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The window of SETs in flight (uart-link.md section 6): several at once but never more than W, the merge of a
 * light's unresolved changes, superseded SETs that are never retransmitted and share the newer SET's result, the span
 * rule that keeps retransmittable SETs inside the board's duplicate window, and pacing to the wire. Against a scripted
 * board ({@link ScriptedBoard#answeringInline()}) whose every answer the test decides, so nothing depends on timing: "the link has done all it can" is
 * established by a barrier command (see {@link #barrier}). The link runs on virtual time ({@link VirtualSim}), so
 * retransmissions, heartbeats and pacing delays pass as the test advances it.
 */
class LinkWindowTest {
    private static final List<LightInfo> EIGHT_RGB = eightRgb();

    /** Long timers: nothing is retransmitted unless a test asks for it. */
    private static final LinkConfig PATIENT = LinkConfig.builder()
            .retransmitTimeout(Duration.ofSeconds(30))
            .maxRetransmitTimeout(Duration.ofSeconds(30))
            .build();

    private final VirtualSim sim = new VirtualSim();
    private final ScriptedBoard board = ScriptedBoard.answeringInline();
    private LinkSession link;

    LinkWindowTest() {
        board.clock = sim.clock::nanoTime;
    }

    @AfterEach
    void tearDown() throws Exception {
        sim.close();
    }

    private CommandException failure(CompletableFuture<?> f) {
        return sim.failure(f);
    }

    private static List<LightInfo> eightRgb() {
        List<LightInfo> l = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            l.add(new LightInfo(i, "L" + i, LightKind.RGB, 1, EnumSet.of(Effect.BLINK)));
        }
        return List.copyOf(l);
    }

    /**
     * The board's side of the tests: HELLO_REQ and PING are answered by the board itself, SETs for the lights in
     * {@link #autoAck} with an ACK; every other SET waits for the test ({@link #ack}, {@link #nack}).
     */
    private final Set<Integer> autoAck = ConcurrentHashMap.newKeySet();
    /** Answer each ACKed SET with ACK_STATE (one frame, state_gen counting up) instead of a plain ACK. */
    private volatile boolean answerAckState;

    private int stateGen; // guarded by this

    private void scriptTheBoard() {
        board.lights = EIGHT_RGB;
        board.answerPings = true;
        board.onSet = f -> {
            if (autoAck.contains(Messages.SetCommand.decode(f.payload()).light())) ack(f.seq());
            return null;
        };
    }

    private synchronized void ack(int seq) {
        if (answerAckState) {
            stateGen = (stateGen + 1) & 0xFFFF;
            board.toHost(FrameEncoder.encode(
                    Frame.ACK_STATE, 0, new Messages.AckState(seq, stateGen, 0, 1, 1, 1, 1, 1, 0).encode()));
        } else {
            board.toHost(FrameEncoder.encode(Frame.ACK, 0, new Messages.Ack(seq, 0).encode()));
        }
    }

    private void nack(int seq, int code) {
        board.toHost(FrameEncoder.encode(Frame.NACK, 0, new Messages.Nack(seq, code).encode()));
    }

    private LinkSession start(LinkConfig config) {
        scriptTheBoard();
        link = sim.start("stub", board, config);
        sim.until(() -> link.status() == DeviceStatus.ONLINE, "the link online");
        return link;
    }

    /**
     * Waits until the link has handled everything submitted before (commands, and answers the board delivered): a
     * command for a light the board does not have is refused by a link task, in order, and sends nothing.
     */
    private void barrier() {
        assertThat(failure(link.set(99, new LightChange(true, null, null, null, null)))
                        .code())
                .isEqualTo(ErrorCode.UNKNOWN_LIGHT);
    }

    private static Messages.SetCommand payload(Frame f) {
        return Messages.SetCommand.decode(f.payload());
    }

    private static LightChange brightness(int b) {
        return new LightChange(null, b, null, null, null);
    }

    @Test
    void severalSetsAreInFlightButNeverMoreThanTheWindow() throws Exception {
        start(PATIENT);
        List<CompletableFuture<Void>> commands = new ArrayList<>();
        for (int light = 0; light < 6; light++) commands.add(link.set(light, brightness(10 + light)));
        barrier();
        assertThat(board.newSets()).hasSize(4); // W = 4, nothing answered yet
        assertThat(commands).noneMatch(CompletableFuture::isDone);

        ack(board.newSets().get(0).seq());
        barrier();
        assertThat(board.newSets()).hasSize(5); // one resolved, one more goes out
        sim.done(commands.get(0));
        assertThat(commands.subList(1, 6)).noneMatch(CompletableFuture::isDone);

        for (Frame f : board.newSets().subList(1, 5)) ack(f.seq());
        barrier();
        assertThat(board.newSets()).hasSize(6);
        ack(board.newSets().get(5).seq());
        sim.done(CompletableFuture.allOf(commands.toArray(CompletableFuture[]::new)));
        assertThat(board.newSets()).extracting(f -> payload(f).light()).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void theWindowSizeIsConfigurable() {
        start(PATIENT.toBuilder().window(1).build()); // stop-and-wait
        for (int light = 0; light < 3; light++) link.set(light, brightness(1));
        barrier();
        assertThat(board.newSets()).hasSize(1);
    }

    @Test
    void aNewSetCarriesTheChangesOfTheLightsUnresolvedSets() throws Exception {
        start(PATIENT);
        CompletableFuture<Void> dim = link.set(0, brightness(10));
        barrier();
        CompletableFuture<Void> red = link.set(0, new LightChange(null, null, new Rgb(255, 0, 0), null, null));
        barrier();
        List<Frame> sets = board.newSets();
        assertThat(sets).hasSize(2);
        // The second SET repeats the first one's brightness: if the first is lost and the second applied, the
        // brightness still arrives.
        Messages.SetCommand second = payload(sets.get(1));
        assertThat(second.fields()).isEqualTo(Messages.F_BRIGHTNESS | Messages.F_COLOR);
        assertThat(second.brightness()).isEqualTo(10);
        assertThat(second.red()).isEqualTo(255);

        // The first one's ACK arrives (its own answer: its clients are told at once, the newer is still out).
        ack(sets.get(0).seq());
        sim.done(dim);
        assertThat(red).isNotDone();
        // A third SET carries only what is unresolved: the colour (second SET) and its own change, not the
        // brightness the board has acknowledged.
        CompletableFuture<Void> on = link.set(0, new LightChange(true, null, null, null, null));
        barrier();
        Messages.SetCommand third = payload(board.newSets().get(2));
        assertThat(third.fields()).isEqualTo(Messages.F_ON | Messages.F_COLOR);
        assertThat(third.on()).isEqualTo(1);
        ack(board.newSets().get(2).seq());
        // The third SET's ACK answers the superseded second one as well: it carried the colour.
        sim.done(red);
        sim.done(on);
        assertThat(link.pending(0)).isFalse();
    }

    @Test
    void aLostSupersededSetIsNotRetransmittedAndItsClientsGetTheNewerResult() throws Exception {
        // Quick retransmissions, and many of them: the newer SET must not time out while the test thread is slow.
        start(LinkConfig.builder()
                .retransmitTimeout(Duration.ofMillis(30))
                .maxRetransmitTimeout(Duration.ofMillis(30))
                .retries(1000)
                .build());
        CompletableFuture<Void> first = link.set(0, brightness(10));
        barrier();
        CompletableFuture<Void> second = link.set(0, brightness(20));
        barrier();
        int lost = board.newSets().get(0).seq();
        int newer = board.newSets().get(1).seq();
        // The newer SET is retransmitted (its answer is late too). The lost one's timer was due earlier, so had it
        // not been cancelled, its retransmission would already be on the wire.
        sim.until(() -> board.transmissions(newer) >= 2, "the newer SET retransmitted");
        assertThat(board.transmissions(lost)).isEqualTo(1);
        ack(newer);
        sim.done(first);
        sim.done(second);
        barrier();
        assertThat(board.transmissions(lost)).isEqualTo(1);
        assertThat(link.stats().timeouts()).isZero();
    }

    @Test
    void whenTheNewerSetIsRefusedTheSupersededOnesClientsGetThatError() {
        start(PATIENT);
        CompletableFuture<Void> first = link.set(0, brightness(10));
        barrier();
        CompletableFuture<Void> second = link.set(0, brightness(20));
        barrier();
        nack(board.newSets().get(1).seq(), Messages.NACK_BUSY);
        assertThat(failure(first).code()).isEqualTo(ErrorCode.BUSY);
        assertThat(failure(second).code()).isEqualTo(ErrorCode.BUSY);
        // The first SET's own late ACK changes nothing: it was answered already.
        ack(board.newSets().get(0).seq());
        barrier();
        assertThat(link.pending(0)).isFalse();
    }

    @Test
    void aRefusedSupersededSetWaitsForTheNewerOnesAnswer() throws Exception {
        start(PATIENT);
        CompletableFuture<Void> first = link.set(0, brightness(10));
        barrier();
        CompletableFuture<Void> second = link.set(0, brightness(20));
        barrier();
        // The board refuses the older one (busy at that moment) but the newer one, which carries its change too,
        // is accepted: the older one's client hears the newer one's answer.
        nack(board.newSets().get(0).seq(), Messages.NACK_BUSY);
        barrier();
        assertThat(first).isNotDone();
        ack(board.newSets().get(1).seq());
        sim.done(first);
        sim.done(second);
    }

    @Test
    void everyRetransmittableSetStaysWithinTheBoardsDuplicateWindow() throws Exception {
        start(PATIENT);
        for (int light = 1; light < 8; light++) autoAck.add(light);
        CompletableFuture<Void> held = link.set(0, brightness(1)); // its answer is lost until the test says
        barrier();
        List<CompletableFuture<Void>> others = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            others.add(link.set(1 + i % 7, brightness(i)));
            barrier(); // one at a time, so each is sent on its own rather than coalesced
        }
        // Light 0's SET may still be retransmitted, so the board must still remember it: after it, at most 7 more.
        assertThat(board.newSets()).hasSize(8);
        assertThat(others.subList(0, 7)).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        ack(board.newSets().get(0).seq());
        sim.done(held);
        sim.done(CompletableFuture.allOf(others.toArray(CompletableFuture[]::new)));
    }

    @Test
    void setsAreWrittenNoFasterThanTheWiresDrainThem() throws Exception {
        int answer = FrameEncoder.encode(Frame.STATE, 0, new byte[10]).length
                + FrameEncoder.encode(Frame.ACK, 0, new byte[4]).length;
        checkPacing(answer);
        assertThat(link.pacedAnswerBytes()).isEqualTo(answer);
    }

    @Test
    void aBoardAnsweringWithAckStateIsPacedForOneFramePerSet() throws Exception {
        answerAckState = true;
        int answer = FrameEncoder.encode(Frame.ACK_STATE, 0, new byte[11]).length;
        checkPacing(answer);
        // Learnt from the first ACK_STATE: from then on the host expects 20 bytes per SET, not STATE + ACK's 32.
        assertThat(link.pacedAnswerBytes()).isEqualTo(answer);
    }

    private void checkPacing(int answer) throws Exception {
        board.baud = 9600; // one SET frame is about 20 ms on the wire
        for (int light = 0; light < 8; light++) autoAck.add(light);
        start(PATIENT);
        List<CompletableFuture<Void>> commands = new ArrayList<>();
        for (int light = 0; light < 8; light++) commands.add(link.set(light, brightness(light)));
        sim.done(CompletableFuture.allOf(commands.toArray(CompletableFuture[]::new)));
        assertThat(board.newSets()).hasSize(8);
        // Replay the writes through the wire model (10 bit times per byte, back to back). Every SET must have been
        // written when everything before it had left the host-to-board wire, and so that on arrival at most one
        // SET's answers (`answer` bytes: STATE 19 + ACK 13, or ACK_STATE 20) were still waiting to leave the board.
        // The board stamps each write inside write(), after the link decided to write; the link stamps after write()
        // returned, so its estimate is never the earlier one.
        long byteNanos = 10_000_000_000L / board.baud;
        long freeAt = Long.MIN_VALUE;
        long answersFreeAt = Long.MIN_VALUE;
        int checked = 0;
        for (ScriptedBoard.Write w : board.writes) {
            boolean set = w.frame() != null && w.frame().type() == Frame.SET;
            if (set && freeAt != Long.MIN_VALUE) {
                assertThat(w.nanos() - freeAt)
                        .as(
                                "SET seq %d written before the wire was free",
                                w.frame().seq())
                        .isGreaterThanOrEqualTo(0);
                if (answersFreeAt != Long.MIN_VALUE) {
                    long arrives = w.nanos() + w.length() * byteNanos;
                    assertThat(answersFreeAt - arrives)
                            .as(
                                    "SET seq %d arrives behind more than one SET's answers",
                                    w.frame().seq())
                            .isLessThanOrEqualTo(answer * byteNanos);
                }
                checked++;
            }
            long start = freeAt == Long.MIN_VALUE || w.nanos() - freeAt > 0 ? w.nanos() : freeAt;
            freeAt = start + w.length() * byteNanos;
            if (set) {
                long from = answersFreeAt == Long.MIN_VALUE || freeAt - answersFreeAt > 0 ? freeAt : answersFreeAt;
                answersFreeAt = from + answer * byteNanos;
            }
        }
        assertThat(checked).isEqualTo(8);
    }

    @Test
    void offlineFailsEverySetInFlightWithDeviceOffline() {
        start(LinkConfig.builder()
                .heartbeatInterval(Duration.ofMillis(50))
                .retransmitTimeout(Duration.ofSeconds(30))
                .maxRetransmitTimeout(Duration.ofSeconds(30))
                .build());
        List<CompletableFuture<Void>> commands = new ArrayList<>();
        for (int light = 0; light < 4; light++) commands.add(link.set(light, brightness(light)));
        barrier();
        assertThat(board.newSets()).hasSize(4);
        board.close(); // the board goes silent: heartbeats go unanswered
        for (CompletableFuture<Void> c : commands) {
            CommandException e = failure(c);
            assertThat(e.code()).isEqualTo(ErrorCode.DEVICE_OFFLINE);
            assertThat(e.getMessage()).isEqualTo("device stub went offline: no answer to 3 heartbeats");
        }
    }
}
