package io.hilbridge.ws;

import io.hilbridge.concurrent.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static io.hilbridge.ws.WireClient.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One connection's life against a fake socket ({@link FakeSourceConduit}, {@link FakeSinkConduit}) on an IO thread
 * without a selector ({@link FakeIoThread}) and virtual timers: what the server reads, delivers, writes and closes
 * (RFC 6455 sections 5 and 7; websocket-api.md: back-pressure, queue bounds, close on end of input, liveness), with
 * each socket event happening exactly when the test says. The same rules over real sockets: ConnectionOverSocketTest,
 * LimitsOverSocketTest.
 */
class WebSocketConnectionTest {
    private static final WebSocketConfig CONFIG = WebSocketConfig.builder()
            .pingInterval(Duration.ofSeconds(10))
            .pongTimeout(Duration.ofSeconds(5))
            .closeTimeout(Duration.ofSeconds(3))
            .maxQueuedBytes(1024)
            .build();

    private final VirtualClock clock = new VirtualClock();
    private final FakeIoThread io = new FakeIoThread();
    private final FakeSourceConduit input = new FakeSourceConduit();
    private final FakeSinkConduit output = new FakeSinkConduit();
    private final FakeStreamConnection tcp = new FakeStreamConnection(io, input, output);
    /** What the listener heard and the connection's owner was told, in order. */
    private final List<String> heard = Collections.synchronizedList(new ArrayList<>());

    private boolean directWrites;
    private WebSocketConnection ws;

    /** Records every event; "close" makes it close with 1000, "throw" makes it fail. */
    private WebSocketListener listener = new WebSocketListener() {
        @Override
        public void onOpen(WebSocket socket) {
            heard.add("open");
        }

        @Override
        public void onText(WebSocket socket, String message) {
            heard.add("text:" + message);
            if (message.equals("close")) {
                socket.close(1000, "bye");
            } else if (message.equals("throw")) {
                throw new IllegalStateException("listener bug (test)");
            } else if (message.startsWith("echo")) {
                socket.sendText(message);
            }
        }

        @Override
        public void onBinary(WebSocket socket, byte[] message) {
            heard.add("binary:" + message.length);
            throw new IllegalStateException("listener bug (test)");
        }

        @Override
        public void onClose(WebSocket socket, int code, String reason) {
            heard.add("close " + code + " " + reason);
        }
    };

    @AfterEach
    void stop() {
        io.close();
    }

    private void open(WebSocketConfig config) {
        ws = new WebSocketConnection(
                tcp,
                config,
                listener,
                WebSocketConfig.SUBPROTOCOL,
                new FlushBatcher(io),
                () -> heard.add("slot freed"),
                () -> directWrites,
                new VirtualIoTimers(clock));
        io.run(ws::start);
    }

    private void open() {
        open(CONFIG);
    }

    /** The socket becomes readable: XNIO calls the read listener on the IO thread. */
    private void readable() {
        io.run(() -> ChannelListeners.invokeChannelListener(
                tcp.getSourceChannel(), tcp.getSourceChannel().getReadListener()));
    }

    /** {@code bytes} arrive in one piece and the socket becomes readable. */
    private void arrive(byte[] bytes) {
        input.arrive(bytes);
        readable();
    }

    /** The socket became writable again (the peer read): XNIO calls the write listener. */
    private void writable() {
        output.makeRoom();
        io.run(() -> ChannelListeners.invokeChannelListener(
                tcp.getSinkChannel(), tcp.getSinkChannel().getWriteListener()));
    }

    private void advance(Duration d) {
        io.run(() -> clock.advance(d));
    }

    /** What the server wrote, frame by frame, as "opcode:payload" (close frames as "close CODE"). */
    private List<String> sent() {
        io.run(() -> {}); // flushes queued before now have run
        try {
            List<String> out = new ArrayList<>();
            for (WireClient.Frame f : WireClient.frames(output.bytes())) {
                out.add(
                        f.opcode() == WireClient.CLOSE && f.payload().length >= 2
                                ? "close " + f.closeCode()
                                : f.opcode() + ":" + new String(f.payload(), StandardCharsets.UTF_8));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] text(String s) {
        return frame(0x81, s.getBytes(StandardCharsets.UTF_8));
    }

    // ---- reading ----------------------------------------------------------------------------------------------

    @Test
    void bytesThatCameWithTheHandshakeAreReadAtOnceThenReadsAreResumed() {
        input.arrive(text("early"));
        open();
        assertThat(heard).containsExactly("open", "text:early");
        assertThat(input.resumed()).isTrue();
    }

    @Test
    void repliesSentWhileAReadIsHandledGoOutWhenTheReadEndsInOneWrite() {
        open();
        input.arrive(WireClient.concat(text("echo 1"), text("echo 2")));
        byte[] afterTheRead = io.call(() -> {
            ChannelListeners.invokeChannelListener(
                    tcp.getSourceChannel(), tcp.getSourceChannel().getReadListener());
            return output.bytes();
        });
        assertThat(afterTheRead).as("written by the read handler itself").isNotEmpty();
        assertThat(sent()).containsExactly("1:echo 1", "1:echo 2");
        assertThat(output.writeCalls()).isEqualTo(1);
    }

    @Test
    void oneReadinessEventReadsAtMostSixteenBuffersSoOneClientCannotStarveTheOthers() {
        open(CONFIG.toBuilder().maxMessageBytes(2 << 20).build());
        byte[] big = text("x".repeat(20 * 64 * 1024));
        int chunk = 64 * 1024; // the read buffer's size: every read fills it
        for (int from = 0; from < big.length; from += chunk) {
            input.arrive(Arrays.copyOfRange(big, from, Math.min(big.length, from + chunk)));
        }
        int before = input.reads();
        readable();
        assertThat(input.reads() - before).isEqualTo(16);
        assertThat(heard).containsExactly("open");
        readable();
        assertThat(heard).hasSize(2);
        assertThat(heard.get(1)).hasSize("text:".length() + 20 * 64 * 1024);
    }

    @Test
    void endOfInputWithoutAClosingHandshakeClosesWith1006AndLeavesNoTimer() {
        open();
        input.end();
        readable();
        assertThat(heard).containsExactly("open", "slot freed", "close 1006 ");
        assertThat(tcp.isClosed()).isTrue();
        assertThat(clock.untilNext()).as("no ping timer after the close").isNull();
        assertThat(ws.isOpen()).isFalse();
    }

    @Test
    void aFailedReadClosesWith1006() {
        open();
        input.fail(new IOException("connection reset"));
        readable();
        assertThat(heard).containsExactly("open", "slot freed", "close 1006 ");
        assertThat(tcp.isClosed()).isTrue();
    }

    @Test
    void aSpuriousReadinessWithNoBytesIsNoSignOfLife() {
        open();
        advance(Duration.ofSeconds(10));
        assertThat(sent()).containsExactly("9:");
        advance(Duration.ofSeconds(4));
        readable(); // the selector woke us, but nothing arrived
        advance(Duration.ofSeconds(1));
        assertThat(heard).containsExactly("open", "slot freed", "close 1006 ");
    }

    @Test
    void anyBytesFromThePeerAnswerThePing() {
        open();
        advance(Duration.ofSeconds(10));
        advance(Duration.ofSeconds(4));
        arrive(text("still here"));
        advance(Duration.ofSeconds(1));
        assertThat(heard).containsExactly("open", "text:still here");
        assertThat(ws.isOpen()).isTrue();
    }

    @Test
    void aPingIsAnsweredWithAPongCarryingItsPayload() {
        open();
        arrive(frame(0x89, "p1".getBytes(StandardCharsets.US_ASCII)));
        assertThat(sent()).containsExactly("10:p1");
    }

    @Test
    void closingTheTcpConnectionFromOutsideTellsTheListenerOnce() {
        open();
        io.run(() -> IoUtils.safeClose(tcp));
        io.run(() -> IoUtils.safeClose(tcp));
        assertThat(heard).containsExactly("open", "slot freed", "close 1006 ");
        assertThat(clock.untilNext()).isNull();
    }

    // ---- the listener -----------------------------------------------------------------------------------------

    @Test
    void dataAfterOurCloseFrameIsReadButNotDelivered() {
        open();
        arrive(text("close"));
        assertThat(sent()).containsExactly("close 1000");
        arrive(WireClient.concat(text("late"), frame(0x82, new byte[3])));
        assertThat(heard).containsExactly("open", "text:close");
    }

    @Test
    void aListenerThatFailsInOnOpenClosesWith1011() {
        listener = new WebSocketListener() {
            @Override
            public void onOpen(WebSocket socket) {
                throw new IllegalStateException("listener bug (test)");
            }

            @Override
            public void onText(WebSocket socket, String message) {}

            @Override
            public void onClose(WebSocket socket, int code, String reason) {}
        };
        open();
        assertThat(sent()).containsExactly("close 1011");
    }

    @Test
    void aListenerThatFailsOnABinaryMessageClosesWith1011() {
        open();
        arrive(frame(0x82, new byte[3]));
        assertThat(heard).containsExactly("open", "binary:3");
        assertThat(sent()).containsExactly("close 1011");
    }

    @Test
    void aListenerThatFailsOnATextMessageClosesWith1011() {
        open();
        arrive(text("throw"));
        assertThat(sent()).containsExactly("close 1011");
    }

    @Test
    void theDefaultListenerRefusesBinaryMessagesWith1003() {
        listener = new WebSocketListener() {
            @Override
            public void onOpen(WebSocket socket) {}

            @Override
            public void onText(WebSocket socket, String message) {}

            @Override
            public void onClose(WebSocket socket, int code, String reason) {}
        };
        open();
        arrive(frame(0x82, new byte[3]));
        assertThat(sent()).containsExactly("close 1003");
    }

    // ---- sending ----------------------------------------------------------------------------------------------

    @Test
    void aSendFromAnotherThreadIsWrittenByTheIoThreadWhenDirectWritesAreOff() {
        open();
        assertThat(ws.sendText("hello")).isTrue();
        assertThat(sent()).containsExactly("1:hello");
        assertThat(ws.directWrites()).isZero();
    }

    @Test
    void aSendFromAnotherThreadIsWrittenBySenderWhileDirectWritesAreOn() {
        directWrites = true;
        open();
        assertThat(ws.sendText("hello")).isTrue();
        assertThat(output.bytes()).as("on the socket when send returns").isNotEmpty();
        assertThat(ws.directWrites()).isEqualTo(1);
        assertThat(sent()).containsExactly("1:hello");
    }

    @Test
    void aSendFromTheIoThreadOutsideAReadIsFlushedByTheIoThread() {
        open();
        io.run(() -> assertThat(ws.sendText("tick")).isTrue());
        assertThat(sent()).containsExactly("1:tick");
    }

    @Test
    void queuedBytesCountWhatTheSocketHasNotTakenYet() {
        open();
        output.room(0);
        io.run(() -> ws.sendText("abc"));
        assertThat(sent()).isEmpty();
        assertThat(ws.queuedBytes()).isEqualTo(5); // 2-byte header + 3 bytes
        writable();
        assertThat(sent()).containsExactly("1:abc");
        assertThat(ws.queuedBytes()).isZero();
    }

    @Test
    void aClientThatDoesNotReadIsClosedWith1008WhenItsQueueIsFull() {
        open();
        output.room(0);
        String chunk = "q".repeat(420);
        io.run(
                () -> { // one IO-thread step: nothing is taken by the writer in between
                    assertThat(ws.sendText(chunk)).isTrue();
                    assertThat(ws.sendText(chunk)).isTrue();
                    assertThat(ws.sendText(chunk))
                            .as("past the 1024-byte queue limit")
                            .isFalse();
                    assertThat(ws.isOpen()).isFalse();
                });
        writable();
        assertThat(sent())
                .as("the close frame does not wait behind the queued data")
                .containsExactly("close 1008");
    }

    @Test
    void aFailedWriteClosesWith1006() {
        open();
        output.fail(new IOException("broken pipe"));
        io.run(() -> ws.sendText("x"));
        io.run(() -> {}); // the flush it scheduled
        assertThat(heard).containsExactly("open", "slot freed", "close 1006 ");
        assertThat(tcp.isClosed()).isTrue();
    }

    @Test
    void nothingIsWrittenAfterTheConnectionClosed() {
        open();
        io.run(() -> {
            ws.sendText("x"); // its flush runs after this step
            IoUtils.safeClose(tcp);
        });
        io.run(() -> {});
        assertThat(output.writeCalls()).isZero();
    }

    // ---- closing ----------------------------------------------------------------------------------------------

    @Test
    void onlyCodesAnEndpointMaySendAreAccepted() {
        open();
        assertThatThrownBy(() -> ws.close(1004, "reserved")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ws.close(999, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ws.close(1006, "")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ws.isOpen()).isTrue();
        ws.close(1005, null); // no status: an empty close frame
        io.run(() -> {});
        assertThat(ws.isOpen()).isFalse();
        assertThat(sent()).containsExactly("8:");
    }

    @Test
    void aSecondCloseIsIgnored() {
        open();
        io.run(() -> {
            ws.close(1000, "first");
            assertThat(ws.isOpen())
                    .as("closed as soon as close returns on the IO thread")
                    .isFalse();
            ws.close(1001, "second");
        });
        assertThat(sent()).containsExactly("close 1000");
    }

    @Test
    void afterBothCloseFramesTheServerShutsItsOutputAndClosesOnThePeersEnd() {
        open();
        arrive(WireClient.close(1000, "done"));
        assertThat(sent()).containsExactly("close 1000");
        assertThat(output.terminated()).isTrue();
        assertThat(tcp.isClosed()).isFalse();
        input.end();
        readable();
        assertThat(heard).containsExactly("open", "slot freed", "close 1000 done");
        assertThat(clock.untilNext()).as("the close timer is cancelled").isNull();
    }

    @Test
    void aFailedShutdownClosesAtOnce() {
        open();
        output.failShutdown(new IOException("reset"));
        arrive(WireClient.close(1000, "done"));
        assertThat(tcp.isClosed()).isTrue();
        assertThat(heard).containsExactly("open", "slot freed", "close 1000 done");
    }

    @Test
    void theApiReportsItsPeerSubprotocolAndAttachment() {
        open();
        assertThat(ws.remoteAddress()).isEqualTo(FakeStreamConnection.PEER);
        assertThat(ws.subprotocol()).isEqualTo(WebSocketConfig.SUBPROTOCOL);
        assertThat(ws.attachment()).isNull();
        ws.attach("session");
        assertThat(ws.attachment()).isEqualTo("session");
    }
}
