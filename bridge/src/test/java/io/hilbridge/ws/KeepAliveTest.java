package io.hilbridge.ws;

import io.hilbridge.concurrent.VirtualClock;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The keep-alive rule on virtual time: a ping after {@link WebSocketConfig#pingInterval()} without input (RFC 6455
 * section 5.5.2 lets either side ping at any time), any input within {@link WebSocketConfig#pongTimeout()} counts as
 * the answer, and a peer that sends nothing by then is dropped without a close frame (the application sees 1006,
 * section 7.1.5). Each assertion holds one nanosecond before a deadline and fails at it.
 */
class KeepAliveTest {
    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final Duration PONG_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration NS = Duration.ofNanos(1);

    private final VirtualClock clock = new VirtualClock();
    private final long t0 = clock.nanoTime();
    private final List<Duration> pings = new ArrayList<>();
    private final List<Duration> drops = new ArrayList<>();
    private boolean open = true;
    private final KeepAlive keepAlive = new KeepAlive(
            new VirtualIoTimers(clock),
            WebSocketConfig.builder()
                    .pingInterval(INTERVAL)
                    .pongTimeout(PONG_TIMEOUT)
                    .build(),
            new InetSocketAddress("127.0.0.1", 1),
            () -> open,
            () -> pings.add(now()),
            () -> drops.add(now()));

    private Duration now() {
        return Duration.ofNanos(clock.nanoTime() - t0);
    }

    private void at(Duration t) {
        clock.advance(t.minus(now()));
    }

    private static Duration s(long seconds) {
        return Duration.ofSeconds(seconds);
    }

    @Test
    void aSilentPeerIsPingedAfterTheInterval() {
        keepAlive.start();
        at(INTERVAL.minus(NS));
        assertThat(pings).isEmpty();
        at(INTERVAL);
        assertThat(pings).containsExactly(INTERVAL);
    }

    @Test
    void inputPostponesThePingToAFullIntervalOfSilence() {
        keepAlive.start();
        at(s(15));
        keepAlive.onInput();
        at(s(45).minus(NS));
        assertThat(pings).isEmpty();
        at(s(45));
        assertThat(pings).containsExactly(s(45));
    }

    @Test
    void noAnswerWithinThePongTimeoutDropsThePeer() {
        keepAlive.start();
        at(INTERVAL.plus(PONG_TIMEOUT).minus(NS));
        assertThat(drops).isEmpty();
        at(INTERVAL.plus(PONG_TIMEOUT));
        assertThat(drops).containsExactly(INTERVAL.plus(PONG_TIMEOUT));
        at(s(600));
        assertThat(pings).as("one ping, then nothing more for a dropped peer").hasSize(1);
        assertThat(drops).hasSize(1);
    }

    @Test
    void anyInputWithinThePongTimeoutCountsAsTheAnswer() {
        keepAlive.start();
        at(s(35)); // pinged at 30 s
        keepAlive.onInput(); // data, not necessarily a pong
        at(s(65).minus(NS));
        assertThat(drops).isEmpty();
        assertThat(pings).containsExactly(s(30));
        at(s(65)); // 30 s of silence since the input
        assertThat(pings).containsExactly(s(30), s(65));
        assertThat(drops).isEmpty();
    }

    @Test
    void inputThatCameBeforeThePingIsNoAnswer() {
        keepAlive.start();
        at(s(29));
        keepAlive.onInput();
        at(s(59)); // pinged at 59 s; nothing since
        assertThat(pings).containsExactly(s(59));
        at(s(69));
        assertThat(drops).containsExactly(s(69));
    }

    @Test
    void aStoppedOrClosingConnectionIsNeitherPingedNorDropped() {
        keepAlive.start();
        keepAlive.stop();
        at(s(600));
        assertThat(pings).isEmpty();

        KeepAliveTest other = new KeepAliveTest();
        other.keepAlive.start();
        other.open = false; // the close handshake has started
        other.at(s(600));
        assertThat(other.pings).isEmpty();
        assertThat(other.drops).isEmpty();
    }

    @Test
    void inputInTheSameInstantAsThePingIsAnAnswer() {
        // The pong timeout counts from the ping: input from that instant on is within it.
        keepAlive.start();
        at(INTERVAL);
        assertThat(pings).containsExactly(INTERVAL);
        keepAlive.onInput();
        at(INTERVAL.plus(PONG_TIMEOUT));
        assertThat(drops).isEmpty();
    }
}
