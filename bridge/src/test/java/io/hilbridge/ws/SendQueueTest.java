package io.hilbridge.ws;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SendQueueTest {

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static List<String> takeAll(SendQueue q) {
        ByteBuffer[] out = new ByteBuffer[16];
        int n = q.take(out, 0, 16, 1 << 20, new boolean[1]);
        List<String> r = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            r.add(StandardCharsets.US_ASCII.decode(out[i]).toString());
            q.written(out[i].limit());
        }
        return r;
    }

    @Test
    void coalescesFramesWithTheSameKeyKeepingTheNewest() {
        SendQueue q = new SendQueue(1024);
        assertThat(q.offer(bytes("a1"), "a")).isEqualTo(SendQueue.Offer.QUEUED_SCHEDULE_FLUSH);
        assertThat(q.offer(bytes("b1"), "b")).isEqualTo(SendQueue.Offer.QUEUED);
        assertThat(q.offer(bytes("x"), null)).isEqualTo(SendQueue.Offer.QUEUED);
        assertThat(q.offer(bytes("a2"), "a")).isEqualTo(SendQueue.Offer.QUEUED);
        assertThat(q.pendingBytes()).isEqualTo(5);
        assertThat(takeAll(q)).containsExactly("b1", "x", "a2");
        assertThat(q.pendingBytes()).isZero();
        // Once taken, a key no longer coalesces: the frame is already on its way.
        q.offer(bytes("a3"), "a");
        assertThat(takeAll(q)).containsExactly("a3");
    }

    @Test
    void refusesBeyondTheLimitButCoalescingStillFits() {
        SendQueue q = new SendQueue(10);
        assertThat(q.offer(bytes("12345678"), "k")).isEqualTo(SendQueue.Offer.QUEUED_SCHEDULE_FLUSH);
        assertThat(q.offer(bytes("abc"), null)).isEqualTo(SendQueue.Offer.FULL);
        assertThat(q.offer(bytes("87654321"), "k")).isEqualTo(SendQueue.Offer.QUEUED);
        assertThat(takeAll(q)).containsExactly("87654321");
    }

    @Test
    void closeDiscardsPendingAndRefusesLaterOffers() {
        SendQueue q = new SendQueue(1024);
        q.offer(bytes("data"), null);
        assertThat(q.offerClose(bytes("close"), true)).isEqualTo(SendQueue.Offer.QUEUED);
        assertThat(q.offer(bytes("late"), null)).isEqualTo(SendQueue.Offer.CLOSED);
        boolean[] closeTaken = new boolean[1];
        ByteBuffer[] out = new ByteBuffer[4];
        assertThat(q.take(out, 0, 4, 1024, closeTaken)).isEqualTo(1);
        assertThat(closeTaken[0]).isTrue();
    }

    @Test
    void flushIsScheduledOnceUntilTheWriterFindsTheQueueEmpty() {
        SendQueue q = new SendQueue(1024);
        assertThat(q.offer(bytes("a"), null)).isEqualTo(SendQueue.Offer.QUEUED_SCHEDULE_FLUSH);
        assertThat(q.offer(bytes("b"), null)).isEqualTo(SendQueue.Offer.QUEUED);
        assertThat(takeAll(q)).containsExactly("a", "b");
        assertThat(takeAll(q)).isEmpty();
        assertThat(q.offer(bytes("c"), null)).isEqualTo(SendQueue.Offer.QUEUED_SCHEDULE_FLUSH);
    }

    @Test
    void keepsOrderWhileTheRingWrapsAndGrows() {
        SendQueue q = new SendQueue(1 << 20);
        List<String> expected = new ArrayList<>();
        List<String> got = new ArrayList<>();
        int next = 0;
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < round * 3 % 17; i++) {
                String s = "m" + next++;
                q.offer(bytes(s), null);
                expected.add(s);
            }
            ByteBuffer[] out = new ByteBuffer[5];
            int n = q.take(out, 0, 5, 1 << 20, new boolean[1]);
            for (int i = 0; i < n; i++) {
                got.add(StandardCharsets.US_ASCII.decode(out[i].duplicate()).toString());
                q.written(out[i].remaining());
            }
        }
        for (List<String> more = takeAll(q); !more.isEmpty(); more = takeAll(q)) {
            got.addAll(more);
        }
        assertThat(got).isEqualTo(expected);
        assertThat(q.pendingBytes()).isZero();
    }

    @Test
    void aSlowClientsCoalescedUpdatesDoNotGrowTheQueue() {
        SendQueue q = new SendQueue(1024);
        for (int i = 0; i < 100_000; i++) {
            assertThat(q.offer(bytes("a" + (i % 10)), "a")).isNotEqualTo(SendQueue.Offer.FULL);
            assertThat(q.offer(bytes("b" + (i % 10)), "b")).isNotEqualTo(SendQueue.Offer.FULL);
        }
        // Superseded frames are tombstones that must be reclaimed, not kept until the client reads.
        assertThat(q.capacity()).isLessThanOrEqualTo(16);
        assertThat(q.pendingBytes()).isEqualTo(4);
        assertThat(takeAll(q)).containsExactly("a9", "b9");
    }

    @Test
    void takeStopsAtTheBatchByteLimitAndTheRestFollows() {
        SendQueue q = new SendQueue(1 << 20);
        for (int i = 0; i < 10; i++) {
            q.offer(bytes("0123456789"), null);
        }
        ByteBuffer[] out = new ByteBuffer[64];
        assertThat(q.take(out, 0, 64, 35, new boolean[1])).isEqualTo(4); // stops once 35 bytes are reached
        assertThat(q.pendingBytes()).isEqualTo(100);
        assertThat(q.take(out, 0, 64, 1 << 20, new boolean[1], 40)).isEqualTo(6);
        assertThat(q.pendingBytes()).isEqualTo(60);
    }

    @Test
    void theLimitIsReachedExactlyAndBytesOnTheirWayCountUntilWritten() {
        // WebSocketConfig's slow-client policy: a send that would push the queued bytes ABOVE the limit is refused.
        SendQueue q = new SendQueue(10);
        assertThat(q.offer(bytes("123456"), null)).isEqualTo(SendQueue.Offer.QUEUED_SCHEDULE_FLUSH);
        assertThat(q.offer(bytes("abcd"), null)).as("exactly at the limit").isEqualTo(SendQueue.Offer.QUEUED);
        assertThat(q.offer(bytes("x"), null)).as("one byte above").isEqualTo(SendQueue.Offer.FULL);
        ByteBuffer[] out = new ByteBuffer[4];
        assertThat(q.take(out, 0, 4, 1024, new boolean[1])).isEqualTo(2);
        assertThat(q.pendingBytes()).as("taken, not yet written").isEqualTo(10);
        assertThat(q.offer(bytes("x"), null)).isEqualTo(SendQueue.Offer.FULL);
        q.written(6);
        assertThat(q.pendingBytes()).isEqualTo(4);
        assertThat(q.offer(bytes("xxxxxx"), null)).isEqualTo(SendQueue.Offer.QUEUED);
        assertThat(q.offer(bytes("y"), null)).isEqualTo(SendQueue.Offer.FULL);
    }

    @Test
    void aCloseWithoutDiscardFollowsWhatIsQueuedAndIsReportedWhenTaken() {
        SendQueue q = new SendQueue(1024);
        q.offer(bytes("a"), "k");
        q.offer(bytes("b"), null);
        assertThat(q.isClosed()).isFalse();
        assertThat(q.offerClose(bytes("close"), false)).isEqualTo(SendQueue.Offer.QUEUED);
        assertThat(q.isClosed()).isTrue();
        assertThat(q.offerClose(bytes("again"), false)).isEqualTo(SendQueue.Offer.CLOSED);
        assertThat(q.pendingBytes()).isEqualTo(7);
        boolean[] closeTaken = new boolean[1];
        ByteBuffer[] out = new ByteBuffer[4];
        assertThat(q.take(out, 0, 2, 1024, closeTaken)).as("at most max frames").isEqualTo(2);
        assertThat(closeTaken[0]).as("the close frame is still queued").isFalse();
        assertThat(q.take(out, 2, 4, 1024, closeTaken)).isEqualTo(3);
        assertThat(closeTaken[0]).isTrue();
        assertThat(StandardCharsets.US_ASCII.decode(out[2]).toString()).isEqualTo("close");
    }

    @Test
    void aKeyTakenAndOfferedAgainWhileItsOldFrameIsInFlightDoesNotLoseTheNewFrame() {
        SendQueue q = new SendQueue(1024);
        q.offer(bytes("a1"), "a");
        ByteBuffer[] out = new ByteBuffer[4];
        assertThat(q.take(out, 0, 4, 1024, new boolean[1])).isEqualTo(1);
        q.offer(bytes("a2"), "a");
        q.offer(bytes("a3"), "a"); // coalesces with a2, not with a1 which is on its way
        assertThat(takeAll(q)).containsExactly("a3");
    }

    @Test
    void aBatchThatReachesTheByteLimitExactlyStopsThere() {
        SendQueue q = new SendQueue(1 << 20);
        for (int i = 0; i < 5; i++) {
            q.offer(bytes("0123456789"), null);
        }
        ByteBuffer[] out = new ByteBuffer[64];
        assertThat(q.take(out, 0, 64, 30, new boolean[1])).isEqualTo(3);
        assertThat(q.take(out, 0, 64, 5, new boolean[1]))
                .as("one frame even when it alone passes the limit")
                .isEqualTo(1);
    }

    @Test
    void anIdleConnectionHoldsNoRing() {
        SendQueue q = new SendQueue(1024);
        assertThat(q.capacity()).isZero();
        q.offer(bytes("x"), null);
        assertThat(q.capacity()).isEqualTo(8);
    }

    @Test
    void reclaimingCoalescedSlotsKeepsTheOrderOfWhatIsLeft() {
        SendQueue q = new SendQueue(1024);
        q.offer(bytes("first"), null);
        for (int i = 0; i < 7; i++) {
            q.offer(bytes("k" + i), "k"); // six tombstones and one live frame: the ring of 8 is full
        }
        q.offer(bytes("x"), null);
        q.offer(bytes("y"), null);
        assertThat(q.capacity()).as("mostly tombstones: reclaimed, not grown").isEqualTo(8);
        assertThat(takeAll(q)).containsExactly("first", "k6", "x", "y");
        // The key's entry follows its frame: a newer frame still replaces it in place.
        q.offer(bytes("p"), null);
        for (int i = 0; i < 7; i++) {
            q.offer(bytes("j" + i), "j");
        }
        q.offer(bytes("z"), null);
        q.offer(bytes("j7"), "j");
        assertThat(takeAll(q)).containsExactly("p", "z", "j7");
    }

    @Test
    void slotsOfFramesAlreadyWrittenAreFreeForCoalescedUpdates() {
        SendQueue q = new SendQueue(1 << 20);
        for (int round = 0; round < 50; round++) {
            for (int i = 0; i < 6; i++) {
                q.offer(bytes("d" + i), null);
            }
            assertThat(takeAll(q)).hasSize(6);
            for (int i = 0; i < 20; i++) {
                q.offer(bytes("u" + i), "u");
            }
            assertThat(takeAll(q)).containsExactly("u19");
        }
        assertThat(q.capacity()).as("taken frames must not count as live").isEqualTo(8);
    }

    @Test
    void aDiscardingCloseStillFollowsWhatWasAlreadyTaken() {
        SendQueue q = new SendQueue(1024);
        q.offer(bytes("taken"), null);
        ByteBuffer[] out = new ByteBuffer[4];
        assertThat(q.take(out, 0, 4, 1024, new boolean[1])).isEqualTo(1);
        for (int i = 0; i < 20; i++) {
            q.offer(bytes("dropped" + i), null);
        }
        q.offerClose(bytes("close"), true);
        assertThat(q.pendingBytes()).as("in flight + close frame").isEqualTo(10);
        boolean[] closeTaken = new boolean[1];
        assertThat(q.take(out, 0, 4, 1024, closeTaken)).isEqualTo(1);
        assertThat(StandardCharsets.US_ASCII.decode(out[0]).toString()).isEqualTo("close");
        assertThat(closeTaken[0]).isTrue();
    }
}
