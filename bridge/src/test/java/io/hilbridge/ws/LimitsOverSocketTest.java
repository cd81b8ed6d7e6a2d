package io.hilbridge.ws;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xnio.Options;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static io.hilbridge.ws.WireClient.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Limits and timeouts over real sockets: slow clients, idle pings, half-open peers, slowloris handshakes. */
class LimitsOverSocketTest {
    private EchoServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static boolean endsOrResets(WireClient c) {
        try {
            while (c.in.read() >= 0) {
                // skip whatever was still buffered
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset counts as ended
        }
    }

    @Test
    void slowClientIsClosedWith1008WhenItsQueueIsFull() throws Exception {
        server = new EchoServer(WebSocketConfig.builder()
                .maxQueuedBytes(256 * 1024)
                .closeTimeout(Duration.ofMillis(300))
                .build());
        try (WireClient c = new WireClient(server.port)) {
            c.socket.setReceiveBufferSize(4096);
            assertThat(c.handshake(WireClient.request(""))).isEqualTo(101);
            WebSocket ws = server.opened.poll(10, TimeUnit.SECONDS);
            OutboundFrame chunk = OutboundFrame.text("s".repeat(60_000));
            int sent = 0;
            // The client never reads: kernel buffers fill, then our queue, then the policy applies.
            while (ws.send(chunk)) {
                sent++;
                assertThat(sent).as("sends accepted before the limit").isLessThan(100_000);
                if (ws.queuedBytes() > 0 && sent % 16 == 0) {
                    Thread.yield();
                }
            }
            assertThat(ws.queuedBytes()).isLessThanOrEqualTo(256 * 1024);
            assertThat(server.events.poll(10, TimeUnit.SECONDS)).startsWith("open");
            assertThat(server.events.poll(10, TimeUnit.SECONDS)).isEqualTo("close 1008 send queue full");
            assertThat(ws.isOpen()).isFalse();
            assertThat(ws.send(chunk)).isFalse();
        }
    }

    @Test
    void idleConnectionIsPingedAndKeptWhileItAnswers() throws Exception {
        server = new EchoServer(WebSocketConfig.builder()
                .pingInterval(Duration.ofMillis(200))
                .pongTimeout(Duration.ofMillis(300))
                .build());
        try (WireClient c = new WireClient(server.port)) {
            assertThat(c.handshake(WireClient.request(""))).isEqualTo(101);
            for (int i = 0; i < 2; i++) {
                WireClient.Frame ping = c.read();
                assertThat(ping.opcode()).isEqualTo(0x9);
                c.send(frame(0x8A, ping.payload()));
            }
            c.send(frame(0x81, "still here".getBytes(StandardCharsets.UTF_8)));
            WireClient.Frame f = c.read();
            while (f.opcode() == 0x9) {
                f = c.read();
            }
            assertThat(f.text()).isEqualTo("still here");
        }
    }

    @Test
    void halfOpenConnectionIsDroppedAfterAMissedPong() throws Exception {
        server = new EchoServer(WebSocketConfig.builder()
                .pingInterval(Duration.ofMillis(200))
                .pongTimeout(Duration.ofMillis(200))
                .build());
        try (WireClient c = new WireClient(server.port)) {
            assertThat(c.handshake(WireClient.request(""))).isEqualTo(101);
            assertThat(c.read().opcode()).isEqualTo(0x9);
            // No pong: the server gives up on the peer.
            assertThat(endsOrResets(c)).isTrue();
            assertThat(server.events.poll(10, TimeUnit.SECONDS)).startsWith("open");
            assertThat(server.events.poll(10, TimeUnit.SECONDS)).isEqualTo("close 1006 ");
            assertThat(server.handler.openConnections()).isZero();
        }
    }

    @Test
    void slowlorisHandshakeIsCut() throws Exception {
        server = new EchoServer(WebSocketConfig.builder()
                .handshakeTimeout(Duration.ofMillis(300))
                .build());
        try (WireClient c = new WireClient(server.port)) {
            c.send("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(endsOrResets(c))
                    .as("server ends a handshake that never completes")
                    .isTrue();
        }
        assertThat(server.events).isEmpty();
    }

    @Test
    void serverReadTimeoutDoesNotCutUpgradedConnections() throws Exception {
        server = new EchoServer(WebSocketConfig.defaults(), b -> b.setSocketOption(Options.READ_TIMEOUT, 200));
        try (WireClient c = new WireClient(server.port)) {
            assertThat(c.handshake(WireClient.request(""))).isEqualTo(101);
            c.socket.setSoTimeout(1000);
            // Idle for five read timeouts: nothing may arrive, in particular no EOF.
            assertThatThrownBy(() -> c.in.read()).isInstanceOf(SocketTimeoutException.class);
            c.socket.setSoTimeout(10_000);
            c.send(frame(0x81, "alive".getBytes(StandardCharsets.UTF_8)));
            assertThat(c.read().text()).isEqualTo("alive");
        }
    }

    @Test
    void connectionLimitCountsDown() throws Exception {
        server = new EchoServer(WebSocketConfig.builder().maxConnections(2).build());
        for (int round = 0; round < 3; round++) {
            try (WireClient a = new WireClient(server.port);
                    WireClient b = new WireClient(server.port)) {
                assertThat(a.handshake(WireClient.request(""))).isEqualTo(101);
                assertThat(b.handshake(WireClient.request(""))).isEqualTo(101);
                a.send(frame(0x88, new byte[0]));
                b.send(frame(0x88, new byte[0]));
                assertThat(a.read().opcode()).isEqualTo(8);
                assertThat(b.read().opcode()).isEqualTo(8);
                assertThat(a.readsEof()).isTrue();
                assertThat(b.readsEof()).isTrue();
            }
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> server.handler.openConnections() == 0);
        }
    }

    @Test
    void closeHandshakeThePeerNeverFinishesEndsAfterTheTimeout() throws Exception {
        server = new EchoServer(
                WebSocketConfig.builder().closeTimeout(Duration.ofMillis(300)).build());
        try (WireClient c = new WireClient(server.port)) {
            assertThat(c.handshake(WireClient.request(""))).isEqualTo(101);
            c.send(frame(0x81, "close".getBytes(StandardCharsets.UTF_8)));
            assertThat(c.read().closeCode()).isEqualTo(1000);
            // The client never answers the close frame: the server gives up and closes TCP.
            assertThat(endsOrResets(c)).isTrue();
            assertThat(server.events.poll(10, TimeUnit.SECONDS)).startsWith("open");
            assertThat(server.events.poll(10, TimeUnit.SECONDS)).isEqualTo("close 1000 bye");
            assertThat(server.handler.openConnections()).isZero();
        }
    }
}
