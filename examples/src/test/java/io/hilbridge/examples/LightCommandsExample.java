package io.hilbridge.examples;

import io.hilbridge.client.Effect;
import io.hilbridge.client.LightChange;
import io.hilbridge.client.Lights;
import io.hilbridge.junit.Board;
import io.hilbridge.junit.HilbridgeTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.hilbridge.client.LightChange.turnOff;
import static io.hilbridge.client.LightChange.turnOn;
import static io.hilbridge.junit.HilbridgeAssertions.assertThat;

/** What the firmware does with a command: it applies it, and says so. Runs unchanged on every board kind. */
@HilbridgeTest(board = "sim")
class LightCommandsExample {
    static final Duration SOON = Duration.ofSeconds(5);

    @Test
    void everyTestStartsWithAllLightsOffAndNoEffect(Board board) {
        for (int light = 0; light < board.lightCount(); light++) {
            assertThat(board.light(light)).is(turnOff().effect(Effect.NONE));
        }
    }

    @Test
    void aSetIsConfirmedByTheBoard(Board board) {
        board.confirm(1, turnOn().brightness(128));
        assertThat(board.light(1)).reaches(turnOn().brightness(128)).within(SOON);
    }

    @Test
    void allLightsAnswerOneCommand(Board board) {
        board.confirm(Lights.all(), turnOn());
        for (int light = 0; light < board.lightCount(); light++) {
            assertThat(board.light(light)).reaches(turnOn()).within(SOON);
        }
    }

    @Test
    void aColorIsShownAsAsked(Board board) {
        board.confirm(2, turnOn().color("#00ff00").brightness(200));
        assertThat(board.light(2))
                .reaches(turnOn().color("#00ff00").brightness(200))
                .within(SOON);
    }

    @Test
    void aTransitionEndsWhereAsked(Board board) {
        board.confirm(1, turnOn().brightness(40).transitionMs(400));
        assertThat(board.light(1)).reaches(turnOn().brightness(40)).within(SOON);
        assertThat(board.light(1)).staysIn(turnOn().brightness(40)).during(Duration.ofMillis(300));
    }

    @Test
    void anEffectRunsUntilChanged(Board board) {
        board.confirm(2, turnOn().effect(Effect.BLINK));
        assertThat(board.light(2))
                .reaches(LightChange.change().effect(Effect.BLINK))
                .within(SOON);
        assertThat(board.light(2))
                .staysIn(LightChange.change().effect(Effect.BLINK))
                .during(Duration.ofMillis(500));
    }
}
