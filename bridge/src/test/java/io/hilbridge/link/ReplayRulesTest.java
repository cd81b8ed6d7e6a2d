package io.hilbridge.link;

import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.LightState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.hilbridge.link.VirtualLink.brightness;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a HELLO replays (uart-link.md section 5): after a new {@code boot_id} the board's lights are in their boot
 * state, so the desired state of every light a client has set goes out again, one full-state SET per light, and the
 * link is {@code resyncing} until they are acknowledged; after the same {@code boot_id} only the lights whose last
 * command ended in {@code timeout} (its effect unknown) are sent again. Lights no client set take the board's state.
 * On virtual time; the board answers HELLO_REQ with boot id 42 and a SET only when the test does.
 */
class ReplayRulesTest {
    private static final int FULL = Messages.F_ON | Messages.F_BRIGHTNESS | Messages.F_EFFECT;

    private final VirtualLink v = new VirtualLink();

    @AfterEach
    void tearDown() {
        v.close();
    }

    private void hello(long bootId) {
        v.toHost(Frame.HELLO, new Messages.Hello(1, "script", bootId, v.board.lights).encode());
    }

    private List<Messages.SetCommand> setsSince(int n) {
        return v.board.newSets().subList(n, v.board.newSets().size()).stream()
                .map(f -> Messages.SetCommand.decode(f.payload()))
                .toList();
    }

    @Test
    void aNewBootIdReplaysEveryLightAClientSetAndIsResyncingUntilTheyAreAcknowledged() {
        LinkSession link = v.start(LinkConfig.defaults(), LinkLimitsTest.lamps(3));
        link.set(0, brightness(10));
        v.ack(v.lastSetSeq(), 0);
        link.set(2, new LightChange(true, null, null, null, null));
        v.ack(v.lastSetSeq(), 0);
        v.state(1, 1, 99, 1); // light 1: a button press, no client set it
        int before = v.board.newSets().size();
        long stateRequests = v.written(Frame.STATE_REQ);

        hello(43);

        assertThat(link.stats().resets()).isEqualTo(1);
        assertThat(link.status()).isEqualTo(DeviceStatus.RESYNCING);
        assertThat(link.reportedStates())
                .as("a new boot: every light in its boot state")
                .containsOnly(LightState.BOOT);
        assertThat(link.desiredStates().get(1))
                .as("a light no client set takes the board's")
                .isEqualTo(LightState.BOOT);
        List<Messages.SetCommand> replay = setsSince(before);
        assertThat(replay).extracting(Messages.SetCommand::light).containsExactly(0, 2);
        assertThat(replay).allMatch(s -> s.fields() == FULL);
        assertThat(replay.get(0).brightness()).isEqualTo(10);
        assertThat(replay.get(1).on()).isEqualTo(1);
        assertThat(v.written(Frame.STATE_REQ)).isEqualTo(stateRequests + 1);

        List<Integer> seqs = v.board.newSets().subList(before, before + 2).stream()
                .map(Frame::seq)
                .toList();
        v.ack(seqs.get(0), 0);
        assertThat(link.status()).as("one replayed light still unacknowledged").isEqualTo(DeviceStatus.RESYNCING);
        v.ack(seqs.get(1), 0);
        assertThat(link.status()).isEqualTo(DeviceStatus.ONLINE);
    }

    @Test
    void theSameBootIdReplaysOnlyTheLightsWhoseLastCommandTimedOut() {
        LinkSession link = v.start(LinkConfig.builder().retries(0).build(), LinkLimitsTest.lamps(3));
        link.set(0, brightness(10));
        v.ack(v.lastSetSeq(), 0);
        link.set(1, brightness(20));
        v.advance(Duration.ofMillis(200)); // it times out, and so does its one repair: the light stays dirty
        assertThat(link.stats().timeouts()).isEqualTo(2);
        int before = v.board.newSets().size();

        hello(42);

        assertThat(link.stats().resets()).as("no new boot").isZero();
        assertThat(setsSince(before)).extracting(Messages.SetCommand::light).containsExactly(1);
        assertThat(setsSince(before).get(0).fields()).isEqualTo(FULL);
        assertThat(setsSince(before).get(0).brightness()).isEqualTo(20);
        assertThat(link.status()).isEqualTo(DeviceStatus.RESYNCING);
        v.ack(v.lastSetSeq(), 0);
        assertThat(link.status()).isEqualTo(DeviceStatus.ONLINE);

        hello(42);
        assertThat(v.board.newSets()).as("acknowledged: nothing left to replay").hasSize(before + 1);
        assertThat(link.status()).isEqualTo(DeviceStatus.ONLINE);
    }

    @Test
    void aRepairThatTimedOutIsSentAgainOnceTheBoardAnswersAPing() {
        v.board.answerPings = true;
        LinkSession link = v.start(LinkConfig.builder().retries(0).build());
        link.set(0, brightness(10));
        v.advance(Duration.ofMillis(200)); // the SET and its repair both time out
        assertThat(v.board.newSets()).hasSize(2);
        v.advance(Duration.ofMillis(1250)); // heartbeat: its PONG shows the link works again
        assertThat(v.written(Frame.PING)).isEqualTo(1);
        assertThat(v.board.newSets()).hasSize(3);
        assertThat(v.lastSet().fields()).isEqualTo(FULL);
        assertThat(v.lastSet().brightness()).isEqualTo(10);
    }
}
