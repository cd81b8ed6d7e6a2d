package io.hilbridge.ws;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sends from many threads at once, one encoded frame shared by every socket: all arrive, each sender in order; and
 * shared frames of every size, larger than the writer's gather buffer too, arrive byte for byte through partial
 * writes. Each runs with direct writes from the sending threads (a few clients, the default) and without (every
 * write on the IO threads).
 */
class BroadcastOverSocketTest {

    private static byte[] pattern(int frame, int size) {
        byte[] b = new byte[size];
        for (int j = 0; j < size; j++) {
            b[j] = (byte) (frame * 31 + j * 7 + (j >>> 9));
        }
        return b;
    }

    @ParameterizedTest(name = "directWriteMaxConnections {0}")
    @ValueSource(ints = {0, 16})
    void sharedFramesOfEverySizeSurvivePartialWritesByteForByte(int direct) throws Exception {
        int[] sizes = {
            0,
            1,
            125,
            126,
            65_535,
            65_536,
            FlushBatcher.GATHER_BYTES - 3,
            FlushBatcher.GATHER_BYTES + 5,
            700_000,
            17,
            3,
            40_000,
            1_000_000,
            2
        };
        int clients = 3;
        // About 7 MB per client, read only once everything was sent: more than loopback's socket buffers take (Linux
        // gives a send buffer at most 4 MB, an unread receive buffer stays small), so writes come back partial.
        int rounds = 3;
        WebSocketConfig config = WebSocketConfig.builder()
                .maxQueuedBytes(64L * 1024 * 1024)
                .directWriteMaxConnections(direct)
                .build();
        try (EchoServer server = new EchoServer(config)) {
            List<WireClient> raw = new ArrayList<>();
            List<WebSocket> sockets = server.openRawClients(clients, raw);
            byte[][] payloads = new byte[sizes.length][];
            for (int f = 0; f < sizes.length; f++) {
                payloads[f] = pattern(f, sizes[f]);
            }
            for (int r = 0; r < rounds; r++) {
                for (byte[] p : payloads) {
                    OutboundFrame frame = OutboundFrame.binary(p); // one encoding, shared by every client
                    for (WebSocket s : sockets) {
                        assertThat(s.send(frame)).isTrue();
                    }
                }
            }
            for (WireClient c : raw) {
                for (int r = 0; r < rounds; r++) {
                    for (int f = 0; f < sizes.length; f++) {
                        WireClient.Frame got = c.read();
                        assertThat(got.opcode()).isEqualTo(2);
                        assertThat(got.payload())
                                .as("round %d frame %d (%d bytes)", r, f, sizes[f])
                                .isEqualTo(payloads[f]);
                    }
                }
                c.close();
            }
        }
    }

    @ParameterizedTest(name = "directWriteMaxConnections {0}")
    @ValueSource(ints = {0, 16})
    void sharedFramesFromManyThreadsReachEveryClientInPerSenderOrder(int direct) throws Exception {
        int clients = 3;
        int threads = 4;
        int perThread = 500;
        try (EchoServer server = new EchoServer(
                WebSocketConfig.builder().directWriteMaxConnections(direct).build())) {
            List<WireClient> raw = new ArrayList<>();
            List<WebSocket> sockets = server.openRawClients(clients, raw);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        OutboundFrame frame = OutboundFrame.text(id + ":" + i); // encoded once, sent to all
                        for (WebSocket s : sockets) {
                            assertThat(s.send(frame)).isTrue();
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
            pool.shutdown();
            for (WireClient c : raw) {
                int[] next = new int[threads];
                for (int n = 0; n < threads * perThread; n++) {
                    String[] msg = c.read().text().split(":");
                    int id = Integer.parseInt(msg[0]);
                    assertThat(Integer.parseInt(msg[1]))
                            .as("order of sender %d", id)
                            .isEqualTo(next[id]++);
                }
                assertThat(next).containsOnly(perThread);
                c.close();
            }
        }
    }
}
