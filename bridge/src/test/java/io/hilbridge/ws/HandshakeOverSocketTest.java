package io.hilbridge.ws;

import io.hilbridge.access.AccessPolicy;
import io.hilbridge.http.WebSocketAccess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The upgrade handler over real sockets: accepted and rejected handshakes, and bytes sent with the handshake. */
class HandshakeOverSocketTest {
    private EchoServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private int status(WebSocketConfig config, String request) throws Exception {
        if (server == null) {
            server = new EchoServer(config);
        }
        try (WireClient c = new WireClient(server.port)) {
            int status = c.handshake(request);
            if (status != 101) {
                // A rejected request is not upgraded: the server answers and closes the connection.
                assertThat(c.head).containsIgnoringCase("Connection: close");
            }
            return status;
        }
    }

    @Test
    void acceptsValidHandshakeWithAcceptKey() throws Exception {
        server = new EchoServer(WebSocketConfig.defaults());
        try (WireClient c = new WireClient(server.port)) {
            assertThat(c.handshake(WireClient.request("Sec-WebSocket-Protocol: other, hilbridge.v1\r\n")))
                    .isEqualTo(101);
            assertThat(c.head)
                    .contains("Sec-WebSocket-Accept: " + HandshakeValidator.acceptKey(WireClient.KEY))
                    .containsIgnoringCase("Upgrade: websocket")
                    .contains("Sec-WebSocket-Protocol: hilbridge.v1");
        }
    }

    @Test
    void acceptKeyMatchesRfcExample() {
        assertThat(HandshakeValidator.acceptKey("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    void framesSentWithTheHandshakeAreDecoded() throws Exception {
        server = new EchoServer(WebSocketConfig.defaults());
        try (WireClient c = new WireClient(server.port)) {
            byte[] req = WireClient.request("").getBytes(StandardCharsets.ISO_8859_1);
            byte[] frame = WireClient.frame(0x81, "early".getBytes(StandardCharsets.UTF_8));
            byte[] both = new byte[req.length + frame.length];
            System.arraycopy(req, 0, both, 0, req.length);
            System.arraycopy(frame, 0, both, req.length, frame.length);
            c.send(both);
            assertThat(c.readHead()).isEqualTo(101);
            assertThat(c.read().text()).isEqualTo("early");
        }
    }

    @Test
    void rejectsWrongVersionWith426() throws Exception {
        server = new EchoServer(WebSocketConfig.defaults());
        try (WireClient c = new WireClient(server.port)) {
            String req = WireClient.request("").replace("Version: 13", "Version: 8");
            assertThat(c.handshake(req)).isEqualTo(426);
            assertThat(c.head).contains("Sec-WebSocket-Version: 13");
        }
    }

    @Test
    void rejectsMalformedRequestsWith400() throws Exception {
        WebSocketConfig d = WebSocketConfig.defaults();
        assertThat(status(d, WireClient.request("").replace("Sec-WebSocket-Key: " + WireClient.KEY + "\r\n", "")))
                .isEqualTo(400);
        assertThat(status(d, WireClient.request("").replace(WireClient.KEY, "c2hvcnQ=")))
                .isEqualTo(400);
        assertThat(status(d, WireClient.request("Sec-WebSocket-Key: " + WireClient.KEY + "\r\n")))
                .isEqualTo(400);
        assertThat(status(d, WireClient.request("").replace("Upgrade: websocket", "Upgrade: h2c")))
                .isEqualTo(400);
        assertThat(status(d, WireClient.request("").replace("Connection: Upgrade", "Connection: keep-alive")))
                .isEqualTo(400);
        assertThat(status(d, WireClient.request("").replace("Connection: Upgrade", "Connection: Upgrade, close")))
                .isEqualTo(400);
        assertThat(status(d, WireClient.request("").replace("HTTP/1.1", "HTTP/1.0")))
                .isEqualTo(400);
        assertThat(status(d, WireClient.request("").replace("GET", "POST"))).isEqualTo(400);
        assertThat(status(d, WireClient.request("Content-Length: 4\r\n") + "\u0081\u0084ab"))
                .isEqualTo(400);
        assertThat(server.events).isEmpty();
    }

    @Test
    void connectionHeaderTokensAreCaseInsensitive() throws Exception {
        assertThat(status(
                        WebSocketConfig.defaults(),
                        WireClient.request("").replace("Connection: Upgrade", "Connection: keep-alive, UPGRADE")))
                .isEqualTo(101);
    }

    @Test
    void checksOrigin() throws Exception {
        WebSocketConfig c = WebSocketConfig.builder()
                .access(new WebSocketAccess(AccessPolicy.of("127.0.0.1", null, Set.of("http://Trusted.example:8080"))))
                .build();
        assertThat(status(c, WireClient.request("Origin: http://127.0.0.1\r\n")))
                .isEqualTo(101);
        assertThat(status(c, WireClient.request("Origin: http://trusted.example:8080\r\n")))
                .isEqualTo(101);
        assertThat(status(c, WireClient.request(""))).isEqualTo(101);
        assertThat(status(c, WireClient.request("Origin: http://evil.example\r\n")))
                .isEqualTo(403);
        assertThat(status(c, WireClient.request("Origin: null\r\n"))).isEqualTo(403);
        assertThat(status(c, WireClient.request("Origin: http://127.0.0.1:8080\r\n")))
                .isEqualTo(403);
    }

    @Test
    void checksToken() throws Exception {
        WebSocketConfig c = WebSocketConfig.builder()
                .access(new WebSocketAccess(AccessPolicy.of("127.0.0.1", "s3cret", Set.of())))
                .build();
        assertThat(status(c, WireClient.request(""))).isEqualTo(401);
        assertThat(status(c, WireClient.request("Authorization: Bearer wrong\r\n")))
                .isEqualTo(401);
        assertThat(status(c, WireClient.request("Authorization: Bearer s3cret\r\n")))
                .isEqualTo(101);
        assertThat(status(c, WireClient.request("").replace("/ws", "/ws?token=s3cret")))
                .isEqualTo(101);
        assertThat(status(c, WireClient.request("").replace("/ws", "/ws?token=s3cre")))
                .isEqualTo(401);
    }

    @Test
    void enforcesConnectionLimitWith503() throws Exception {
        server = new EchoServer(WebSocketConfig.builder().maxConnections(1).build());
        try (WireClient first = new WireClient(server.port)) {
            assertThat(first.handshake(WireClient.request(""))).isEqualTo(101);
            assertThat(server.opened.poll(10, TimeUnit.SECONDS)).isNotNull();
            try (WireClient second = new WireClient(server.port)) {
                assertThat(second.handshake(WireClient.request(""))).isEqualTo(503);
            }
        }
    }
}
