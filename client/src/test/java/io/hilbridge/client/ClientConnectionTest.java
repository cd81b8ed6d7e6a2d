package io.hilbridge.client;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Connecting, being refused, finding nobody, and coming back after the bridge restarted: each a clear outcome
 * within a deadline.
 */
class ClientConnectionTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void reconnectsAfterTheBridgeRestartsOnTheSamePortAndResyncs() {
        try (InProcessBridge bridge = InProcessBridge.start();
                HilbridgeClient client = HilbridgeClient.connect(
                        bridge.ws(),
                        null,
                        ClientOptions.defaults()
                                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(400))
                                .withPingInterval(Duration.ofMillis(500)))) {
            Recorder r = new Recorder();
            client.addListener(r);
            client.set("board0", 1, LightChange.turnOn().brightness(77)).join();

            bridge.stop();
            await("the listener is told the connection is down")
                    .atMost(WAIT)
                    .until(() -> r.connection.contains("down"));
            assertThat(client.connected()).isFalse();
            assertThat(r.connection).containsExactly("down");
            HilbridgeException whileDown = HilbridgeException.of(client.set("board0", 0, LightChange.turnOn())
                    .handle((v, e) -> e)
                    .join());
            assertThat(whileDown.errorCode()).isEqualTo(ErrorCode.DISCONNECTED);
            assertThat(whileDown.getMessage())
                    .contains("not connected to " + bridge.ws())
                    .contains("reconnect attempt");

            await("four failed reconnect attempts")
                    .atMost(WAIT)
                    .until(() -> client.mirror().connectionState().contains("reconnect attempt 5"));
            assertThat(client.scheduledTasks())
                    .as("failed attempts leave no timers behind")
                    .isLessThanOrEqualTo(2);

            bridge.startAgain();
            await("the listener is told the connection is up again")
                    .atMost(WAIT)
                    .until(() -> r.connection.contains("up"));
            assertThat(client.connected()).isTrue();
            assertThat(r.connection).containsExactly("down", "up");
            // The new bridge has a freshly booted board: all lights off. The view came from the new hello.
            assertThat(client.device("board0")
                            .orElseThrow()
                            .light(1)
                            .orElseThrow()
                            .state()
                            .on())
                    .isFalse();
            assertThat(r.states)
                    .anyMatch(e -> e.light() == 1
                            && e.cause() == StateCause.SNAPSHOT
                            && !e.state().on());
            client.set("board0", 1, LightChange.turnOn()).join();
            assertThat(bridge.board().lights().get(1).on()).isTrue();
        }
    }

    @Test
    void aBridgeThatFallsSilentWithoutClosingIsNoticedByPing() throws IOException {
        try (InProcessBridge bridge = InProcessBridge.start();
                SilentProxy proxy = new SilentProxy(bridge.ws().getPort());
                HilbridgeClient client = HilbridgeClient.connect(
                        URI.create("ws://127.0.0.1:" + proxy.port() + "/ws"),
                        null,
                        ClientOptions.defaults()
                                .withPingInterval(Duration.ofMillis(300))
                                .withReconnect(false))) {
            Recorder r = new Recorder();
            client.addListener(r);
            client.set("board0", 0, LightChange.turnOn()).join();

            proxy.silence();

            await("the client counts the silent connection as down")
                    .atMost(WAIT)
                    .until(() -> r.connection.contains("down"));
            assertThat(r.connectionDetails.get(0)).contains("not even an answer to a ping");
            assertThat(client.connected()).isFalse();
        }
    }

    @Test
    void aWrongTokenIsRefusedWithAClearError() {
        try (InProcessBridge bridge = InProcessBridge.withToken("right-token")) {
            assertThatThrownBy(() -> HilbridgeClient.connect(bridge.ws(), "wrong-token"))
                    .isInstanceOfSatisfying(
                            HilbridgeException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.REFUSED))
                    .hasMessageContaining("HTTP 401")
                    .hasMessageContaining("token")
                    .hasMessageContaining(bridge.ws().toString());
            assertThatThrownBy(() -> HilbridgeClient.connect(bridge.ws(), null))
                    .as("no token at all")
                    .hasMessageContaining("HTTP 401");
            try (HilbridgeClient ok = HilbridgeClient.connect(bridge.ws(), "right-token")) {
                ok.set("board0", 0, LightChange.turnOn()).join();
                assertThat(bridge.board().lights().get(0).on()).isTrue();
            }
        }
    }

    @Test
    void anUnreachableAddressFailsClearlyWithinItsDeadline() throws IOException {
        int freePort;
        try (ServerSocket s = new ServerSocket(0)) {
            freePort = s.getLocalPort();
        }
        URI nowhere = URI.create("ws://127.0.0.1:" + freePort + "/ws");
        ClientOptions quick = ClientOptions.defaults().withConnectTimeout(Duration.ofSeconds(2));
        HilbridgeException e = assertTimeoutPreemptively(
                Duration.ofSeconds(10),
                () -> {
                    try {
                        HilbridgeClient.connect(nowhere, null, quick).close();
                        return null;
                    } catch (HilbridgeException x) {
                        return x;
                    }
                },
                "connect to a port where nothing listens must fail, not hang");
        assertThat(e).isNotNull();
        assertThat(e.errorCode()).isEqualTo(ErrorCode.CONNECT_FAILED);
        assertThat(e.getMessage()).contains(nowhere.toString()).contains("is the bridge running");
    }

    @Test
    void aMessageOverTheLimitEndsTheConnectionWithTheReason() {
        ClientOptions tiny = ClientOptions.defaults().withMaxMessageChars(1024).withReconnect(false);
        try (InProcessBridge bridge = InProcessBridge.start()) {
            // the simulated board's hello (four lights with states) is longer than 1024 characters
            assertThatThrownBy(() -> HilbridgeClient.connect(bridge.ws(), null, tiny))
                    .isInstanceOfSatisfying(
                            HilbridgeException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CONNECT_FAILED))
                    .hasMessageContaining("a message over 1024 characters");
        }
    }

    @Test
    void aNonWebSocketAddressIsNamedWithWhatIsAccepted() {
        assertThatThrownBy(() -> HilbridgeClient.connect(URI.create("http://127.0.0.1:8080/"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http://127.0.0.1:8080/")
                .hasMessageContaining("ws://HOST:PORT/ws");
    }

    @Test
    void aServerThatIsNotTheBridgeIsNamed() {
        try (InProcessBridge bridge = InProcessBridge.start()) {
            URI notWs = URI.create("ws://127.0.0.1:" + bridge.ws().getPort() + "/nothing-here");
            assertThatThrownBy(() -> HilbridgeClient.connect(notWs, null))
                    .isInstanceOfSatisfying(
                            HilbridgeException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CONNECT_FAILED))
                    .hasMessageContaining("instead of a WebSocket handshake");
        }
    }
}
