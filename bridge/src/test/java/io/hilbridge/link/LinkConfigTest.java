package io.hilbridge.link;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link LinkConfig}: the defaults are uart-link.md's numbers (sections 5 and 6), and a configuration that could not
 * work is refused when it is built, with the name of the setting, each limit checked on both sides.
 */
class LinkConfigTest {
    private static final Duration NS = Duration.ofNanos(1);

    @Test
    void theDefaultsAreTheSpecsNumbers() {
        LinkConfig c = LinkConfig.defaults();
        // Section 6: RTO 100 ms doubling to 400 ms, 4 retries, window 4 (at most the board's 8-SET duplicate window).
        assertThat(c.retransmitTimeout()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.maxRetransmitTimeout()).isEqualTo(Duration.ofMillis(400));
        assertThat(c.retries()).isEqualTo(4);
        assertThat(c.window()).isEqualTo(4);
        // Section 5: PING after 1 s of silence, offline after 3 unanswered; HELLO_REQ every 250 ms backing off to 1 s;
        // a reset on request waits 10 s for the new boot.
        assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.missedHeartbeats()).isEqualTo(3);
        assertThat(c.helloInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.maxHelloInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.resetTimeout()).isEqualTo(Duration.ofSeconds(10));
        // The host's own choices (the spec leaves them to it): reopen back-off, the handshake warning, waiters.
        assertThat(c.reconnectBackoff()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.maxReconnectBackoff()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.helloWarnAfter()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.maxWaitersPerLight()).isEqualTo(4096);
        assertThat(c.resetOnOpen()).isFalse();
        assertThat(LinkConfig.BOARD_DUPLICATE_WINDOW).isEqualTo(8);
    }

    @Test
    void toBuilderKeepsEverySetting() {
        LinkConfig odd = LinkConfig.builder()
                .retransmitTimeout(Duration.ofMillis(101))
                .maxRetransmitTimeout(Duration.ofMillis(402))
                .retries(7)
                .heartbeatInterval(Duration.ofMillis(1003))
                .missedHeartbeats(5)
                .helloInterval(Duration.ofMillis(251))
                .maxHelloInterval(Duration.ofMillis(1004))
                .reconnectBackoff(Duration.ofMillis(252))
                .maxReconnectBackoff(Duration.ofMillis(5005))
                .maxWaitersPerLight(17)
                .window(8)
                .helloWarnAfter(Duration.ofMillis(5006))
                .resetTimeout(Duration.ofMillis(10_007))
                .resetOnOpen(true)
                .build();
        assertThat(odd.toBuilder().build()).isEqualTo(odd);
        assertThat(odd.retries()).isEqualTo(7);
        assertThat(odd.resetOnOpen()).isTrue();
    }

    /** Every duration must be > 0: a zero timer would spin, a negative one is nonsense. */
    @Test
    void everyDurationMustBePositive() {
        List<Setting> durations = List.of(
                new Setting("retransmitTimeout", d -> LinkConfig.builder().retransmitTimeout(d)),
                new Setting("maxRetransmitTimeout", d -> LinkConfig.builder().maxRetransmitTimeout(d)),
                new Setting("heartbeatInterval", d -> LinkConfig.builder().heartbeatInterval(d)),
                new Setting("helloInterval", d -> LinkConfig.builder().helloInterval(d)),
                new Setting("maxHelloInterval", d -> LinkConfig.builder().maxHelloInterval(d)),
                new Setting("reconnectBackoff", d -> LinkConfig.builder().reconnectBackoff(d)),
                new Setting("maxReconnectBackoff", d -> LinkConfig.builder().maxReconnectBackoff(d)),
                new Setting("helloWarnAfter", d -> LinkConfig.builder().helloWarnAfter(d)),
                new Setting("resetTimeout", d -> LinkConfig.builder().resetTimeout(d)));
        for (Setting s : durations) {
            for (Duration bad : new Duration[] {null, Duration.ZERO, NS.negated()}) {
                assertThatThrownBy(() -> s.with.apply(bad).build())
                        .as("%s = %s", s.name, bad)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage(s.name + " must be > 0");
            }
            assertThat(s.with.apply(NS).build()).as("%s = 1 ns", s.name).isNotNull();
        }
    }

    @Test
    void retriesMayBeZeroButNotNegative() {
        assertThat(LinkConfig.builder().retries(0).build().retries()).isZero();
        assertThatThrownBy(() -> LinkConfig.builder().retries(-1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("retries must be >= 0: -1");
    }

    @Test
    void atLeastOneMissedHeartbeatAndOneWaiter() {
        assertThat(LinkConfig.builder().missedHeartbeats(1).build().missedHeartbeats())
                .isEqualTo(1);
        assertThatThrownBy(() -> LinkConfig.builder().missedHeartbeats(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("missedHeartbeats must be >= 1");
        assertThat(LinkConfig.builder().maxWaitersPerLight(1).build().maxWaitersPerLight())
                .isEqualTo(1);
        assertThatThrownBy(() -> LinkConfig.builder().maxWaitersPerLight(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxWaitersPerLight must be >= 1");
    }

    /** Section 6: at least one SET in flight, at most as many as the board remembers for duplicate detection (8). */
    @Test
    void theWindowIsOneToTheBoardsDuplicateWindow() {
        assertThat(LinkConfig.builder().window(1).build().window()).isEqualTo(1);
        assertThat(LinkConfig.builder().window(8).build().window()).isEqualTo(8);
        for (int bad : new int[] {0, 9}) {
            assertThatThrownBy(() -> LinkConfig.builder().window(bad).build())
                    .as("window %d", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("window must be 1..8 (the board's duplicate window): " + bad);
        }
    }

    private record Setting(String name, Function<Duration, LinkConfig.Builder> with) {}
}
