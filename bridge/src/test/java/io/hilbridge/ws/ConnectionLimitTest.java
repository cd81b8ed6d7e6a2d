package io.hilbridge.ws;

import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The --max-clients rule: the default follows the descriptor limit, an explicit value must fit in it. */
class ConnectionLimitTest {

    @Test
    void theDefaultIsWhatTheDescriptorsLeaveAfterTheReserve() {
        assertThat(ConnectionLimit.defaultFor(OptionalLong.of(1024)))
                .isEqualTo(1024 - ConnectionLimit.RESERVED_DESCRIPTORS);
        assertThat(ConnectionLimit.defaultFor(OptionalLong.of(4096)))
                .isEqualTo(4096 - ConnectionLimit.RESERVED_DESCRIPTORS);
    }

    @Test
    void theDefaultStopsAtTenThousand() {
        assertThat(ConnectionLimit.defaultFor(OptionalLong.of(20_000))).isEqualTo(10_000);
        assertThat(ConnectionLimit.defaultFor(OptionalLong.of(1_048_576))).isEqualTo(10_000);
        assertThat(ConnectionLimit.defaultFor(ConnectionLimit.UNKNOWN)).isEqualTo(10_000);
    }

    @Test
    void aTinyDescriptorLimitStillAllowsOneClient() {
        assertThat(ConnectionLimit.defaultFor(OptionalLong.of(100))).isEqualTo(1);
    }

    @Test
    void zeroAsksForTheDefault() {
        assertThat(ConnectionLimit.decide(0, OptionalLong.of(2048)))
                .isEqualTo(2048 - ConnectionLimit.RESERVED_DESCRIPTORS);
    }

    @Test
    void aSmallExplicitLimitIsKeptOnThisProcess() {
        assertThat(ConnectionLimit.decide(2)).isEqualTo(2);
    }

    @Test
    void anExplicitLimitMayPassTheCeilingWhenTheDescriptorsAllow() {
        assertThat(ConnectionLimit.decide(15_000, OptionalLong.of(20_000))).isEqualTo(15_000);
        assertThat(ConnectionLimit.decide(50_000, ConnectionLimit.UNKNOWN)).isEqualTo(50_000);
        assertThat(ConnectionLimit.decide(3, OptionalLong.of(1024))).isEqualTo(3);
    }

    @Test
    void anExplicitLimitBeyondTheDescriptorsIsRefusedNamingTheFix() {
        int fits = 20_000 - ConnectionLimit.RESERVED_DESCRIPTORS;
        assertThat(ConnectionLimit.decide(fits, OptionalLong.of(20_000))).isEqualTo(fits);
        assertThatThrownBy(() -> ConnectionLimit.decide(fits + 1, OptionalLong.of(20_000)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--max-clients " + (fits + 1))
                .hasMessageContaining("may open only 20000")
                .hasMessageContaining("ulimit -n");
    }

    @Test
    void aNegativeLimitIsRefused() {
        assertThatThrownBy(() -> ConnectionLimit.decide(-1, OptionalLong.of(20_000)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--max-clients must be 0 (automatic) or positive");
    }

    @Test
    void thisProcessReportsItsDescriptorLimitOnLinux() {
        if (System.getProperty("os.name").startsWith("Linux")) {
            assertThat(ConnectionLimit.descriptorLimit()).isPresent();
            assertThat(ConnectionLimit.automatic())
                    .isEqualTo(ConnectionLimit.defaultFor(ConnectionLimit.descriptorLimit()));
        }
        assertThat(WebSocketConfig.defaults().maxConnections()).isEqualTo(ConnectionLimit.automatic());
    }
}
