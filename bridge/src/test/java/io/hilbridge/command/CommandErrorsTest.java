package io.hilbridge.command;

import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The errors the link and the engine build here keep the stable codes of protocol-spec/websocket-api.md (section 2,
 * "error"): losing the board in any way is {@code device_offline}, and an id a client sent is echoed cut short.
 */
class CommandErrorsTest {
    private static void assertError(CommandException e, ErrorCode code, String message) {
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.apiCode()).isEqualTo(code.apiName());
        assertThat(e.getMessage()).isEqualTo(message);
    }

    /** "device_offline: the device ... went offline before acknowledging, or is being reset". */
    @Test
    void losingTheBoardInAnyWayIsDeviceOffline() {
        assertError(
                CommandErrors.beingReset("board0"),
                ErrorCode.DEVICE_OFFLINE,
                "device board0 is being reset; try again when it is online");
        assertError(
                CommandErrors.wentOffline("board0", "no answer to 3 heartbeats"),
                ErrorCode.DEVICE_OFFLINE,
                "device board0 went offline: no answer to 3 heartbeats");
        assertError(CommandErrors.linkClosed("board0"), ErrorCode.DEVICE_OFFLINE, "the link to board0 is closed");
        assertError(
                CommandErrors.linkFailed(new IllegalStateException("port vanished")),
                ErrorCode.DEVICE_OFFLINE,
                "the link to the device failed: java.lang.IllegalStateException: port vanished");
    }

    /** An error never echoes a huge input back: a device id is shown up to 40 characters, then cut with "...". */
    @Test
    void anUnknownDeviceIdIsEchoedUpTo40Characters() {
        String forty = "d".repeat(40);
        assertThat(CommandErrors.unknownDevice(forty, List.of("board0", "board1"))
                        .getMessage())
                .isEqualTo("no device \"" + forty + "\"; devices: board0, board1");
        assertError(
                CommandErrors.unknownDevice(forty + "X", List.of("board0")),
                ErrorCode.UNKNOWN_DEVICE,
                "no device \"" + forty + "...\"; devices: board0");
        assertThat(CommandErrors.abbreviate(null, 40)).as("no text to echo").isEmpty();
    }
}
