package io.hilbridge.ws;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Direct writes (WebSocketConnection's class comment): with few connections open, a send from another thread to an
 * idle connection is written by the sending thread; with more than {@link WebSocketConfig#directWriteMaxConnections()}
 * open, or from the connection's own IO thread, never. Either way every byte arrives, in order, and a close frame
 * follows everything sent before it.
 */
class DirectWriteOverSocketTest {

    private static long directWrites(WebSocket s) {
        return ((WebSocketConnection) s).directWrites();
    }

    @Test
    void aReplyFromAnotherThreadToAnIdleConnectionIsWrittenByThatThread() throws Exception {
        try (EchoServer server = new EchoServer(
                        WebSocketConfig.builder().directWriteMaxConnections(4).build());
                WireClient client = new WireClient(server.port)) {
            assertThat(client.handshake(WireClient.request(""))).isEqualTo(101);
            WebSocket socket = server.opened.poll(10, TimeUnit.SECONDS);
            int n = 200;
            for (int i = 0; i < n; i++) {
                assertThat(socket.sendText("reply " + i)).isTrue();
                assertThat(client.read().text()).isEqualTo("reply " + i); // idle again before the next send
            }
            // Each send finds the writer idle unless the IO thread happens to hold it at that instant (then the IO
            // thread writes it, as without direct writes): nearly all, and certainly some, are direct.
            assertThat(directWrites(socket)).isPositive().isLessThanOrEqualTo(n);
            long before = directWrites(socket);
            client.send(WireClient.frame(
                    0x81, "echoed on the IO thread".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertThat(client.read().text()).isEqualTo("echoed on the IO thread");
            assertThat(directWrites(socket))
                    .isEqualTo(before); // the connection's own IO thread never writes "directly"
        }
    }

    @Test
    void aboveTheConnectionThresholdEveryWriteIsLeftToTheIoThreads() throws Exception {
        try (EchoServer server = new EchoServer(
                WebSocketConfig.builder().directWriteMaxConnections(2).build())) {
            List<WireClient> clients = new ArrayList<>();
            try {
                List<WebSocket> sockets = server.openRawClients(3, clients);
                for (int i = 0; i < 50; i++) {
                    OutboundFrame f = OutboundFrame.text("state " + i);
                    for (WebSocket s : sockets) assertThat(s.send(f)).isTrue();
                    for (WireClient c : clients) assertThat(c.read().text()).isEqualTo("state " + i);
                }
                for (WebSocket s : sockets) assertThat(directWrites(s)).isZero();
            } finally {
                for (WireClient c : clients) c.close();
            }
        }
    }

    @ParameterizedTest(name = "directWriteMaxConnections {0}")
    @ValueSource(ints = {0, 16})
    void aCloseFromTheSendingThreadFollowsEverythingItSentBefore(int direct) throws Exception {
        try (EchoServer server = new EchoServer(WebSocketConfig.builder()
                        .directWriteMaxConnections(direct)
                        .maxQueuedBytes(32L * 1024 * 1024)
                        .build());
                WireClient client = new WireClient(server.port)) {
            assertThat(client.handshake(WireClient.request(""))).isEqualTo(101);
            WebSocket socket = server.opened.poll(10, TimeUnit.SECONDS);
            int n = 2_000;
            byte[] big = new byte[3_000]; // 6 MB in all: more than the socket buffers, so writes go partial
            Thread sender = new Thread(() -> {
                for (int i = 0; i < n; i++) {
                    big[0] = (byte) i;
                    socket.send(OutboundFrame.binary(big.clone()));
                }
                socket.close(1000, "done");
            });
            sender.start();
            for (int i = 0; i < n; i++) {
                WireClient.Frame f = client.read();
                assertThat(f.opcode()).as("frame %d", i).isEqualTo(2);
                assertThat(f.payload()).hasSize(big.length);
                assertThat(f.payload()[0]).isEqualTo((byte) i);
            }
            WireClient.Frame close = client.read();
            assertThat(close.opcode()).isEqualTo(8);
            assertThat(close.closeCode()).isEqualTo(1000);
            sender.join(10_000);
            client.send(WireClient.frame(0x88, new byte[] {0x03, (byte) 0xE8}, 0x11223344));
            assertThat(client.readsEof()).isTrue();
            client.close(); // the server drains input until EOF, then reports the close
            assertThat(server.events.poll(10, TimeUnit.SECONDS)).startsWith("open");
            assertThat(server.events.poll(10, TimeUnit.SECONDS)).isEqualTo("close 1000 done");
            if (direct == 0) assertThat(directWrites(socket)).isZero();
        }
    }
}
