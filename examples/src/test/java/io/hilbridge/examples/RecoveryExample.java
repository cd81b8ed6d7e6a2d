package io.hilbridge.examples;

import io.hilbridge.client.Ack;
import io.hilbridge.junit.Board;
import io.hilbridge.junit.HilbridgeTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.hilbridge.client.LightChange.turnOn;
import static io.hilbridge.junit.HilbridgeAssertions.assertThat;

/** The lights survive what happens to boards: resets, noise, unplugging. */
@HilbridgeTest(board = "sim")
class RecoveryExample {
    static final Duration BACK = Duration.ofSeconds(15);

    @Test
    void aResetReplaysTheState(Board board) {
        board.confirm(1, turnOn().brightness(77));
        board.faults().resetWithBootText(); // returns once the board booted again
        assertThat(board.light(1)).reaches(turnOn().brightness(77)).within(BACK);
    }

    @Test
    void lineNoiseNeverLosesTheLastValue(Board board) {
        board.faults().lineNoise(0.0005, 0.0005);
        List<CompletableFuture<Ack>> sent = new ArrayList<>();
        for (int b = 10; b <= 200; b += 10) sent.add(board.set(1, turnOn().brightness(b)));
        // Superseded commands may be answered as such; the last value is what must win.
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
                .exceptionally(e -> null)
                .join();
        assertThat(board.light(1)).reaches(turnOn().brightness(200)).within(BACK);
        board.faults().quietLine();
        assertThat(board.light(1)).staysIn(turnOn().brightness(200)).during(Duration.ofMillis(300));
    }

    @Test
    void anUnpluggedBoardComesBackWithItsLights(Board board) {
        board.confirm(2, turnOn().color("#ff0000"));
        board.faults().unplugFor(Duration.ofMillis(500));
        board.awaitOnline(BACK);
        assertThat(board.light(2)).reaches(turnOn().color("#ff0000")).within(BACK);
    }
}
