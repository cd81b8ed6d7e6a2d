package io.hilbridge.examples;

import io.hilbridge.client.ErrorCode;
import io.hilbridge.client.HilbridgeException;
import io.hilbridge.junit.Board;
import io.hilbridge.junit.HilbridgeTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.hilbridge.client.LightChange.turnOff;
import static io.hilbridge.client.LightChange.turnOn;
import static io.hilbridge.junit.HilbridgeAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A command the board cannot do is refused with a stable code, and changes nothing. */
@HilbridgeTest(board = "sim")
class RefusalsExample {

    @Test
    void anOutOfRangeBrightnessIsRefusedAndTheLightKeepsItsState(Board board) {
        board.confirm(1, turnOn().brightness(90));
        HilbridgeException e = assertThrows(HilbridgeException.class, () -> board.confirm(1, turnOn().brightness(300)));
        assertEquals(ErrorCode.OUT_OF_RANGE, e.errorCode(), e.getMessage());
        assertThat(board.light(1)).staysIn(turnOn().brightness(90)).during(Duration.ofMillis(300));
    }

    @Test
    void brightnessOnAnOnOffLightIsUnsupported(Board board) {
        HilbridgeException e = assertThrows(HilbridgeException.class, () -> board.confirm(0, turnOn().brightness(10)));
        assertEquals(ErrorCode.UNSUPPORTED, e.errorCode(), e.getMessage());
        assertThat(board.light(0)).neverLeaves(turnOff()).during(Duration.ofMillis(300));
    }
}
