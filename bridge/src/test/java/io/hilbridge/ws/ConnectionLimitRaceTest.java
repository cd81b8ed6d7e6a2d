package io.hilbridge.ws;

import io.undertow.Undertow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.hilbridge.ws.WireClient.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The connection limit under concurrent handshakes: however many arrive at once, never more than the limit are
 * open for the application; each extra client gets 503 before the upgrade, or, if it raced the check, 101 and then
 * at once a 1013 close; slots are freed when clients leave.
 */
class ConnectionLimitRaceTest {
    private static final String LIMIT_REASON = "too many WebSocket clients: the limit is %d (--max-clients)";

    private Undertow undertow;
    private WebSocketUpgradeHandler handler;
    private int port;
    /** Sockets the application sees open right now, and the most ever seen at once. */
    private final AtomicInteger appOpen = new AtomicInteger();

    private final AtomicInteger appOpenMax = new AtomicInteger();
    private final AtomicInteger appOpened = new AtomicInteger();

    /** What a client got for its handshake. */
    enum Outcome {
        ACCEPTED,
        REFUSED_503,
        REFUSED_1013
    }

    @AfterEach
    void stop() {
        if (undertow != null) {
            undertow.stop();
        }
    }

    /** Echo server; the upgrade handler runs on worker threads, so a test hook may block without stalling IO. */
    private void start(int maxConnections) {
        handler = new WebSocketUpgradeHandler(
                WebSocketConfig.builder().maxConnections(maxConnections).build(), new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocket socket) {
                        appOpened.incrementAndGet();
                        appOpenMax.accumulateAndGet(appOpen.incrementAndGet(), Math::max);
                    }

                    @Override
                    public void onText(WebSocket socket, String message) {
                        socket.sendText(message);
                    }

                    @Override
                    public void onClose(WebSocket socket, int code, String reason) {
                        appOpen.decrementAndGet();
                    }
                });
        undertow = Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setIoThreads(2)
                .setWorkerThreads(8)
                .setHandler(exchange -> {
                    if (exchange.isInIoThread()) {
                        exchange.dispatch(handler);
                    } else {
                        handler.handleRequest(exchange);
                    }
                })
                .build();
        undertow.start();
        port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    /**
     * Handshakes and classifies the answer. An upgraded client sends a text: an accepted one gets its echo, a
     * refused one gets the 1013 close first (its text is never delivered), answers it and sees TCP end.
     */
    private static Outcome handshake(WireClient c, int limit) throws IOException {
        int status = c.handshake(WireClient.request(""));
        if (status == 503) {
            byte[] body = c.in.readAllBytes(); // Connection: close, so the body ends with EOF
            assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo(LIMIT_REASON.formatted(limit) + "\n");
            return Outcome.REFUSED_503;
        }
        assertThat(status).as("handshake status").isEqualTo(101);
        c.send(frame(0x81, "hello".getBytes(StandardCharsets.UTF_8)));
        WireClient.Frame f = c.read();
        if (f.opcode() == 1) {
            assertThat(f.text()).isEqualTo("hello");
            return Outcome.ACCEPTED;
        }
        assertThat(f.opcode()).as("opcode of the first frame").isEqualTo(8);
        assertThat(f.closeCode()).isEqualTo(1013);
        assertThat(new String(f.payload(), 2, f.payload().length - 2, StandardCharsets.UTF_8))
                .isEqualTo("too many clients: limit " + limit + " (--max-clients)");
        c.send(frame(0x88, f.payload()));
        assertThat(c.readsEof()).as("TCP ends after the 1013 close handshake").isTrue();
        c.close();
        return Outcome.REFUSED_1013;
    }

    /** Close handshake, then TCP: the server drains input until our EOF (or its close timeout) before it closes. */
    private static void closeNormally(WireClient c) throws IOException {
        c.send(frame(0x88, new byte[] {0x03, (byte) 0xE8}));
        assertThat(c.read().closeCode()).isEqualTo(1000);
        assertThat(c.readsEof()).isTrue();
        c.close();
    }

    @Test
    void handshakeStormPastTheLimitOpensExactlyTheLimitAndRefusesTheRest() throws Exception {
        int limit = 5;
        int clients = 40;
        start(limit);
        List<WireClient> all = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Outcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                WireClient c = new WireClient(port);
                all.add(c);
                outcomes.add(pool.submit(() -> {
                    go.await();
                    return handshake(c, limit);
                }));
            }
            go.countDown();
            List<WireClient> accepted = new ArrayList<>();
            int refused = 0;
            for (int i = 0; i < clients; i++) {
                Outcome o = outcomes.get(i).get(30, TimeUnit.SECONDS);
                if (o == Outcome.ACCEPTED) {
                    accepted.add(all.get(i));
                } else {
                    refused++;
                }
            }
            assertThat(accepted).as("clients accepted").hasSize(limit);
            assertThat(refused).isEqualTo(clients - limit);
            assertThat(appOpenMax.get())
                    .as("most sockets ever open for the application")
                    .isEqualTo(limit);
            assertThat(appOpened.get()).isEqualTo(limit);
            assertThat(handler.openConnections()).isEqualTo(limit);

            // Leaving frees the slots: all of them, and the refused clients never held one.
            for (WireClient c : accepted) {
                closeNormally(c);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> handler.openConnections() == 0 && appOpen.get() == 0);
            List<WireClient> again = new ArrayList<>();
            for (int i = 0; i < limit; i++) {
                WireClient c = new WireClient(port);
                again.add(c);
                all.add(c);
                assertThat(handshake(c, limit)).isEqualTo(Outcome.ACCEPTED);
            }
            try (WireClient extra = new WireClient(port)) {
                assertThat(handshake(extra, limit)).isEqualTo(Outcome.REFUSED_503);
            }
            closeNormally(again.get(0));
            await().atMost(Duration.ofSeconds(10)).until(() -> handler.openConnections() == limit - 1);
            try (WireClient late = new WireClient(port)) {
                assertThat(handshake(late, limit)).isEqualTo(Outcome.ACCEPTED);
            }
        } finally {
            pool.shutdownNow();
            for (WireClient c : all) {
                c.close();
            }
        }
    }

    @Test
    void handshakesThatRaceTheCheckAreClosedWith1013AndHoldNoSlot() throws Exception {
        int limit = 1;
        int racers = 3;
        start(limit);
        // Every racer passes the 503 check before any of them upgrades: the check cannot see the others.
        CyclicBarrier allChecked = new CyclicBarrier(racers);
        handler.afterLimitCheck = () -> {
            try {
                allChecked.await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("racers did not meet at the limit check", e);
            }
        };
        List<WireClient> all = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            List<Future<Outcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                WireClient c = new WireClient(port);
                all.add(c);
                outcomes.add(pool.submit(() -> handshake(c, limit)));
            }
            List<WireClient> accepted = new ArrayList<>();
            int refused1013 = 0;
            for (int i = 0; i < racers; i++) {
                Outcome o = outcomes.get(i).get(30, TimeUnit.SECONDS);
                if (o == Outcome.ACCEPTED) {
                    accepted.add(all.get(i));
                } else {
                    assertThat(o).isEqualTo(Outcome.REFUSED_1013);
                    refused1013++;
                }
            }
            assertThat(accepted).hasSize(limit);
            assertThat(refused1013).isEqualTo(racers - limit);
            assertThat(handler.refusedConnections())
                    .as("racers refused with 1013 are counted")
                    .isEqualTo(racers - limit);
            assertThat(appOpenMax.get()).isEqualTo(limit);
            assertThat(handler.openConnections()).isEqualTo(limit);

            handler.afterLimitCheck = null;
            closeNormally(accepted.get(0));
            await().atMost(Duration.ofSeconds(10)).until(() -> handler.openConnections() == 0 && appOpen.get() == 0);
            try (WireClient next = new WireClient(port)) {
                assertThat(handshake(next, limit))
                        .as("the freed slot is usable")
                        .isEqualTo(Outcome.ACCEPTED);
            }
        } finally {
            pool.shutdownNow();
            for (WireClient c : all) {
                c.close();
            }
        }
    }
}
