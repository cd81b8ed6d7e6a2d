package io.hilbridge.link;

import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.ErrorCode;
import io.hilbridge.lights.LightChange;
import io.hilbridge.serial.ForwardingTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.hilbridge.link.LinkTestSupport.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Which thread does what (LinkSession's class comment): a command to an idle link is written by the caller's own
 * thread and the board's answer is handled by the thread that read it, with no hand-off to a link thread; opening
 * and closing the port, which may block, happen only on the link's own thread.
 */
class LinkThreadingTest {
    private static final String LINK_THREAD = "hilbridge-link-threads";
    private static final LightChange DIM = new LightChange(true, 10, null, null, null);

    /**
     * The scripted board (answers on its own thread) behind a pass-through that records the threads the link calls
     * it on and can hold writes back.
     */
    private static final class RecordingTransport extends ForwardingTransport {
        final ScriptedBoard board;
        final List<String> opens = new CopyOnWriteArrayList<>();
        final List<String> closes = new CopyOnWriteArrayList<>();
        final List<String> setWrites = new CopyOnWriteArrayList<>();
        volatile Listener host;
        /** While set, writes wait here instead of reaching the board, so the test decides when the board answers. */
        private List<byte[]> held;

        private final WrittenFrames written = new WrittenFrames();

        RecordingTransport() {
            this(new ScriptedBoard());
        }

        private RecordingTransport(ScriptedBoard board) {
            super(board);
            this.board = board;
        }

        synchronized void hold() {
            held = new java.util.ArrayList<>();
        }

        void release() {
            List<byte[]> h;
            synchronized (this) {
                h = held;
                held = null;
            }
            for (byte[] b : h) board.write(b);
        }

        @Override
        public void open(Listener listener) throws java.io.IOException {
            opens.add(Thread.currentThread().getName());
            host = listener;
            super.open(listener);
        }

        @Override
        public boolean write(byte[] data) {
            synchronized (written) {
                for (Frame f : written.feed(data.clone())) {
                    if (f.type() == Frame.SET)
                        setWrites.add(Thread.currentThread().getName());
                }
            }
            synchronized (this) {
                if (held != null) return held.add(data.clone());
            }
            return board.write(data);
        }

        @Override
        public void close() {
            closes.add(Thread.currentThread().getName());
            super.close();
        }
    }

    private final RecordingTransport transport = new RecordingTransport();
    private LinkSession link;

    @AfterEach
    void tearDown() {
        if (link != null) link.close();
        transport.board.shutdown();
    }

    private void start() {
        // Fast reconnects, but no retransmission while a test holds the board's answer back.
        LinkConfig config = LinkSessionFaultsTest.FAST.toBuilder()
                .retransmitTimeout(Duration.ofSeconds(30))
                .maxRetransmitTimeout(Duration.ofSeconds(30))
                .build();
        link = LinkSession.start("threads", transport, config);
        await().atMost(Duration.ofSeconds(10)).until(() -> link.status() == DeviceStatus.ONLINE);
    }

    @Test
    void aCommandToAnIdleLinkIsWrittenByTheCallerAndItsAckHandledByTheReader() throws Exception {
        start();
        CompletableFuture<String> ackHandledOn = new CompletableFuture<>();
        link.addListener(new BoardListener() {
            @Override
            public void onRoundTrip(BoardLink b, long nanos) {
                ackHandledOn.complete(Thread.currentThread().getName());
            }
        });
        String me = Thread.currentThread().getName();
        transport.hold();
        CompletableFuture<Void> acked = link.set(0, DIM);
        // Written before set() returned, by this thread: no hand-off on the way out.
        assertThat(transport.setWrites).containsExactly(me);
        transport.release(); // the board answers on its own thread, which then handles the ACK itself
        acked.get(5, TimeUnit.SECONDS);
        // The scripted board's own thread (an executor's "pool-..." thread): neither the link's thread nor the caller.
        assertThat(ackHandledOn.get(5, TimeUnit.SECONDS))
                .isNotEqualTo(LINK_THREAD)
                .isNotEqualTo(me);
        assertThat(link.internalErrors()).isZero();
    }

    @Test
    void openingAndClosingThePortHappenOnlyOnTheLinksOwnThread() throws Exception {
        start();
        assertThat(transport.opens).containsExactly(LINK_THREAD);
        // The transport reports a disconnect from a thread of its own, as a serial reader does on an unplug.
        Thread reader = new Thread(() -> transport.host.onDisconnect("unplugged (test)"), "test-reader");
        reader.start();
        reader.join(5_000);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> transport.opens.size() == 2 && link.status() == DeviceStatus.ONLINE);
        link.close();
        assertThat(link.status()).isEqualTo(DeviceStatus.OFFLINE); // close() waited for the link to finish
        assertThat(transport.opens).containsOnly(LINK_THREAD);
        assertThat(transport.closes).hasSize(2).containsOnly(LINK_THREAD);
        assertThat(link.internalErrors()).isZero();
    }

    @Test
    void closeCalledFromAListenerCallbackTakesEffectRightAfterItWithoutDeadlock() throws Exception {
        start();
        CompletableFuture<Void> closeReturned = new CompletableFuture<>();
        link.addListener(new BoardListener() {
            @Override
            public void onRoundTrip(BoardLink b, long nanos) {
                link.close(); // inside a link task: must not wait for itself
                closeReturned.complete(null);
            }
        });
        link.set(0, DIM).get(5, TimeUnit.SECONDS);
        closeReturned.get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> link.status() == DeviceStatus.OFFLINE);
        assertThat(failure(link.set(0, DIM)).code()).isEqualTo(ErrorCode.DEVICE_OFFLINE);
        assertThat(transport.closes).containsOnly(LINK_THREAD);
        assertThat(link.internalErrors()).isZero();
    }
}
