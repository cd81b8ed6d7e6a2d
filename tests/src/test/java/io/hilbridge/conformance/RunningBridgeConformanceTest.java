package io.hilbridge.conformance;

import io.hilbridge.app.Bridge;
import io.hilbridge.app.BridgeConfig;
import io.hilbridge.ws.WireClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.hilbridge.ws.WireClient.BINARY;
import static io.hilbridge.ws.WireClient.CLOSE;
import static io.hilbridge.ws.WireClient.PING;
import static io.hilbridge.ws.WireClient.PONG;
import static io.hilbridge.ws.WireClient.TEXT;
import static io.hilbridge.ws.WireClient.close;
import static io.hilbridge.ws.WireClient.concat;
import static io.hilbridge.ws.WireClient.frame;
import static io.hilbridge.ws.WireClient.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The protocol rules that need no echo, checked against the real bridge (as the CLI starts it, with a loopback
 * board) rather than a test server: the /ws endpoint mounted by the HTTP layer behaves as the conformance suite
 * says. Data frames the bridge pushes on its own (state) are skipped while waiting for control frames.
 */
class RunningBridgeConformanceTest {
    static Bridge bridge;

    @BeforeAll
    static void start() {
        bridge = Bridge.start(BridgeConfig.loopback(), line -> {});
    }

    @AfterAll
    static void stop() {
        bridge.close();
    }

    static WireClient open() throws Exception {
        WireClient c = WireClient.open(bridge.httpPort());
        c.skipData = true;
        return c;
    }

    @Test
    void handshakeRules() throws Exception {
        String ok = WireClient.sampleRequest("Sec-WebSocket-Protocol: hilbridge.v1\r\n");
        try (WireClient c = WireClient.raw(bridge.httpPort())) {
            assertThat(c.handshake(ok)).isEqualTo(101);
            assertThat(c.head).contains("Sec-WebSocket-Protocol: hilbridge.v1");
        }
        try (WireClient c = WireClient.raw(bridge.httpPort())) {
            assertThat(c.handshake(ok.replace("Version: 13", "Version: 7"))).isEqualTo(426);
        }
        try (WireClient c = WireClient.raw(bridge.httpPort())) {
            assertThat(c.handshake(ok.replace("HTTP/1.1", "HTTP/1.0"))).isEqualTo(400);
        }
        try (WireClient c = WireClient.raw(bridge.httpPort())) {
            assertThat(c.handshake(WireClient.sampleRequest("Origin: http://evil.example\r\n")))
                    .isEqualTo(403);
        }
    }

    @Test
    void pingPongAndCleanClose() throws Exception {
        try (WireClient c = open()) {
            c.send(frame(true, 0, PING, utf8("bridge?")));
            c.expect(PONG, utf8("bridge?"));
            c.send(frame(true, 0, PONG, utf8("unasked")));
            c.expectAlive();
            c.send(close(1001, "going"));
            c.expectClose(1001);
        }
    }

    @ParameterizedTest(name = "first byte {0}")
    @ValueSource(ints = {0xC1, 0xA2, 0x91, 0x83, 0x8B, 0x80, 0x09})
    void framingErrorsCloseWith1002(int firstByte) throws Exception {
        // RSV bits, reserved opcodes, continuation without start, fragmented ping.
        try (WireClient c = open()) {
            c.send(frame(firstByte, utf8("x"), WireClient.FIXED_MASK));
            c.expectClose(1002);
        }
    }

    @Test
    void invalidUtf8ClosesWith1007() throws Exception {
        try (WireClient c = open()) {
            c.send(frame(true, 0, TEXT, new byte[] {'{', (byte) 0xED, (byte) 0xA0, (byte) 0x80}));
            c.expectClose(1007);
        }
    }

    @Test
    void oversizedMessageClosesWith1009() throws Exception {
        try (WireClient c = open()) {
            c.send(new byte[] {(byte) 0x82, (byte) 0xFF, 0, 0, 0, 0, 0x10, 0, 0, 0, 1, 2, 3, 4});
            c.expectClose(1009);
        }
    }

    @ParameterizedTest(name = "code {0}")
    @ValueSource(ints = {0, 1005, 1006, 1015, 2999, 5000})
    void invalidCloseCodesCloseWith1002(int code) throws Exception {
        try (WireClient c = open()) {
            c.send(close(code, ""));
            c.expectClose(1002);
        }
    }

    @Test
    void controlFramesBetweenFragmentsThenClose() throws Exception {
        try (WireClient c = open()) {
            c.send(concat(frame(false, 0, BINARY, new byte[3]), frame(true, 0, PING, utf8("mid"))));
            c.expect(PONG, utf8("mid"));
            c.send(frame(true, 0, CLOSE, new byte[0]));
            WireClient.Frame f = c.read();
            while (f.opcode() != CLOSE) {
                f = c.read();
            }
            assertThat(f.payload()).isEmpty();
            c.expectEof();
        }
    }
}
