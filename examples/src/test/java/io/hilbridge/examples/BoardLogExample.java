package io.hilbridge.examples;

import io.hilbridge.client.LogLine;
import io.hilbridge.junit.Board;
import io.hilbridge.junit.HilbridgeTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The board's own log reaches the test: every board logs "boot <id>" right after it boots (hilbridge-sim and the
 * QEMU board with the core's hb_core_log_boot, an ESP32 with ESP_LOGI, forwarded as a LOG frame). A timeout would
 * fail the test with the board's last log lines.
 */
@HilbridgeTest(board = "sim")
class BoardLogExample {
    static final Duration BOOTED = Duration.ofSeconds(15);

    @Test
    void aBootIsLogged(Board board) {
        board.faults().resetWithBootText(); // returns once the board is back
        LogLine boot = board.awaitLog("boot \\p{XDigit}{1,8}", BOOTED);
        assertEquals(LogLine.Level.INFO, boot.level());
        assertFalse(boot.boot(), "a LOG frame of the firmware, not ROM text");
    }
}
