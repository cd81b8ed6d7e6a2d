package io.hilbridge.link;

import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.LightState;
import io.hilbridge.lights.StateCause;
import io.hilbridge.sim.LoopbackTransport;
import io.hilbridge.sim.SimulatedBoard;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** A listener that throws is logged and skipped: the listeners after it hear every event, and the link works on. */
class LinkListenersTest {

    private static final LightChange ON = new LightChange(true, null, null, null, null);

    @Test
    void aThrowingListenerNeitherSilencesTheOthersNorBreaksTheLink() throws Exception {
        try (VirtualSim sim = new VirtualSim()) { // link and board on virtual time: no thread, no timing
            SimulatedBoard board = sim.board(3);
            LinkSession link = sim.online(new LoopbackTransport(board), LinkConfig.defaults());
            List<String> heard = new CopyOnWriteArrayList<>();
            link.addListener(new BoardListener() {
                @Override
                public void onState(BoardLink b, int light, LightState state, StateCause cause) {
                    throw new IllegalStateException("listener bug in onState");
                }

                @Override
                public void onRoundTrip(BoardLink b, long nanos) {
                    throw new IllegalStateException("listener bug in onRoundTrip");
                }
            });
            link.addListener(new BoardListener() {
                @Override
                public void onState(BoardLink b, int light, LightState state, StateCause cause) {
                    heard.add("state " + light + " " + cause.apiName());
                }

                @Override
                public void onRoundTrip(BoardLink b, long nanos) {
                    heard.add("roundTrip");
                }
            });

            sim.done(link.set(1, ON));
            sim.done(link.set(0, ON)); // the link still takes commands after the listener threw

            sim.until(
                    () -> heard.stream().filter("roundTrip"::equals).count() == 2,
                    "the second listener to hear both round trips");
            assertThat(heard).contains("state 1 command", "state 0 command");
            assertThat(link.internalErrors())
                    .as("a listener's exception is not a link bug")
                    .isZero();
        }
    }
}
