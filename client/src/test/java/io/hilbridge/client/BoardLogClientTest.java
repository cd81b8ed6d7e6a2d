package io.hilbridge.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The board's log through the client, against the real bridge and its simulated board: listeners get each line,
 * {@code awaitLog} waits expect-style (a line logged before the call still counts, a matched line is not matched
 * twice) and fails with the device's last lines.
 */
class BoardLogClientTest extends BridgeClientFixture {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void listenersGetEachLineWithLevelAndSource() {
        List<LogLine> heard = new CopyOnWriteArrayList<>();
        client.addListener(new ClientListener() {
            @Override
            public void onLog(LogLine line) {
                heard.add(line);
            }
        });
        bridge.board().faults().stickLight(2, true);
        await("the fault's log line")
                .atMost(WAIT)
                .until(() -> heard.stream().anyMatch(l -> l.text().contains("output stuck")));
        LogLine l = heard.stream()
                .filter(x -> x.text().contains("output stuck"))
                .findFirst()
                .orElseThrow();
        assertThat(l.device()).isEqualTo("board0");
        assertThat(l.level()).isEqualTo(LogLine.Level.ERROR);
        assertThat(l.boot()).isFalse();
        assertThat(l.seq()).isPositive();
        assertThat(l.dropped()).isZero();
        assertThat(client.logLines("board0")).contains(l);
    }

    @Test
    void awaitLogSeesALineLoggedBeforeTheCallAndMatchesEachLineOnce() {
        bridge.board().faults().stickLight(1, true);
        LogLine stuck = client.awaitLog("board0", Pattern.compile("light 1 .*output stuck"), WAIT);
        assertThat(stuck.level()).isEqualTo(LogLine.Level.ERROR);

        bridge.board().faults().reset(); // the board boots again: ROM text outside frames, then LOG "boot <id>"
        assertThat(client.awaitLog("board0", Pattern.compile("POWERON_RESET"), WAIT)
                        .boot())
                .as("the ROM's banner is boot text")
                .isTrue();
        LogLine boot = client.board("board0").awaitLog(Pattern.compile("^boot \\p{XDigit}+$"), WAIT);
        assertThat(boot.boot())
                .as("'boot <id>' is a LOG frame, after the banner")
                .isFalse();

        // The stuck line was consumed by the first wait: asking again does not find it.
        assertThatThrownBy(() ->
                        client.awaitLog("board0", Pattern.compile("light 1 .*output stuck"), Duration.ofMillis(300)))
                .isInstanceOfSatisfying(HilbridgeException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.CLIENT_TIMEOUT);
                    assertThat(e.getMessage())
                            .contains("light 1 .*output stuck", "within 300 ms", "last ")
                            .contains("boot " + Long.toHexString(bridge.board().bootId()));
                });
    }

    @Test
    void awaitLogFailsAtOnceForAnUnknownDeviceAndWhenClosed() {
        assertThatThrownBy(() -> client.awaitLog("nope", Pattern.compile("x"), WAIT))
                .isInstanceOfSatisfying(
                        HilbridgeException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNKNOWN_DEVICE));
        assertThatThrownBy(() -> client.awaitLog("board0", Pattern.compile("never"), Duration.ofMillis(200)))
                .isInstanceOfSatisfying(
                        HilbridgeException.class,
                        e -> assertThat(e.getMessage()).contains("never"));
    }
}
