package io.hilbridge.ws;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static io.hilbridge.ws.WireClient.frame;
import static org.assertj.core.api.Assertions.assertThat;

/** A connection's behaviour over a real socket: echo, ping/pong, close handshake, failing with close codes. */
class ConnectionOverSocketTest {
    private EchoServer server;
    private WireClient client;

    @BeforeEach
    void start() throws Exception {
        // A close timeout far beyond the client's 10 s read deadline: a close handshake that only ends by the timer
        // (our close frame written but not noticed) fails these tests instead of passing slowly.
        server = new EchoServer(WebSocketConfig.builder()
                .maxMessageBytes(1000)
                .closeTimeout(Duration.ofMinutes(2))
                .build());
        client = new WireClient(server.port);
        assertThat(client.handshake(WireClient.request(""))).isEqualTo(101);
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
    }

    private String serverEvent() throws InterruptedException {
        return server.events.poll(10, TimeUnit.SECONDS);
    }

    @Test
    void echoesAndAnswersPings() throws Exception {
        client.send(frame(0x81, "hi".getBytes(StandardCharsets.UTF_8)));
        assertThat(client.read().text()).isEqualTo("hi");
        client.send(frame(0x89, "abc".getBytes(StandardCharsets.UTF_8)));
        WireClient.Frame pong = client.read();
        assertThat(pong.opcode()).isEqualTo(0xA);
        assertThat(pong.text()).isEqualTo("abc");
    }

    @Test
    void shutdownWaitsForOpenConnectionsToClose() throws Exception {
        // HttpServer's drain on shutdown: no connection may be left when the HTTP server stops.
        assertThat(serverEvent()).startsWith("open");
        assertThat(server.handler.config().maxMessageBytes()).isEqualTo(1000);
        assertThat(server.handler.openConnections()).isEqualTo(1);
        assertThat(server.handler.awaitNoConnections(Duration.ZERO))
                .as("one connection is still open")
                .isFalse();
        client.send(frame(0x88, new byte[] {0x03, (byte) 0xE9}));
        assertThat(client.read().closeCode()).isEqualTo(1001);
        client.close();
        assertThat(server.handler.awaitNoConnections(Duration.ofSeconds(10)))
                .as("the connection closed within 10 s")
                .isTrue();
        assertThat(server.handler.openConnections()).isZero();
        assertThat(serverEvent()).isEqualTo("close 1001 ");
    }

    @Test
    void clientCloseIsEchoedThenServerClosesTcp() throws Exception {
        client.send(frame(0x88, new byte[] {0x03, (byte) 0xE8, 'x'}));
        WireClient.Frame close = client.read();
        assertThat(close.opcode()).isEqualTo(8);
        assertThat(close.closeCode()).isEqualTo(1000);
        assertThat(client.readsEof()).isTrue();
        client.close(); // a client closes its end on EOF; the server then finishes without waiting for a timeout
        assertThat(serverEvent()).startsWith("open");
        assertThat(serverEvent()).isEqualTo("close 1000 x");
    }

    @Test
    void emptyCloseIsEchoedEmpty() throws Exception {
        client.send(frame(0x88, new byte[0]));
        WireClient.Frame close = client.read();
        assertThat(close.payload()).isEmpty();
        assertThat(client.readsEof()).isTrue();
    }

    @Test
    void serverCloseWaitsForClientReply() throws Exception {
        client.send(frame(0x81, "close".getBytes(StandardCharsets.UTF_8)));
        WireClient.Frame close = client.read();
        assertThat(close.closeCode()).isEqualTo(1000);
        client.send(frame(0x88, new byte[] {0x03, (byte) 0xE8}));
        assertThat(client.readsEof()).isTrue();
        client.close(); // a client closes its end on EOF; the server then finishes without waiting for a timeout
        assertThat(serverEvent()).startsWith("open");
        assertThat(serverEvent()).isEqualTo("close 1000 bye");
    }

    @Test
    void protocolErrorClosesWith1002() throws Exception {
        client.send(frame(0xC1, "rsv".getBytes(StandardCharsets.UTF_8)));
        assertThat(client.read().closeCode()).isEqualTo(1002);
        assertThat(client.readsEof()).isTrue();
        client.close(); // a client closes its end on EOF; the server then finishes without waiting for a timeout
        assertThat(serverEvent()).startsWith("open");
        assertThat(serverEvent()).startsWith("close 1002");
    }

    @Test
    void invalidUtf8ClosesWith1007() throws Exception {
        client.send(frame(0x81, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}));
        assertThat(client.read().closeCode()).isEqualTo(1007);
        assertThat(client.readsEof()).isTrue();
    }

    @Test
    void tooBigClosesWith1009() throws Exception {
        client.send(frame(0x81, new byte[1001]));
        assertThat(client.read().closeCode()).isEqualTo(1009);
        assertThat(client.readsEof()).isTrue();
    }

    @Test
    void invalidCloseCodeClosesWith1002() throws Exception {
        client.send(frame(0x88, new byte[] {0x03, (byte) 0xED})); // 1005 must never be sent
        assertThat(client.read().closeCode()).isEqualTo(1002);
        assertThat(client.readsEof()).isTrue();
    }

    @Test
    void listenerFailureClosesWith1011() throws Exception {
        client.send(frame(0x81, "throw".getBytes(StandardCharsets.UTF_8)));
        assertThat(client.read().closeCode()).isEqualTo(1011);
        assertThat(client.readsEof()).isTrue();
        client.close();
        assertThat(serverEvent()).startsWith("open");
        assertThat(serverEvent()).startsWith("close 1011");
    }
}
