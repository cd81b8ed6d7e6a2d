package io.hilbridge.boardlog;

import com.fasterxml.jackson.databind.JsonNode;
import io.hilbridge.api.ApiService;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.link.LinkConfig;
import io.hilbridge.link.LinkSession;
import io.hilbridge.sim.Faults;
import io.hilbridge.sim.LoopbackTransport;
import io.hilbridge.sim.SimulatedBoard;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole path with a real link: the simulated board's ROM boot text (between frames) and its LOG frames (boot,
 * a light that faults and recovers) reach the bridge's ring with the right source and level, and no frame is ever
 * mistaken for boot text.
 */
class SimulatedBoardLogTest {

    private static List<String> lines(ApiService api, String source) {
        JsonNode body = api.log("board0", null, "500");
        return body.path("lines").findParents("seq").stream()
                .filter(l -> l.path("source").asText().equals(source))
                .map(l -> l.path("level").asText() + " " + l.path("text").asText())
                .toList();
    }

    @Test
    void bootTextAndLogFramesOfARealLinkReachTheRing() throws Exception {
        Faults faults = new Faults();
        try (SimulatedBoard board =
                        SimulatedBoard.builder().baud(0).seed(5).faults(faults).build();
                LinkSession link = LinkSession.start("board0", new LoopbackTransport(board), LinkConfig.defaults());
                ApiService api = new ApiService(List.of(link), "test")) {
            await().atMost(Duration.ofSeconds(10))
                    .alias("the link to come online")
                    .until(() -> link.status() == DeviceStatus.ONLINE);
            long before = board.bootId();
            faults.reset(); // boots again while the link listens: ROM text, HELLO, LOG "boot <id>"
            await().atMost(Duration.ofSeconds(10))
                    .alias("the LOG 'boot <id>' of the reset")
                    .until(() -> board.bootId() != before
                            && lines(api, "log").contains("info boot " + Long.toHexString(board.bootId())));
            assertThat(lines(api, "boot"))
                    .as("the ROM's banner, line by line, as boot text")
                    .contains("info rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)", "info entry 0x400805f0");

            faults.stickLight(2, true);
            faults.stickLight(2, false);
            await().atMost(Duration.ofSeconds(10))
                    .alias("the fault's two LOG lines")
                    .until(() -> lines(api, "log").stream().anyMatch(l -> l.endsWith("works again")));
            assertThat(lines(api, "log"))
                    .anyMatch(l -> l.startsWith("error light 2 (") && l.endsWith("output stuck, reported as faulted"));
            assertThat(lines(api, "boot"))
                    .as("every boot line is ROM text, never a piece of a frame")
                    .allMatch(l -> new String(SimulatedBoardLogTest.romText()).contains(l.substring(5)));
        }
    }

    private static byte[] romText() {
        return ("ets Jun  8 2016 00:22:57\r\n\r\nrst:0x1 (POWERON_RESET),boot:0x13 "
                        + "(SPI_FAST_FLASH_BOOT)\r\nconfigsip: 0, SPIWP:0xee\r\nclk_drv:0x00,q_drv:0x00,d_drv:0x00,"
                        + "cs0_drv:0x00\r\nmode:DIO, clock div:2\r\nload:0x3fff0030,len:7104\r\nentry 0x400805f0\r\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
