package io.hilbridge.ws;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Sends from many threads at once, one encoded frame shared by every socket: all arrive, each sender in order. */
class BroadcastOverSocketTest {

    @Test
    void sharedFramesFromManyThreadsReachEveryClientInPerSenderOrder() throws Exception {
        int clients = 3;
        int threads = 4;
        int perThread = 500;
        try (EchoServer server = new EchoServer(WebSocketConfig.defaults())) {
            List<RawClient> raw = new ArrayList<>();
            List<WebSocket> sockets = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                RawClient c = new RawClient(server.port);
                assertThat(c.handshake(RawClient.request(""))).isEqualTo(101);
                raw.add(c);
                sockets.add(server.opened.poll(10, TimeUnit.SECONDS));
            }
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
            for (RawClient c : raw) {
                int[] next = new int[threads];
                for (int n = 0; n < threads * perThread; n++) {
                    String[] msg = c.readFrame().text().split(":");
                    int id = Integer.parseInt(msg[0]);
                    assertThat(Integer.parseInt(msg[1])).as("order of sender %d", id).isEqualTo(next[id]++);
                }
                assertThat(next).containsOnly(perThread);
                c.close();
            }
        }
    }
}
