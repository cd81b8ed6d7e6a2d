package io.hilbridge.client;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection's glue without a bridge (client/README.md, ClientOptions): whole messages up to
 * {@code maxMessageChars} and no longer, read one at a time; sends one after another; a close with 1000; one end
 * notice; a ping after a quiet interval and the end after more than two, where any message, ping or pong from the
 * bridge counts as heard. The JDK's WebSocket is {@link FakeWebSocket}, time is a counter the test moves.
 */
class BridgeSocketTest {
    private static final int MAX = 1024;
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final long MS = 1_000_000;

    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final List<String> ends = new CopyOnWriteArrayList<>();
    private final AtomicLong now = new AtomicLong(7_000 * MS);
    private final FakeWebSocket ws = new FakeWebSocket();
    private final BridgeSocket socket = new BridgeSocket(
            new BridgeSocket.Handler() {
                @Override
                public void onMessage(String text) {
                    messages.add(text);
                }

                @Override
                public void onEnd(String why) {
                    ends.add(why);
                }
            },
            MAX,
            now::get);

    private void text(String data, boolean last) {
        socket.onText(ws, data, last);
    }

    @Test
    void aMessageInPartsReachesTheHandlerWholeAndTheNextIsReadOnlyAfterIt() {
        socket.onOpen(ws);
        assertThat(ws.requested).as("one message requested on open").hasValue(1);

        text("{\"type\":", false);
        assertThat(messages).as("not whole yet").isEmpty();
        assertThat(ws.requested).hasValue(2);
        text("\"hello\"}", true);
        text("{}", true);

        assertThat(messages).containsExactly("{\"type\":\"hello\"}", "{}");
        assertThat(ws.requested).as("one more after each part").hasValue(4);
        assertThat(ends).isEmpty();
    }

    @Test
    void aMessageOfExactlyTheLimitIsReadAndOneCharacterMoreEndsTheConnection() {
        socket.onOpen(ws);
        text("a".repeat(1000), false);
        text("b".repeat(24), true);
        assertThat(messages).containsExactly("a".repeat(1000) + "b".repeat(24));
        text("c".repeat(MAX), true);
        assertThat(messages).as("the limit counts each message alone").hasSize(2);
        assertThat(ws.aborted).isFalse();

        long requested = ws.requested.get();
        text("d".repeat(1000), false);
        text("e".repeat(25), true);

        assertThat(messages).as("nothing of the long message delivered").hasSize(2);
        assertThat(ws.aborted).isTrue();
        assertThat(ws.requested).as("nothing more read").hasValue(requested + 1);
        assertThat(ends)
                .containsExactly("the bridge sent a message over 1024 characters (ClientOptions.maxMessageChars)");
    }

    @Test
    void theEndIsToldOnceWithTheBridgesCodeAndReason() {
        socket.onOpen(ws);
        socket.onClose(ws, 1001, "going away");
        socket.onError(ws, new IOException("reset"));
        socket.onClose(ws, 1000, "");
        socket.close();
        assertThat(ends).containsExactly("the bridge closed the connection (1001 going away)");

        List<String> second = endsOf(s -> s.onClose(new FakeWebSocket(), 1000, ""));
        assertThat(second)
                .as("an empty reason adds nothing")
                .containsExactly("the bridge closed the connection (1000)");
        assertThat(endsOf(s -> s.onError(new FakeWebSocket(), new IOException("broken pipe"))))
                .containsExactly("the connection failed (java.io.IOException: broken pipe)");
    }

    @Test
    void noMessageIsHandedOnAfterTheEnd() {
        socket.onOpen(ws);
        text("{\"a\":", false);
        socket.onClose(ws, 1000, "");
        text("1}", true);
        assertThat(messages).isEmpty();
        assertThat(ends).hasSize(1);
    }

    @Test
    void sendsGoOutOneAfterAnotherEvenAfterOneFailed() {
        socket.onOpen(ws);
        CompletableFuture<Void> first = socket.send("one");
        CompletableFuture<Void> second = socket.send("two");
        CompletableFuture<Void> third = socket.send("three");
        assertThat(ws.texts).as("the JDK allows one outstanding send").containsExactly("one");

        ws.sends.get(0).completeExceptionally(new IOException("broken pipe"));
        assertThat(first).isCompletedExceptionally();
        assertThat(ws.texts).as("the next send goes out after a failed one").containsExactly("one", "two");
        assertThat(second).isNotDone();

        ws.finishSend(1);
        assertThat(second).isCompletedWithValue(null);
        assertThat(ws.texts).containsExactly("one", "two", "three");
        ws.finishSend(2);
        assertThat(third).isCompletedWithValue(null);
    }

    @Test
    void nothingIsSentBeforeTheOpeningOrAfterTheEnd() {
        assertThat(socket.send("early"))
                .as("before onOpen")
                .failsWithin(Duration.ZERO)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withMessageContaining("the connection is not open");
        socket.onOpen(ws);
        socket.onError(ws, new IOException("reset"));
        assertThat(socket.send("late")).as("after the end").isCompletedExceptionally();
        assertThat(ws.texts).isEmpty();
    }

    @Test
    void closeSendsNormalClosureAfterEarlierSendsThenAbortsAndEndsOnce() {
        socket.onOpen(ws);
        socket.send("set");

        socket.close();

        assertThat(ends).containsExactly("closed by this client");
        assertThat(ws.closes).as("the close waits for the earlier send").isEmpty();
        ws.finishSend(0);
        assertThat(ws.closes).containsExactly("1000 bye");
        assertThat(ws.aborted).as("not before the close frame went out").isFalse();
        ws.closeSent.complete(ws);
        assertThat(ws.aborted).isTrue();
        socket.onClose(ws, 1000, "bye");
        assertThat(ends).hasSize(1);
    }

    @Test
    void closeBeforeTheOpeningOnlyEnds() {
        socket.close();
        socket.close();
        assertThat(ends).containsExactly("closed by this client");
        assertThat(ws.closes).isEmpty();
    }

    @Test
    void aQuietBridgeIsPingedAfterOneIntervalAndCutOffAfterMoreThanTwo() {
        socket.onOpen(ws);
        long start = now.get();

        now.set(start + INTERVAL.toNanos() - 1);
        socket.heartbeat(INTERVAL);
        assertThat(ws.pings).as("quiet for less than an interval").hasValue(0);
        now.set(start + INTERVAL.toNanos());
        socket.heartbeat(INTERVAL);
        assertThat(ws.pings).hasValue(1);
        now.set(start + 2 * INTERVAL.toNanos());
        socket.heartbeat(INTERVAL);
        assertThat(ws.pings).hasValue(2);
        assertThat(ends).isEmpty();

        now.set(start + 2 * INTERVAL.toNanos() + MS);
        socket.heartbeat(INTERVAL);

        assertThat(ws.aborted).isTrue();
        assertThat(ends).containsExactly("no message from the bridge for 2001 ms, not even an answer to a ping");
        now.addAndGet(10 * INTERVAL.toNanos());
        socket.heartbeat(INTERVAL);
        assertThat(ws.pings).as("no ping after the end").hasValue(2);
        assertThat(ends).hasSize(1);
    }

    @Test
    void aMessageAPongOrAPingFromTheBridgeCountsAsHeard() {
        socket.onOpen(ws);
        long start = now.get();
        long interval = INTERVAL.toNanos();

        now.set(start + interval);
        text("{}", true);
        now.set(start + 2 * interval - 1);
        socket.heartbeat(INTERVAL);
        assertThat(ws.pings).as("a message came an interval ago less 1 ns").hasValue(0);

        now.set(start + 2 * interval);
        socket.onPong(ws, java.nio.ByteBuffer.allocate(0));
        now.set(start + 3 * interval - 1);
        socket.heartbeat(INTERVAL);
        assertThat(ws.pings).as("a pong counts").hasValue(0);

        now.set(start + 3 * interval);
        socket.onPing(ws, java.nio.ByteBuffer.allocate(0));
        now.set(start + 4 * interval - 1);
        socket.heartbeat(INTERVAL);
        assertThat(ws.pings).as("a ping counts").hasValue(0);
        now.set(start + 4 * interval);
        socket.heartbeat(INTERVAL);
        assertThat(ws.pings).hasValue(1);
        assertThat(ws.requested)
                .as("the next frame is read after a ping and a pong too")
                .hasValue(4);
        assertThat(ends).isEmpty();
    }

    @Test
    void noHeartbeatBeforeTheOpening() {
        now.addAndGet(10 * INTERVAL.toNanos());
        socket.heartbeat(INTERVAL);
        assertThat(ends).isEmpty();
        assertThat(ws.pings).hasValue(0);
    }

    @Test
    void noPingAfterTheEnd() {
        socket.onOpen(ws);
        socket.onClose(ws, 1000, "");
        now.addAndGet(INTERVAL.toNanos());
        socket.heartbeat(INTERVAL);
        assertThat(ws.pings)
                .as("quiet for an interval, but the connection ended")
                .hasValue(0);
        assertThat(ends).hasSize(1);
    }

    private static List<String> endsOf(java.util.function.Consumer<BridgeSocket> event) {
        List<String> ends = new CopyOnWriteArrayList<>();
        BridgeSocket s = new BridgeSocket(
                new BridgeSocket.Handler() {
                    @Override
                    public void onMessage(String text) {}

                    @Override
                    public void onEnd(String why) {
                        ends.add(why);
                    }
                },
                MAX,
                () -> 0);
        event.accept(s);
        return ends;
    }
}
