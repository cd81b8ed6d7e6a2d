package io.hilbridge.ws;

import io.hilbridge.concurrent.VirtualClock;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The close handshake's timing on virtual time (RFC 6455 section 7.1.1: after sending and, where it applies,
 * receiving a close frame, the TCP connection is closed; a peer that does not finish the handshake is cut after
 * {@link WebSocketConfig#closeTimeout()}), and its close code (1006 when the connection ended without any close
 * frame, section 7.1.5). The channel is a recorder of what the handshake asks of it.
 */
class CloseHandshakeTest {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration NS = Duration.ofNanos(1);

    private final VirtualClock clock = new VirtualClock();
    private final long t0 = clock.nanoTime();
    /** What the handshake did, in order, with the virtual time in ms. */
    private final List<String> did = new ArrayList<>();

    private IoTimers timers = new VirtualIoTimers(clock);
    /** Times the handshake asked for our close frame to be written. */
    private int flushes;

    private final CloseHandshake.Channel channel = new CloseHandshake.Channel() {
        @Override
        public void queueCloseFrame(ByteBuffer frame, boolean discardPending) {
            int at = frame.position() + 2; // after the 2-byte header of a short server frame
            did.add("close frame " + (((frame.get(at) & 0xFF) << 8) | (frame.get(at + 1) & 0xFF)));
        }

        @Override
        public void flushSoon() {
            flushes++;
        }

        @Override
        public void shutdownOutput() {
            did.add("shutdown output at " + ms());
        }

        @Override
        public void closeChannel() {
            did.add("close TCP at " + ms());
        }
    };

    private long ms() {
        return (clock.nanoTime() - t0) / 1_000_000;
    }

    private CloseHandshake handshake() {
        return new CloseHandshake(channel, new InetSocketAddress("127.0.0.1", 1), timers, CLOSE_TIMEOUT);
    }

    @Test
    void aPeerThatNeverAnswersOurCloseIsCutAtTheCloseTimeout() {
        CloseHandshake h = handshake();
        h.start(1001, "going away", false);
        h.onCloseFrameWritten();
        assertThat(h.isOpen()).isFalse();
        clock.advance(CLOSE_TIMEOUT.minus(NS));
        assertThat(did).containsExactly("close frame 1001");
        clock.advance(NS);
        assertThat(did).containsExactly("close frame 1001", "close TCP at 5000");
        assertThat(h.code()).isEqualTo(1001);
    }

    @Test
    void aPeerThatAnswersEndsTheHandshakeBeforeTheTimeout() {
        CloseHandshake h = handshake();
        h.start(1000, "", false);
        h.onCloseFrameWritten();
        clock.advance(Duration.ofSeconds(1));
        h.onCloseFrameReceived(new CloseFrames.Close(1000, "", true));
        h.onChannelClosed(); // the peer closed TCP after its close frame
        clock.advance(Duration.ofMinutes(1));
        assertThat(did).containsExactly("close frame 1000", "shutdown output at 1000");
    }

    @Test
    void thePeersCloseIsEchoedAndAPeerThatKeepsTcpOpenIsCutAtTheTimeout() {
        CloseHandshake h = handshake();
        h.onCloseFrameReceived(new CloseFrames.Close(4001, "bye", true));
        h.onCloseFrameWritten();
        assertThat(did).containsExactly("close frame 4001", "shutdown output at 0");
        clock.advance(CLOSE_TIMEOUT);
        assertThat(did).containsExactly("close frame 4001", "shutdown output at 0", "close TCP at 5000");
        assertThat(h.code()).isEqualTo(4001);
    }

    @Test
    void failingShutsDownOutputOnceTheCloseFrameIsOutAndStillCutsAtTheTimeout() {
        CloseHandshake h = handshake();
        h.fail(1002, "protocol error");
        h.onCloseFrameWritten();
        assertThat(did).containsExactly("close frame 1002", "shutdown output at 0");
        clock.advance(CLOSE_TIMEOUT);
        assertThat(did).last().isEqualTo("close TCP at 5000");
    }

    @Test
    void aConnectionThatEndsWithoutACloseFrameReports1006AndNeedsNoTimer() {
        CloseHandshake h = handshake();
        h.onChannelClosed();
        assertThat(h.code()).isEqualTo(WebSocketProtocol.CLOSE_ABNORMAL).isEqualTo(1006);
        assertThat(h.isOpen()).isFalse();
        clock.advance(Duration.ofMinutes(1));
        assertThat(did).isEmpty();
    }

    @Test
    void aStoppingServerThatTakesNoTimersClosesAtOnce() {
        timers = new IoTimers() {
            @Override
            public long nanoTime() {
                return clock.nanoTime();
            }

            @Override
            public Timer after(Runnable task, long delayNanos) {
                throw new RejectedExecutionException("IO thread stopped");
            }
        };
        CloseHandshake h = handshake();
        h.start(1001, "", false);
        assertThat(did).containsExactly("close frame 1001", "close TCP at 0");
    }

    @Test
    void ourCloseIsQueuedWithItsReasonAndFlushedOnce() {
        // Section 5.5.1: the close frame carries the code and the reason; a second close decides nothing.
        CloseHandshake h = handshake();
        assertThat(h.isOpen()).isTrue();
        h.start(4000, null, false);
        assertThat(h.code()).isEqualTo(4000);
        assertThat(h.reason()).isEmpty();
        assertThat(flushes).isEqualTo(1);
        h.start(1001, "later", false);
        assertThat(h.code()).isEqualTo(4000);
        assertThat(did).containsExactly("close frame 4000");
        assertThat(flushes).isEqualTo(1);
        assertThat(h.isFailing()).isFalse();
    }

    @Test
    void thePeersCloseBeforeOursIsWrittenFinishesWhenOursIsOut() {
        // Section 7.1.1/7.1.2: TCP ends once a close frame was both sent and received, whichever comes last.
        CloseHandshake h = handshake();
        h.start(1000, "bye", false);
        h.onCloseFrameReceived(new CloseFrames.Close(1000, "", true));
        assertThat(did).as("our close frame is not on the wire yet").containsExactly("close frame 1000");
        h.onCloseFrameWritten();
        assertThat(did).containsExactly("close frame 1000", "shutdown output at 0");
        assertThat(h.reason()).isEqualTo("bye");
    }

    @Test
    void failingWhileAlreadyClosingStopsWaitingForThePeerAndKeepsTheFirstCode() {
        // Section 7.1.7: failing the connection does not wait for the peer's close frame.
        CloseHandshake h = handshake();
        h.start(1000, "bye", false);
        h.onCloseFrameWritten();
        assertThat(did).containsExactly("close frame 1000");
        h.fail(1002, "protocol error");
        assertThat(h.isFailing()).isTrue();
        assertThat(did).containsExactly("close frame 1000", "shutdown output at 0");
        assertThat(h.code()).isEqualTo(1000);
        assertThat(h.reason()).isEqualTo("bye");
    }

    @Test
    void failingBeforeOurCloseFrameIsOutWaitsForIt() {
        CloseHandshake h = handshake();
        h.start(1000, "bye", false);
        h.fail(1002, "protocol error");
        assertThat(did).as("no shutdown before our close frame is written").containsExactly("close frame 1000");
        h.onCloseFrameWritten();
        assertThat(did).containsExactly("close frame 1000", "shutdown output at 0");
    }
}
