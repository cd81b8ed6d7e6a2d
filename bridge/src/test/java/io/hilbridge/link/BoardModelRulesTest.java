package io.hilbridge.link;

import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.Effect;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.LightFault;
import io.hilbridge.lights.LightInfo;
import io.hilbridge.lights.LightKind;
import io.hilbridge.lights.LightState;
import io.hilbridge.lights.PixelRuns;
import io.hilbridge.lights.Rgb;
import io.hilbridge.lights.StateCause;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.hilbridge.link.VirtualLink.brightness;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The board as the host knows it (uart-link.md sections 3, 5 and 6): which STATEs become what clients want, a fault
 * that a sync STATE not followed by its FAULT shows gone, a HELLO whose lights differ from the last one, and the one
 * repair a light gets after a timeout (again after its next ACK or HELLO). On virtual time against a board that
 * answers only what the test sends ({@link VirtualLink}); state_gen counts up by one per STATE, so no STATE looks lost.
 */
class BoardModelRulesTest {
    private static final int SYNC = StateCause.SYNC.code();

    private final VirtualLink v = new VirtualLink();
    private final List<String> faultEvents = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        v.close();
    }

    private LinkSession start(LinkConfig config, List<LightInfo> lights) {
        LinkSession link = v.start(config, lights);
        link.addListener(new BoardListener() {
            @Override
            public void onFault(BoardLink b, int light, Optional<LightFault> fault) {
                faultEvents.add(light + ":" + fault.map(LightFault::apiName).orElse("works"));
            }
        });
        return link;
    }

    private void hello(long bootId, List<LightInfo> lights) {
        v.toHost(Frame.HELLO, new Messages.Hello(1, "script", bootId, lights).encode());
    }

    private void fault(int light, int code, int stateGen) {
        v.toHost(Frame.FAULT, new Messages.Fault(light, code, stateGen).encode());
    }

    private void anyOtherFrame() {
        v.toHost(Frame.LOG, new Messages.Log(3, "hello from the board").encode());
    }

    @Test
    void aFaultedLightsSyncStateWithoutItsFaultAfterItMeansTheLightWorks() {
        LinkSession link = start(LinkConfig.defaults(), ScriptedBoard.ONE_LAMP);
        fault(0, 1, 1);
        assertThat(link.faults()).containsKey(0);
        v.state(0, SYNC, 5, 1);
        anyOtherFrame();
        assertThat(link.faults()).isEmpty();
        assertThat(faultEvents).containsExactly("0:output_stuck", "0:works");
    }

    @Test
    void aFaultedLightsSyncStateFollowedByItsFaultKeepsTheFaultWithoutABlink() {
        LinkSession link = start(LinkConfig.defaults(), ScriptedBoard.ONE_LAMP);
        fault(0, 1, 1);
        v.state(0, SYNC, 5, 1);
        fault(0, 1, 1);
        anyOtherFrame();
        assertThat(link.faults()).containsKey(0);
        assertThat(faultEvents).containsExactly("0:output_stuck");
    }

    @Test
    void aFaultOfAnotherLightAfterTheSyncStateDoesNotConfirmIt() {
        LinkSession link = start(LinkConfig.defaults(), LinkLimitsTest.lamps(2));
        fault(0, 1, 1);
        v.state(0, SYNC, 5, 1);
        fault(1, 1, 2);
        assertThat(link.faults()).containsOnlyKeys(1);
        assertThat(faultEvents).containsExactly("0:output_stuck", "0:works", "1:output_stuck");
    }

    @Test
    void aReplayKeepsAnEffectOnlyWhileTheLightHasIt() {
        LinkSession link = start(LinkConfig.defaults(), ScriptedBoard.ONE_LAMP); // a lamp that can blink
        link.set(0, new LightChange(true, null, null, null, Effect.BLINK));
        v.ack(v.lastSetSeq(), 0);
        hello(43, ScriptedBoard.ONE_LAMP);
        assertThat(v.lastSet().effect()).isEqualTo(Effect.BLINK.id());
        v.ack(v.lastSetSeq(), 0);
        hello(
                44,
                LinkLimitsTest.lamps(1).stream()
                        .map(l -> new LightInfo(l.id(), l.name(), l.kind(), l.pixels(), EnumSet.noneOf(Effect.class)))
                        .toList());
        assertThat(v.lastSet().effect())
                .as("the new firmware's lamp cannot blink")
                .isEqualTo(Effect.NONE.id());
    }

    @Test
    void aLightNoClientSetTakesEveryStateTheBoardReports() {
        LinkSession link = start(LinkConfig.defaults(), ScriptedBoard.ONE_LAMP);
        v.state(0, SYNC, 77, 1);
        assertThat(link.desiredStates().get(0).brightness()).isEqualTo(77);
    }

    @ParameterizedTest
    @EnumSource(
            value = StateCause.class,
            names = {"BUTTON", "EFFECT", "FAILSAFE"})
    void theBoardsOwnChangeBecomesWhatClientsWantWithWhatIsStillOnItsWay(StateCause cause) {
        LinkSession link = start(LinkConfig.builder().window(1).build(), ScriptedBoard.ONE_LAMP);
        link.set(0, brightness(10)); // in flight
        link.set(0, new LightChange(null, null, null, null, Effect.BLINK)); // queued (the window holds one)
        assertThat(link.desiredStates().get(0).on()).isFalse();
        v.state(0, cause.code(), 50, 1); // on, brightness 50, no effect

        LightState desired = link.desiredStates().get(0);
        assertThat(desired.on()).as("the board's change").isTrue();
        assertThat(desired.brightness()).as("the SET in flight still lands").isEqualTo(10);
        assertThat(desired.effect()).as("and then the queued change").isEqualTo(Effect.BLINK);
    }

    @ParameterizedTest
    @EnumSource(
            value = StateCause.class,
            names = {"COMMAND", "SYNC", "BOOT"})
    void aStateThatIsNotTheBoardsOwnChangeLeavesWhatClientsWant(StateCause cause) {
        LinkSession link = start(LinkConfig.defaults(), ScriptedBoard.ONE_LAMP);
        link.set(0, brightness(10));
        v.ack(v.lastSetSeq(), 0);
        v.state(0, cause.code(), 50, 1);
        assertThat(link.desiredStates().get(0).brightness()).isEqualTo(10);
        assertThat(link.reportedStates().get(0).brightness()).isEqualTo(50);
    }

    @Test
    void aHelloWithMoreLightsKeepsWhatTheHostKnewOfTheOthers() {
        LinkSession link = start(LinkConfig.defaults(), LinkLimitsTest.lamps(2));
        link.set(1, brightness(10));
        v.ack(v.lastSetSeq(), 0);
        v.state(0, SYNC, 33, 1);

        hello(42, LinkLimitsTest.lamps(3)); // the same boot, a third light

        assertThat(link.reportedStates()).hasSize(3);
        assertThat(link.reportedStates().get(0).brightness()).isEqualTo(33);
        assertThat(link.reportedStates().get(2)).isEqualTo(LightState.BOOT);
        assertThat(link.desiredStates()).hasSize(3);
        assertThat(link.desiredStates().get(1).brightness()).isEqualTo(10);
        assertThat(link.desiredStates().get(2)).isEqualTo(LightState.BOOT);
    }

    @Test
    void aHelloWithFewerLightsForgetsTheFaultsAndResyncOfTheLightsGone() {
        LinkSession link = start(LinkConfig.defaults(), LinkLimitsTest.lamps(2));
        link.set(0, brightness(10));
        v.ack(v.lastSetSeq(), 0);
        link.set(1, brightness(20));
        v.ack(v.lastSetSeq(), 0);
        fault(0, 1, 1);
        fault(1, 1, 2);
        hello(43, LinkLimitsTest.lamps(2)); // a new boot: lights 0 and 1 are replayed
        assertThat(link.status()).isEqualTo(DeviceStatus.RESYNCING);
        int replay0 = v.board.newSets().get(v.board.newSets().size() - 2).seq();

        hello(43, LinkLimitsTest.lamps(1));

        assertThat(link.faults()).containsOnlyKeys(0);
        assertThat(link.desiredStates()).hasSize(1);
        assertThat(link.status()).as("light 0 is still being replayed").isEqualTo(DeviceStatus.RESYNCING);
        v.ack(replay0, 0);
        assertThat(link.status()).as("light 1 is gone: nothing left to resync").isEqualTo(DeviceStatus.ONLINE);
    }

    @Test
    void anAcknowledgedRepairMakesTheNextTimeoutRepairAgain() {
        LinkSession link = start(LinkConfig.builder().retries(0).build(), ScriptedBoard.ONE_LAMP);
        link.set(0, brightness(10));
        v.advance(Duration.ofMillis(100)); // times out: the repair goes out
        assertThat(v.board.newSets()).hasSize(2);
        v.ack(v.lastSetSeq(), 0);
        link.set(0, brightness(20));
        v.advance(Duration.ofMillis(100));
        assertThat(v.board.newSets())
                .as("a new repair after the acknowledged one")
                .hasSize(4);
        assertThat(v.lastSet().brightness()).isEqualTo(20);
    }

    @Test
    void aHelloMakesTheNextTimeoutRepairAgain() {
        LinkSession link = start(LinkConfig.builder().retries(0).build(), ScriptedBoard.ONE_LAMP);
        link.set(0, brightness(10));
        v.advance(Duration.ofMillis(200)); // the SET and its repair time out: dirty
        assertThat(v.board.newSets()).hasSize(2);
        hello(42, ScriptedBoard.ONE_LAMP); // replays it
        assertThat(v.board.newSets()).hasSize(3);
        v.advance(Duration.ofMillis(100)); // the replay times out: one repair again
        assertThat(v.board.newSets()).hasSize(4);
        assertThat(link.status()).isEqualTo(DeviceStatus.RESYNCING);
    }

    @Test
    void aDirtyLightIsRepairedWhenAnAckShowsTheLinkWorks() {
        LinkSession link = start(LinkConfig.builder().retries(0).build(), LinkLimitsTest.lamps(2));
        link.set(0, brightness(10));
        v.advance(Duration.ofMillis(200)); // the SET and its repair time out: dirty
        link.set(1, brightness(20));
        int before = v.board.newSets().size();
        v.ack(v.lastSetSeq(), 0);
        assertThat(v.board.newSets()).hasSize(before + 1);
        assertThat(v.lastSet().light()).isZero();
        assertThat(v.lastSet().brightness()).isEqualTo(10);
    }

    @Test
    void aRepairQueuedBehindAFullWindowIsPendingAtOnce() {
        LinkSession link = start(
                LinkConfig.builder()
                        .retries(0)
                        .window(1)
                        .retransmitTimeout(Duration.ofMillis(100))
                        .maxRetransmitTimeout(Duration.ofMillis(100))
                        .build(),
                LinkLimitsTest.lamps(2));
        v.board.answerPings = true;
        link.set(0, brightness(10));
        v.advance(Duration.ofMillis(200)); // the SET and its repair time out: dirty, nothing pending
        assertThat(link.pending(0)).isFalse();
        link.set(1, new LightChange(true, null, null, null, null)); // fills the window
        v.toHost(Frame.PONG, new Messages.Pong(0, 0, 1).encode()); // the link works: light 0 is queued for repair
        assertThat(link.pending(0)).isTrue();
    }

    private static List<LightInfo> strip(int pixels) {
        return List.of(new LightInfo(0, "Strip", LightKind.STRIP, pixels, EnumSet.noneOf(Effect.class)));
    }

    /** The newest frame of {@code type} the host wrote. */
    private Frame lastWritten(int type) {
        return v.board.writes.stream()
                .map(ScriptedBoard.Write::frame)
                .filter(f -> f != null && f.type() == type)
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no frame of type " + type + " written"));
    }

    @Test
    void aReplayCarriesTheStripsRunsOnlyWhileTheyFitItsPixels() {
        PixelRuns halves = new PixelRuns(
                List.of(new PixelRuns.Run(4, new Rgb(255, 0, 0)), new PixelRuns.Run(4, new Rgb(0, 0, 255))));
        LinkSession link = start(LinkConfig.defaults(), strip(8));
        link.set(0, new LightChange(true, null, null, null, null, halves));
        v.ack(lastWritten(Frame.SET_PIXELS).seq(), 0);
        long setPixels = v.written(Frame.SET_PIXELS);

        hello(43, strip(8)); // a new boot: the runs go out again
        assertThat(v.written(Frame.SET_PIXELS)).isEqualTo(setPixels + 1);
        Messages.SetPixels replay =
                Messages.SetPixels.decode(lastWritten(Frame.SET_PIXELS).payload());
        assertThat(replay.counts()).containsExactly(4, 4);
        v.ack(lastWritten(Frame.SET_PIXELS).seq(), 0);
        int sets = v.board.newSets().size();

        hello(44, strip(4)); // a new boot with a shorter strip: 8 pixels' runs no longer fit
        assertThat(v.written(Frame.SET_PIXELS)).isEqualTo(setPixels + 1);
        assertThat(v.board.newSets()).hasSize(sets + 1);
        assertThat(v.lastSet().on()).isEqualTo(1);
    }

    @Test
    void aStripShowingRunsThisHostDidNotSetIsReportedWithUnknownPixels() {
        LinkSession link = start(LinkConfig.defaults(), strip(8));
        v.toHost(Frame.STATE, new Messages.State(0, SYNC, 3, 255, 0, 0, 0, 0, 1).encode()); // on, PIXELS flag
        assertThat(link.reportedStates().get(0).pixelsUnknown()).isTrue();
        assertThat(link.internalErrors()).isZero();
    }
}
