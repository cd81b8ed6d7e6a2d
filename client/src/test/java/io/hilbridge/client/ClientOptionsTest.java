package io.hilbridge.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ClientOptions' documented defaults, each limit at its boundary (both sides), and each {@code with} changing one. */
class ClientOptionsTest {
    private static final ClientOptions D = ClientOptions.defaults();
    private static final Duration MS = Duration.ofMillis(1);

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        assertThat(D)
                .isEqualTo(new ClientOptions(
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(15),
                        Duration.ofSeconds(30),
                        Duration.ofMillis(100),
                        Duration.ofSeconds(5),
                        256,
                        1 << 20,
                        true,
                        Duration.ofSeconds(5)));
    }

    @Test
    void everyTimeoutMustBePositive() {
        assertThatThrownBy(() -> D.withConnectTimeout(Duration.ZERO)).hasMessage("connectTimeout must be > 0");
        assertThatThrownBy(() -> D.withConnectTimeout(MS.negated())).hasMessage("connectTimeout must be > 0");
        assertThat(D.withConnectTimeout(MS).connectTimeout()).isEqualTo(MS);
        assertThatThrownBy(() -> D.withCommandTimeout(Duration.ZERO)).hasMessage("commandTimeout must be > 0");
        assertThat(D.withCommandTimeout(MS).commandTimeout()).isEqualTo(MS);
        assertThatThrownBy(() -> new ClientOptions(
                        D.connectTimeout(),
                        D.commandTimeout(),
                        Duration.ZERO,
                        D.backoffInitial(),
                        D.backoffMax(),
                        D.maxPending(),
                        D.maxMessageChars(),
                        D.reconnect(),
                        D.pingInterval()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("resetTimeout must be > 0");
        assertThatThrownBy(() -> D.withBackoff(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessage("backoffInitial must be > 0");
    }

    @Test
    void theBackoffMaximumIsAtLeastItsStart() {
        assertThatThrownBy(() -> D.withBackoff(Duration.ofMillis(200), Duration.ofMillis(199)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("backoff: need backoffInitial <= backoffMax");
        ClientOptions equal = D.withBackoff(Duration.ofMillis(200), Duration.ofMillis(200));
        assertThat(equal.backoffInitial()).isEqualTo(Duration.ofMillis(200));
        assertThat(equal.backoffMax()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void theBoundsHaveTheirMinimums() {
        assertThatThrownBy(() -> D.withMaxPending(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxPending must be >= 1");
        assertThat(D.withMaxPending(1).maxPending()).isEqualTo(1);
        assertThatThrownBy(() -> D.withMaxMessageChars(1023))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxMessageChars must be >= 1024");
        assertThat(D.withMaxMessageChars(1024).maxMessageChars()).isEqualTo(1024);
        assertThatThrownBy(() -> D.withPingInterval(Duration.ofMillis(99)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pingInterval must be >= 100 ms");
        assertThat(D.withPingInterval(Duration.ofMillis(100)).pingInterval()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void eachWithChangesItsOwnOptionOnly() {
        Duration t = Duration.ofSeconds(3);
        assertThat(D.withConnectTimeout(t))
                .isEqualTo(copy(
                        t,
                        D.commandTimeout(),
                        D.backoffInitial(),
                        D.backoffMax(),
                        D.maxPending(),
                        D.maxMessageChars(),
                        D.reconnect(),
                        D.pingInterval()));
        assertThat(D.withCommandTimeout(t))
                .isEqualTo(copy(
                        D.connectTimeout(),
                        t,
                        D.backoffInitial(),
                        D.backoffMax(),
                        D.maxPending(),
                        D.maxMessageChars(),
                        D.reconnect(),
                        D.pingInterval()));
        assertThat(D.withBackoff(MS, t))
                .isEqualTo(copy(
                        D.connectTimeout(),
                        D.commandTimeout(),
                        MS,
                        t,
                        D.maxPending(),
                        D.maxMessageChars(),
                        D.reconnect(),
                        D.pingInterval()));
        assertThat(D.withMaxPending(7))
                .isEqualTo(copy(
                        D.connectTimeout(),
                        D.commandTimeout(),
                        D.backoffInitial(),
                        D.backoffMax(),
                        7,
                        D.maxMessageChars(),
                        D.reconnect(),
                        D.pingInterval()));
        assertThat(D.withMaxMessageChars(4096))
                .isEqualTo(copy(
                        D.connectTimeout(),
                        D.commandTimeout(),
                        D.backoffInitial(),
                        D.backoffMax(),
                        D.maxPending(),
                        4096,
                        D.reconnect(),
                        D.pingInterval()));
        assertThat(D.withReconnect(false))
                .isEqualTo(copy(
                        D.connectTimeout(),
                        D.commandTimeout(),
                        D.backoffInitial(),
                        D.backoffMax(),
                        D.maxPending(),
                        D.maxMessageChars(),
                        false,
                        D.pingInterval()));
        assertThat(D.withPingInterval(t))
                .isEqualTo(copy(
                        D.connectTimeout(),
                        D.commandTimeout(),
                        D.backoffInitial(),
                        D.backoffMax(),
                        D.maxPending(),
                        D.maxMessageChars(),
                        D.reconnect(),
                        t));
    }

    private static ClientOptions copy(
            Duration connect,
            Duration command,
            Duration backoffInitial,
            Duration backoffMax,
            int maxPending,
            int maxMessageChars,
            boolean reconnect,
            Duration ping) {
        return new ClientOptions(
                connect,
                command,
                D.resetTimeout(),
                backoffInitial,
                backoffMax,
                maxPending,
                maxMessageChars,
                reconnect,
                ping);
    }
}
