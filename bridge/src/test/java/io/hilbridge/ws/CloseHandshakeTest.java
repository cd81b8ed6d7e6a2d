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

    private final CloseHandshake.Channel channel = new CloseHandshake.Channel() {
        @Override
        public void queueCloseFrame(ByteBuffer frame, boolean discardPending) {
            int at = frame.position() + 2; // after the 2-byte header of a short server frame
            did.add("close frame " + (((frame.get(at) & 0xFF) << 8) | (frame.get(at + 1) & 0xFF)));
        }

        @Override
        public void flushSoon() {}

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
}
