package io.hilbridge.ws;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The configuration's rules, each at its boundary on both sides: the smallest accepted value is kept, one below is
 * refused with an error naming the setting; and {@link WebSocketConfig#toBuilder()} carries every value over.
 */
class WebSocketConfigTest {

    @Test
    void maxMessageBytesIsAtLeastTheLargestControlFramePayload() {
        // RFC 6455 section 5.5: a control frame carries up to 125 bytes; a smaller message limit would be meaningless.
        assertThat(WebSocketConfig.builder().maxMessageBytes(125).build().maxMessageBytes())
                .isEqualTo(125);
        assertThatThrownBy(() -> WebSocketConfig.builder().maxMessageBytes(124))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxMessageBytes must be at least 125, was 124");
    }

    @Test
    void maxConnectionsIsAtLeastOne() {
        assertThat(WebSocketConfig.builder().maxConnections(1).build().maxConnections())
                .isEqualTo(1);
        assertThatThrownBy(() -> WebSocketConfig.builder().maxConnections(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxConnections must be at least 1, was 0");
    }

    @Test
    void maxQueuedBytesIsAtLeastOneKibibyte() {
        assertThat(WebSocketConfig.builder().maxQueuedBytes(1024).build().maxQueuedBytes())
                .isEqualTo(1024);
        assertThatThrownBy(() -> WebSocketConfig.builder().maxQueuedBytes(1023))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxQueuedBytes must be at least 1024, was 1023");
    }

    @Test
    void directWritesMayBeTurnedOffWithZeroButNotBelow() {
        assertThat(WebSocketConfig.builder()
                        .directWriteMaxConnections(0)
                        .build()
                        .directWriteMaxConnections())
                .isZero();
        assertThatThrownBy(() -> WebSocketConfig.builder().directWriteMaxConnections(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("directWriteMaxConnections must be at least 0, was -1");
    }

    @Test
    void everyTimeIsPositive() {
        checkPositive("handshakeTimeout", WebSocketConfig.Builder::handshakeTimeout, WebSocketConfig::handshakeTimeout);
        checkPositive("pingInterval", WebSocketConfig.Builder::pingInterval, WebSocketConfig::pingInterval);
        checkPositive("pongTimeout", WebSocketConfig.Builder::pongTimeout, WebSocketConfig::pongTimeout);
        checkPositive("closeTimeout", WebSocketConfig.Builder::closeTimeout, WebSocketConfig::closeTimeout);
    }

    private static void checkPositive(
            String name,
            BiFunction<WebSocketConfig.Builder, Duration, WebSocketConfig.Builder> set,
            Function<WebSocketConfig, Duration> get) {
        Duration ns = Duration.ofNanos(1);
        assertThat(get.apply(set.apply(WebSocketConfig.builder(), ns).build())).isEqualTo(ns);
        assertThatThrownBy(() -> set.apply(WebSocketConfig.builder(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(name + " must be positive, was PT0S");
        assertThatThrownBy(() -> set.apply(WebSocketConfig.builder(), ns.negated()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(name + " must be positive");
        assertThatThrownBy(() -> set.apply(WebSocketConfig.builder(), null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage(name);
    }

    @Test
    void toBuilderCarriesEveryValueOver() {
        UpgradeAccess access = (headers, token) -> null;
        WebSocketConfig original = WebSocketConfig.builder()
                .maxMessageBytes(1000)
                .handshakeTimeout(Duration.ofMillis(1))
                .maxConnections(2)
                .maxQueuedBytes(3000)
                .pingInterval(Duration.ofMillis(4))
                .pongTimeout(Duration.ofMillis(5))
                .closeTimeout(Duration.ofMillis(6))
                .access(access)
                .directWriteMaxConnections(7)
                .build();
        WebSocketConfig copy = original.toBuilder().build();
        assertThat(copy.maxMessageBytes()).isEqualTo(1000);
        assertThat(copy.handshakeTimeout()).isEqualTo(Duration.ofMillis(1));
        assertThat(copy.maxConnections()).isEqualTo(2);
        assertThat(copy.maxQueuedBytes()).isEqualTo(3000);
        assertThat(copy.pingInterval()).isEqualTo(Duration.ofMillis(4));
        assertThat(copy.pongTimeout()).isEqualTo(Duration.ofMillis(5));
        assertThat(copy.closeTimeout()).isEqualTo(Duration.ofMillis(6));
        assertThat(copy.access()).isSameAs(access);
        assertThat(copy.directWriteMaxConnections()).isEqualTo(7);
        assertThat(copy.toString()).isEqualTo(original.toString());
    }

    @Test
    void theDefaultAccessRefusesBrowsersOnly() {
        UpgradeAccess access = WebSocketConfig.defaults().access();
        assertThat(access).isSameAs(UpgradeAccess.NO_BROWSERS);
        assertThat(access.check(name -> List.of(), null)).isNull();
        UpgradeAccess.Refusal refusal =
                access.check(name -> name.equals("Origin") ? List.of("http://a.example") : List.of(), null);
        assertThat(refusal.status()).isEqualTo(403);
        assertThatThrownBy(() -> WebSocketConfig.builder().access(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("access");
    }
}
