package io.hilbridge.examples.broken;

import io.hilbridge.junit.Board;
import io.hilbridge.junit.HilbridgeTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.hilbridge.client.LightChange.turnOff;
import static io.hilbridge.junit.HilbridgeAssertions.assertThat;

/**
 * Deliberately wrong, to show what a red run looks like: it believes the button turns a light off, but the firmware
 * toggles it (off to on). Not part of the normal run: {@code ./mvnw -o -pl examples -am verify -Pbroken-example}.
 */
@HilbridgeTest(board = "sim")
class BrokenDemo {

    @Test
    void theButtonTurnsTheLightOff(Board board) {
        board.faults().pressButton(0);
        assertThat(board.light(0)).neverLeaves(turnOff()).during(Duration.ofMillis(500));
    }
}
