package io.hilbridge.ws;

import org.junit.jupiter.api.Test;
import org.xnio.conduits.ConduitStreamSinkChannel;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The write side against a socket whose buffer the test fills and empties ({@link FakeSinkConduit}): partial writes
 * park the rest until the socket is writable (websocket-api.md, back-pressure: nothing blocks the IO thread, nothing
 * is lost or reordered), writes are resumed only while something waits for writability, the queue's byte count
 * covers every byte not yet on the socket (the bound of websocket-api.md, "queue bounds"), and a direct write from a
 * sending thread never overtakes the IO thread. Frames are plain bytes here: the writer only moves them.
 */
class WebSocketWriterTest {
    private static final int QUEUE_LIMIT = 4 << 20;

    private final FakeSinkConduit socket = new FakeSinkConduit();
    private final SendQueue queue = new SendQueue(QUEUE_LIMIT);
    private int ioFlushRequests;
    private final WebSocketWriter writer = new WebSocketWriter(
            new ConduitStreamSinkChannel(null, socket),
            queue,
            new FlushBatcher(Runnable::run),
            new InetSocketAddress("127.0.0.1", 1),
            () -> ioFlushRequests++);

    private static ByteBuffer frame(int size, int fill) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) fill);
        return ByteBuffer.wrap(b).asReadOnlyBuffer();
    }

    private static byte[] concat(ByteBuffer... frames) {
        int n = 0;
        for (ByteBuffer f : frames) {
            n += f.remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(n);
        for (ByteBuffer f : frames) {
            all.put(f.duplicate());
        }
        return all.array();
    }

    private void offer(ByteBuffer f) {
        assertThat(queue.offer(f, null)).isNotIn(SendQueue.Offer.FULL, SendQueue.Offer.CLOSED);
    }

    @Test
    void aPartialWriteParksTheRestUntilTheSocketIsWritableThenFinishesInOrder() {
        ByteBuffer a = frame(3000, 'a');
        ByteBuffer b = frame(5000, 'b');
        offer(a);
        offer(b);
        socket.room(4000);

        assertThat(writer.flush()).isEqualTo(WriteResult.FLUSHED);
        assertThat(socket.bytes()).hasSize(4000);
        assertThat(socket.resumed())
                .as("writes resumed: the rest waits for writability")
                .isTrue();
        assertThat(queue.pendingBytes())
                .as("bytes not yet on the socket still count")
                .isEqualTo(4000);

        socket.makeRoom();
        assertThat(writer.flush()).isEqualTo(WriteResult.FLUSHED);
        assertThat(socket.bytes()).isEqualTo(concat(a, b));
        assertThat(socket.resumed())
                .as("nothing waits: writability no longer wanted")
                .isFalse();
        assertThat(queue.pendingBytes()).isZero();
    }

    @Test
    void aParkedBatchSurvivesTheIoThreadFlushingOtherConnectionsMeanwhile() {
        // The IO thread lends one batch array to each flush in turn; a batch left by a partial write must not be
        // overwritten by the next connection's frames.
        FlushBatcher ioThread = new FlushBatcher(Runnable::run);
        FakeSinkConduit socketA = new FakeSinkConduit();
        FakeSinkConduit socketB = new FakeSinkConduit();
        SendQueue queueA = new SendQueue(QUEUE_LIMIT);
        SendQueue queueB = new SendQueue(QUEUE_LIMIT);
        WebSocketWriter a = new WebSocketWriter(
                new ConduitStreamSinkChannel(null, socketA), queueA, ioThread, new InetSocketAddress(1), () -> {});
        WebSocketWriter b = new WebSocketWriter(
                new ConduitStreamSinkChannel(null, socketB), queueB, ioThread, new InetSocketAddress(2), () -> {});
        queueA.offer(frame(10, 'a'), null);
        queueA.offer(frame(20, 'b'), null);
        queueA.offer(frame(30, 'c'), null);
        socketA.room(15);
        a.flush(); // 'a' and half of 'b' written, the rest parked
        assertThat(ioThread.batchArray())
                .as("the lent array holds no frame once the flush is over")
                .containsOnlyNulls();
        queueB.offer(frame(40, 'x'), null);
        queueB.offer(frame(50, 'y'), null);
        queueB.offer(frame(60, 'z'), null);
        b.flush();
        socketA.makeRoom();
        a.flush();
        assertThat(socketA.bytes()).isEqualTo(concat(frame(10, 'a'), frame(20, 'b'), frame(30, 'c')));
        assertThat(socketB.bytes()).isEqualTo(concat(frame(40, 'x'), frame(50, 'y'), frame(60, 'z')));
    }

    @Test
    void aSocketThatTakesNothingKeepsEveryByteQueued() {
        offer(frame(100, 'x'));
        socket.room(0);
        assertThat(writer.flush()).isEqualTo(WriteResult.FLUSHED);
        assertThat(socket.bytes()).isEmpty();
        assertThat(socket.resumed()).isTrue();
        assertThat(queue.pendingBytes()).isEqualTo(100);
        // A frame sent while the socket is full waits behind the parked one.
        offer(frame(10, 'y'));
        socket.room(50);
        writer.flush();
        assertThat(socket.bytes()).hasSize(50);
        assertThat(queue.pendingBytes()).isEqualTo(60);
        socket.makeRoom();
        writer.flush();
        assertThat(socket.bytes()).isEqualTo(concat(frame(100, 'x'), frame(10, 'y')));
        assertThat(queue.pendingBytes()).isZero();
    }

    @Test
    void aBatchLargerThanTheGatherBufferIsWrittenOnWhileTheSocketTakesIt() {
        ByteBuffer[] frames = new ByteBuffer[3];
        for (int i = 0; i < frames.length; i++) {
            // Two frames already pass the gather buffer: the first write fills it and the batch goes on.
            frames[i] = frame(FlushBatcher.GATHER_BYTES / 2 + 1, 'a' + i);
            offer(frames[i]);
        }
        assertThat(writer.flush()).isEqualTo(WriteResult.FLUSHED);
        assertThat(socket.bytes()).isEqualTo(concat(frames));
        assertThat(socket.resumed())
                .as("the socket took everything: no wait for writability")
                .isFalse();
        assertThat(queue.pendingBytes()).isZero();
    }

    @Test
    void theCloseFrameIsReportedOnceWrittenAndItsBytesLeaveTheQueue() {
        offer(frame(10, 'd'));
        queue.offerClose(frame(4, 'c'), false);
        socket.room(12);
        assertThat(writer.flush()).as("close frame only half written").isEqualTo(WriteResult.FLUSHED);
        socket.makeRoom();
        assertThat(writer.flush()).isEqualTo(WriteResult.CLOSE_FRAME_WRITTEN);
        assertThat(socket.bytes()).isEqualTo(concat(frame(10, 'd'), frame(4, 'c')));
        assertThat(queue.pendingBytes()).isZero();
    }

    @Test
    void aFailedWriteIsReported() {
        offer(frame(10, 'd'));
        socket.fail(new IOException("connection reset"));
        assertThat(writer.flush()).isEqualTo(WriteResult.FAILED);
    }

    @Test
    void shutdownFinishesOnWritabilityWhenTheSocketStillHoldsBytes() throws IOException {
        socket.flushCompletes(false);
        writer.shutdownOutput();
        assertThat(writer.isOutputShutdown()).isTrue();
        assertThat(socket.terminated()).isTrue();
        assertThat(socket.resumed())
                .as("the write listener finishes the shutdown")
                .isTrue();
        assertThat(writer.flush()).isEqualTo(WriteResult.FLUSHED);
        assertThat(socket.resumed()).as("still unsent: keep waiting").isTrue();
        socket.flushCompletes(true);
        assertThat(writer.flush()).isEqualTo(WriteResult.FLUSHED);
        assertThat(socket.resumed()).isFalse();
    }

    @Test
    void aShutdownTheSocketCompletesAtOnceWaitsForNothing() throws IOException {
        writer.shutdownOutput();
        assertThat(socket.terminated()).isTrue();
        assertThat(socket.resumed()).isFalse();
    }

    // ---- direct writes (the sending thread writes; see WebSocketConnection's class comment) ------------------

    @Test
    void aDirectWriteSendsWhatIsQueuedAndEndsThePendingFlush() {
        offer(frame(100, 'd'));
        assertThat(writer.writeDirectly()).isTrue();
        assertThat(socket.bytes()).isEqualTo(concat(frame(100, 'd')));
        assertThat(writer.directWrites()).isEqualTo(1);
        assertThat(ioFlushRequests).as("all written: nothing for the IO thread").isZero();
        assertThat(queue.pendingBytes()).isZero();
        // The pending flush ended: the next send must schedule one again.
        assertThat(queue.offer(frame(1, 'n'), null)).isEqualTo(SendQueue.Offer.QUEUED_SCHEDULE_FLUSH);
    }

    @Test
    void aDirectWriteWithNothingQueuedEndsThePendingFlushWithoutWriting() {
        assertThat(writer.writeDirectly()).isTrue();
        assertThat(socket.writeCalls()).isZero();
        assertThat(ioFlushRequests).isZero();
    }

    @Test
    void whatADirectWriteCannotFinishGoesToTheIoThread() {
        ByteBuffer big = frame(WebSocketWriter.DIRECT_BYTES + 1000, 'b');
        offer(big);
        assertThat(writer.writeDirectly()).isTrue();
        assertThat(socket.bytes()).hasSize(WebSocketWriter.DIRECT_BYTES);
        assertThat(ioFlushRequests).isEqualTo(1);
        assertThat(queue.pendingBytes()).isEqualTo(1000);
        assertThat(writer.flush()).isEqualTo(WriteResult.FLUSHED);
        assertThat(socket.bytes()).isEqualTo(concat(big));
        assertThat(queue.pendingBytes()).isZero();
    }

    @Test
    void aSocketFullDuringADirectWriteLeavesTheRestToTheIoThread() {
        offer(frame(100, 'a'));
        socket.room(30);
        assertThat(writer.writeDirectly()).isTrue();
        assertThat(ioFlushRequests).isEqualTo(1);
        assertThat(queue.pendingBytes()).isEqualTo(70);
        // Another send meanwhile may not write directly: it would overtake the parked bytes.
        offer(frame(5, 'b'));
        writer.flush(); // the IO thread: socket still full, it waits for writability
        assertThat(writer.writeDirectly())
                .as("a partial batch waits for writability")
                .isFalse();
        socket.makeRoom();
        writer.flush();
        assertThat(socket.bytes()).isEqualTo(concat(frame(100, 'a'), frame(5, 'b')));
    }

    @Test
    void aDirectWriteNeverTakesNewFramesWhileAPartialOneWaitsForTheIoThread() {
        offer(frame(100, 'a'));
        socket.room(30);
        assertThat(writer.writeDirectly()).isTrue(); // partial: 70 bytes parked, the IO thread was asked
        socket.makeRoom();
        offer(frame(5, 'b'));
        assertThat(writer.writeDirectly())
                .as("the parked bytes go first, on the IO thread")
                .isFalse();
        assertThat(socket.bytes()).hasSize(30);
        writer.flush();
        assertThat(socket.bytes()).isEqualTo(concat(frame(100, 'a'), frame(5, 'b')));
    }

    @Test
    void framesSentDuringADirectWriteGoToTheIoThread() {
        offer(frame(10, 'a'));
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        socket.blockNextWrite(entered, release);
        ExecutorService sender = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> direct = sender.submit(writer::writeDirectly);
            await(entered, "the direct write to reach the socket");
            offer(frame(10, 'b'));
            assertThat(writer.writeDirectly())
                    .as("the writer is busy: the caller hands the flush on")
                    .isFalse();
            release.countDown();
            assertThat(get(direct)).isTrue();
            assertThat(ioFlushRequests)
                    .as("b was queued meanwhile: the IO thread writes it")
                    .isEqualTo(1);
            writer.flush();
            assertThat(socket.bytes()).isEqualTo(concat(frame(10, 'a'), frame(10, 'b')));
        } finally {
            sender.shutdownNow();
        }
    }

    @Test
    void theCloseFrameIsLeftToTheIoThread() {
        offer(frame(10, 'a'));
        queue.offerClose(frame(4, 'c'), false);
        assertThat(writer.writeDirectly()).isTrue();
        assertThat(socket.writeCalls())
                .as("the close frame and what precedes it go out on the IO thread")
                .isZero();
        assertThat(ioFlushRequests).isEqualTo(1);
        assertThat(writer.flush()).isEqualTo(WriteResult.CLOSE_FRAME_WRITTEN);
        assertThat(socket.bytes()).isEqualTo(concat(frame(10, 'a'), frame(4, 'c')));
    }

    @Test
    void theIoThreadsFlushAndShutdownLeaveTheWriterFreeForAnotherThread() throws IOException {
        offer(frame(10, 'a'));
        writer.flush();
        offer(frame(10, 'b'));
        ExecutorService sender = Executors.newSingleThreadExecutor();
        try {
            assertThat(get(sender.submit(writer::writeDirectly))).isTrue();
            assertThat(socket.bytes()).isEqualTo(concat(frame(10, 'a'), frame(10, 'b')));
            writer.shutdownOutput();
            assertThat(get(sender.submit(writer::writeDirectly)))
                    .as("the lock is free after a shutdown")
                    .isTrue();
        } finally {
            sender.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch, String what) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS))
                    .as("waited 10 s for " + what)
                    .isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static <T> T get(Future<T> f) {
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the sending thread did not finish within 10 s", e);
        }
    }
}
