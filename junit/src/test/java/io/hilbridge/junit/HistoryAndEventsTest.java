package io.hilbridge.junit;

import io.hilbridge.client.Effect;
import io.hilbridge.client.LightState;
import io.hilbridge.client.StateCause;
import io.hilbridge.client.StateEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What failure messages and {@code neverLeaves} read: the last 40 events (oldest dropped), and every confirmed state
 * since the test began, per device and light, bounded at 10,000 with the overflow said.
 */
class HistoryAndEventsTest {
    private static final LightState ON = new LightState(true, 255, "#ffffff", Effect.NONE);
    private static final LightState OFF = new LightState(false, 255, "#ffffff", Effect.NONE);

    @Test
    void recentEventsKeepTheLast40InOrderAndRenderIndented() {
        RecentEvents events = new RecentEvents();
        assertThat(events.render("  ")).isEqualTo("  (none)");
        for (int i = 1; i <= RecentEvents.CAPACITY; i++) events.add("link", "event " + i);
        assertThat(events.snapshot()).hasSize(40);
        assertThat(events.snapshot().get(0)).endsWith(" link: event 1");
        events.add("api", "event 41");
        assertThat(events.snapshot()).hasSize(40);
        assertThat(events.snapshot().get(0)).endsWith(" link: event 2");
        assertThat(events.snapshot().get(39)).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} api: event 41");

        RecentEvents two = new RecentEvents();
        two.add("a", "x");
        two.add("b", "y");
        assertThat(two.render("> ")).matches("> \\S+ a: x\n> \\S+ b: y");
    }

    @Test
    void theHistoryIsPerLightAndClearedForEachTest() {
        StateHistory h = new StateHistory();
        h.onState(new StateEvent("board0", 1, ON, StateCause.COMMAND));
        h.onState(new StateEvent("board0", 2, OFF, StateCause.COMMAND));
        h.onState(new StateEvent("board1", 1, OFF, StateCause.BUTTON));
        h.onState(new StateEvent("board0", 1, OFF, StateCause.BUTTON));

        assertThat(h.of("board0", 1)).extracting(StateHistory.Seen::state).containsExactly(ON, OFF);
        assertThat(h.of("board0", 2)).extracting(StateHistory.Seen::state).containsExactly(OFF);
        assertThat(h.of("board0", 3)).isEmpty();
        h.clear();
        assertThat(h.of("board0", 1)).isEmpty();
    }

    @Test
    void theHistoryKeepsTheNewest10000AndSaysWhenItDroppedSome() {
        StateHistory h = new StateHistory();
        for (int i = 0; i < StateHistory.CAPACITY; i++) {
            h.onState(new StateEvent("board0", 0, i == 0 ? ON : OFF, StateCause.EFFECT));
        }
        assertThat(h.overflowed()).isFalse();
        assertThat(h.of("board0", 0))
                .hasSize(10_000)
                .first()
                .extracting(StateHistory.Seen::state)
                .isEqualTo(ON);
        h.onState(new StateEvent("board0", 0, OFF, StateCause.EFFECT));
        assertThat(h.overflowed()).isTrue();
        assertThat(h.of("board0", 0))
                .hasSize(10_000)
                .first()
                .extracting(StateHistory.Seen::state)
                .isEqualTo(OFF);
        h.clear();
        assertThat(h.overflowed())
                .as("a new test starts without the old overflow")
                .isFalse();
    }
}
