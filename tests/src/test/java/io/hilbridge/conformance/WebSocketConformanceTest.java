package io.hilbridge.conformance;

import io.hilbridge.ws.WireClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;

import static io.hilbridge.ws.WireClient.BINARY;
import static io.hilbridge.ws.WireClient.CLOSE;
import static io.hilbridge.ws.WireClient.PING;
import static io.hilbridge.ws.WireClient.PONG;
import static io.hilbridge.ws.WireClient.TEXT;
import static io.hilbridge.ws.WireClient.close;
import static io.hilbridge.ws.WireClient.concat;
import static io.hilbridge.ws.WireClient.frame;
import static io.hilbridge.ws.WireClient.text;
import static io.hilbridge.ws.WireClient.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conformance of hilbridge's WebSocket server layer, by the categories of the Autobahn test suite (framing,
 * ping/pong, reserved bits, opcodes, fragmentation, UTF-8, close handling, limits) plus the opening handshake. Every
 * check is raw bytes over a socket against a running server; "closes with N" always means: the server sends a close
 * frame with code N and then ends TCP cleanly (EOF, no reset).
 */
class WebSocketConformanceTest {
    static ConformanceServer server;

    @BeforeAll
    static void start() {
        server = new ConformanceServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static WireClient open() throws Exception {
        return WireClient.open(server.port);
    }

    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    @Nested
    class Handshake {
        int status(String request) throws Exception {
            try (WireClient c = WireClient.raw(server.port)) {
                return c.handshake(request);
            }
        }

        @Test
        void validUpgradeSwitchesProtocols() throws Exception {
            try (WireClient c = open()) {
                assertThat(c.head).startsWith("HTTP/1.1 101");
                c.closeCleanly();
            }
        }

        @Test
        void badRequestsAreRefusedBeforeUpgrading() throws Exception {
            String ok = WireClient.sampleRequest("");
            assertThat(status(ok.replace("GET", "PUT"))).isEqualTo(400);
            assertThat(status(ok.replace("HTTP/1.1", "HTTP/1.0"))).isEqualTo(400);
            assertThat(status(ok.replace("Connection: Upgrade", "Connection: Upgrade, close")))
                    .isEqualTo(400);
            assertThat(status(ok.replace("Upgrade: websocket\r\n", ""))).isEqualTo(400);
            assertThat(status(ok.replace("dGhlIHNhbXBsZSBub25jZQ==", "not-base64-at-all!!!!!!!")))
                    .isEqualTo(400);
            assertThat(status(ok.replace("Version: 13", "Version: 12"))).isEqualTo(426);
            assertThat(status(WireClient.sampleRequest("Origin: https://attacker.example\r\n")))
                    .isEqualTo(403);
        }
    }

    @Nested
    class Framing {
        @ParameterizedTest(name = "text of {0} bytes")
        @ValueSource(ints = {0, 1, 125, 126, 127, 128, 65535, 65536, 100_000})
        void textOfEveryLengthFormIsEchoed(int length) throws Exception {
            String s = "*".repeat(length);
            try (WireClient c = open()) {
                c.send(text(s));
                c.expectText(s);
                c.closeCleanly();
            }
        }

        @ParameterizedTest(name = "binary of {0} bytes")
        @ValueSource(ints = {0, 125, 126, 65535, 65536})
        void binaryOfEveryLengthFormIsEchoed(int length) throws Exception {
            byte[] b = bytes(length, 7);
            try (WireClient c = open()) {
                c.send(frame(true, 0, BINARY, b));
                c.expect(BINARY, b);
                c.closeCleanly();
            }
        }

        @ParameterizedTest(name = "in chunks of {0} bytes")
        @ValueSource(ints = {1, 2, 3, 7, 64, 997})
        void framesSplitAnywhereAreReassembled(int chunk) throws Exception {
            try (WireClient c = open()) {
                byte[] b = bytes(3000, 1);
                c.sendChunked(concat(text("first"), frame(true, 0, BINARY, b), text("last")), chunk);
                c.expectText("first");
                c.expect(BINARY, b);
                c.expectText("last");
                c.closeCleanly();
            }
        }

        @Test
        void manyFramesInOneWrite() throws Exception {
            try (WireClient c = open()) {
                byte[][] frames = new byte[100][];
                for (int i = 0; i < frames.length; i++) {
                    frames[i] = text("message " + i);
                }
                c.send(concat(frames));
                for (int i = 0; i < frames.length; i++) {
                    c.expectText("message " + i);
                }
                c.closeCleanly();
            }
        }

        @Test
        void unmaskedClientFrameClosesWith1002() throws Exception {
            try (WireClient c = open()) {
                c.send(new byte[] {(byte) 0x81, 0x02, 'h', 'i'});
                c.expectClose(1002);
            }
        }

        @Test
        void nonMinimalLengthClosesWith1002() throws Exception {
            try (WireClient c = open()) {
                c.send(new byte[] {(byte) 0x81, (byte) 0xFE, 0, 5, 1, 2, 3, 4, 'h', 'e', 'l', 'l', 'o'});
                c.expectClose(1002);
            }
        }
    }

    @Nested
    class PingPong {
        @ParameterizedTest(name = "ping with {0} bytes")
        @ValueSource(ints = {0, 1, 125})
        void pingIsAnsweredWithTheSamePayload(int length) throws Exception {
            byte[] p = bytes(length, 3);
            try (WireClient c = open()) {
                c.send(frame(true, 0, PING, p));
                c.expect(PONG, p);
                c.closeCleanly();
            }
        }

        @Test
        void pingOver125BytesClosesWith1002() throws Exception {
            try (WireClient c = open()) {
                c.send(frame(true, 0, PING, new byte[126]));
                c.expectClose(1002);
            }
        }

        @Test
        void unsolicitedPongIsIgnored() throws Exception {
            try (WireClient c = open()) {
                c.send(frame(true, 0, PONG, utf8("unasked")));
                c.expectAlive();
                c.closeCleanly();
            }
        }

        @Test
        void tenPingsInOneWriteGetTenPongs() throws Exception {
            try (WireClient c = open()) {
                byte[][] pings = new byte[10][];
                for (int i = 0; i < 10; i++) {
                    pings[i] = frame(true, 0, PING, utf8("p" + i));
                }
                c.send(concat(pings));
                for (int i = 0; i < 10; i++) {
                    c.expect(PONG, utf8("p" + i));
                }
                c.closeCleanly();
            }
        }

        @Test
        void fragmentedPingClosesWith1002() throws Exception {
            try (WireClient c = open()) {
                c.send(frame(false, 0, PING, utf8("half")));
                c.expectClose(1002);
            }
        }
    }

    @Nested
    class ReservedBits {
        @ParameterizedTest(name = "RSV {0}")
        @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7})
        void anyRsvBitClosesWith1002(int rsv) throws Exception {
            try (WireClient c = open()) {
                c.send(text("before"));
                c.expectText("before");
                c.send(frame(true, rsv, rsv % 2 == 0 ? TEXT : PING, utf8("rsv")));
                c.expectClose(1002);
            }
        }

        @Test
        void rsvOnBinaryAfterValidFramesInTheSameWrite() throws Exception {
            try (WireClient c = open()) {
                c.send(concat(text("ok"), frame(true, 4, BINARY, new byte[3]), text("never echoed")));
                c.expectText("ok");
                c.expectClose(1002);
            }
        }
    }

    @Nested
    class Opcodes {
        @ParameterizedTest(name = "opcode {0}")
        @ValueSource(ints = {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF})
        void reservedOpcodesCloseWith1002(int opcode) throws Exception {
            try (WireClient c = open()) {
                c.send(frame(true, 0, opcode, utf8("x")));
                c.expectClose(1002);
            }
        }
    }

    @Nested
    class Fragmentation {
        @Test
        void fragmentsAreJoined() throws Exception {
            try (WireClient c = open()) {
                c.send(concat(
                        frame(false, 0, TEXT, utf8("frag")),
                        frame(false, 0, 0, utf8("men")),
                        frame(true, 0, 0, utf8("ted"))));
                c.expectText("fragmented");
                c.closeCleanly();
            }
        }

        @Test
        void controlFramesMayArriveBetweenFragments() throws Exception {
            try (WireClient c = open()) {
                c.send(frame(false, 0, TEXT, utf8("one ")));
                c.send(frame(true, 0, PING, utf8("between")));
                c.expect(PONG, utf8("between"));
                c.send(frame(true, 0, PONG, utf8("unasked")));
                c.send(frame(true, 0, 0, utf8("two")));
                c.expectText("one two");
                c.closeCleanly();
            }
        }

        @Test
        void fragmentedBinaryOneByteFragments() throws Exception {
            byte[] b = bytes(50, 9);
            byte[][] parts = new byte[b.length][];
            for (int i = 0; i < b.length; i++) {
                parts[i] = frame(i == b.length - 1, 0, i == 0 ? BINARY : 0, new byte[] {b[i]});
            }
            try (WireClient c = open()) {
                c.send(concat(parts));
                c.expect(BINARY, b);
                c.closeCleanly();
            }
        }

        @Test
        void emptyFragments() throws Exception {
            try (WireClient c = open()) {
                c.send(concat(
                        frame(false, 0, TEXT, new byte[0]),
                        frame(false, 0, 0, new byte[0]),
                        frame(true, 0, 0, new byte[0])));
                c.expectText("");
                c.closeCleanly();
            }
        }

        @Test
        void continuationWithoutStartClosesWith1002() throws Exception {
            try (WireClient c = open()) {
                c.send(frame(true, 0, 0, utf8("orphan")));
                c.expectClose(1002);
            }
        }

        @Test
        void newMessageInsideFragmentedOneClosesWith1002() throws Exception {
            try (WireClient c = open()) {
                c.send(concat(frame(false, 0, TEXT, utf8("a")), frame(true, 0, TEXT, utf8("b"))));
                c.expectClose(1002);
            }
        }

        @Test
        void fragmentedCloseClosesWith1002() throws Exception {
            try (WireClient c = open()) {
                c.send(frame(false, 0, CLOSE, new byte[] {0x03, (byte) 0xE8}));
                c.expectClose(1002);
            }
        }
    }

    @Nested
    class Utf8 {
        @ParameterizedTest(name = "[{index}]")
        @ValueSource(
                strings = {
                    "κόσμε",
                    "Hello-µ@ßöäüàá-UTF-8!!",
                    "𝄞 clef",
                    "\u0000",
                    "\uFFFF",
                    "\uD7FF\uE000",
                    "\uDBFF\uDFFF"
                })
        void validTextIsEchoed(String s) throws Exception {
            try (WireClient c = open()) {
                c.send(text(s));
                c.expectText(s);
                c.closeCleanly();
            }
        }

        @Test
        void validTextSplitInsideCharactersAcrossFragments() throws Exception {
            byte[] b = utf8("κόσμε 𝄞");
            byte[][] parts = new byte[b.length][];
            for (int i = 0; i < b.length; i++) {
                parts[i] = frame(i == b.length - 1, 0, i == 0 ? TEXT : 0, new byte[] {b[i]});
            }
            try (WireClient c = open()) {
                c.send(concat(parts));
                c.expectText("κόσμε 𝄞");
                c.closeCleanly();
            }
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(
                strings = {
                    "C0AF",
                    "E080AF",
                    "F08080AF",
                    "EDA080",
                    "EDBFBF",
                    "F4908080",
                    "F5",
                    "FE",
                    "FF",
                    "80",
                    "CEBAE1BDB9CF83CEBCCEB5EDA080656469746564",
                    "C0",
                    "E282",
                    "6869C3"
                })
        void invalidTextClosesWith1007(String hex) throws Exception {
            try (WireClient c = open()) {
                c.send(frame(true, 0, TEXT, java.util.HexFormat.of().parseHex(hex.toLowerCase())));
                c.expectClose(1007);
            }
        }

        @Test
        void failsFastBeforeTheMessageEnds() throws Exception {
            // The first fragment holds an invalid byte; the rest of the message is never sent.
            try (WireClient c = open()) {
                c.send(frame(false, 0, TEXT, new byte[] {'o', 'k', (byte) 0xF4, (byte) 0x90}));
                c.expectClose(1007);
            }
        }

        @Test
        void failsFastInsideAFrame() throws Exception {
            // Only the first bytes of a long frame are sent; the invalid one is among them.
            try (WireClient c = open()) {
                byte[] f = frame(
                        true, 0, TEXT, concat(utf8("valid "), new byte[] {(byte) 0xED, (byte) 0xA0}, new byte[1000]));
                c.send(Arrays.copyOf(f, 20));
                c.expectClose(1007);
            }
        }
    }

    @Nested
    class CloseHandling {
        @ParameterizedTest(name = "code {0}")
        @ValueSource(
                ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999})
        void validCodesAreEchoed(int code) throws Exception {
            try (WireClient c = open()) {
                c.send(close(code, "reason ✓"));
                c.expectClose(code);
            }
        }

        @ParameterizedTest(name = "code {0}")
        @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535})
        void invalidCodesCloseWith1002(int code) throws Exception {
            try (WireClient c = open()) {
                c.send(close(code, ""));
                c.expectClose(1002);
            }
        }

        @Test
        void emptyCloseIsEchoedEmpty() throws Exception {
            try (WireClient c = open()) {
                c.send(frame(true, 0, CLOSE, new byte[0]));
                WireClient.Frame f = c.read();
                assertThat(f.opcode()).isEqualTo(CLOSE);
                assertThat(f.payload()).isEmpty();
                c.expectEof();
            }
        }

        @Test
        void oneBytePayloadClosesWith1002() throws Exception {
            try (WireClient c = open()) {
                c.send(frame(true, 0, CLOSE, new byte[] {0x03}));
                c.expectClose(1002);
            }
        }

        @Test
        void invalidUtf8ReasonClosesWith1002() throws Exception {
            try (WireClient c = open()) {
                c.send(frame(true, 0, CLOSE, new byte[] {0x03, (byte) 0xE8, (byte) 0xC0, (byte) 0xAF}));
                c.expectClose(1002);
            }
        }

        @Test
        void longestReasonIsAccepted() throws Exception {
            try (WireClient c = open()) {
                c.send(close(1000, "r".repeat(123)));
                c.expectClose(1000);
            }
        }

        @Test
        void nothingIsProcessedAfterClose() throws Exception {
            try (WireClient c = open()) {
                c.send(concat(close(1000, ""), text("after close"), frame(true, 0, PING, utf8("after"))));
                c.expectClose(1000);
            }
        }

        @Test
        void closeBetweenFragmentsIsHonoured() throws Exception {
            try (WireClient c = open()) {
                c.send(concat(frame(false, 0, TEXT, utf8("part")), close(1000, "")));
                c.expectClose(1000);
            }
        }
    }

    @Nested
    class Limits {
        @Test
        void largestAllowedMessageIsEchoed() throws Exception {
            byte[] b = bytes(ConformanceServer.MAX_MESSAGE, 5);
            try (WireClient c = open()) {
                c.sendChunked(frame(true, 0, BINARY, b), 8192);
                c.expect(BINARY, b);
                c.closeCleanly();
            }
        }

        @Test
        void oversizedFrameClosesWith1009FromItsHeader() throws Exception {
            try (WireClient c = open()) {
                // Announce 1 MiB, send only the header: the server must not wait for (or buffer) the payload.
                c.send(new byte[] {(byte) 0x82, (byte) 0xFF, 0, 0, 0, 0, 0, 0x10, 0, 0, 1, 2, 3, 4});
                c.expectClose(1009);
            }
        }

        @Test
        void oversizedFragmentedMessageClosesWith1009() throws Exception {
            try (WireClient c = open()) {
                int half = ConformanceServer.MAX_MESSAGE / 2 + 1;
                c.send(frame(false, 0, BINARY, new byte[half]));
                c.send(frame(true, 0, 0, new byte[half]));
                c.expectClose(1009);
            }
        }

        @Test
        void hugeLengthWithMostSignificantBitClosesWith1002() throws Exception {
            try (WireClient c = open()) {
                c.send(new byte[] {(byte) 0x82, (byte) 0xFF, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4});
                c.expectClose(1002);
            }
        }
    }
}
