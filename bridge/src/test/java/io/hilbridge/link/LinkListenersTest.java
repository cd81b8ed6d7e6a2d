package io.hilbridge.link;

import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.LightState;
import io.hilbridge.lights.StateCause;
import io.hilbridge.sim.LoopbackTransport;
import io.hilbridge.sim.SimulatedBoard;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A listener that throws is logged and skipped: the listeners after it hear every event, and the link works on. */
class LinkListenersTest {

    private static final LightChange ON = new LightChange(true, null, null, null, null);

    @Test
    void aThrowingListenerNeitherSilencesTheOthersNorBreaksTheLink() throws Exception {
        try (SimulatedBoard board = SimulatedBoard.builder().baud(0).seed(3).build();
                LinkSession link = LinkSession.start("board0", new LoopbackTransport(board), LinkConfig.defaults())) {
            await().atMost(Duration.ofSeconds(10))
                    .alias("the link to come online")
                    .until(() -> link.status() == DeviceStatus.ONLINE);
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

            link.set(1, ON).get(5, TimeUnit.SECONDS);
            link.set(0, ON).get(5, TimeUnit.SECONDS); // the link still takes commands after the listener threw

            await().atMost(Duration.ofSeconds(5))
                    .alias("the second listener to hear both round trips")
                    .until(() -> heard.stream().filter("roundTrip"::equals).count() == 2);
            assertThat(heard).contains("state 1 command", "state 0 command");
            assertThat(link.internalErrors())
                    .as("a listener's exception is not a link bug")
                    .isZero();
        }
    }
}
