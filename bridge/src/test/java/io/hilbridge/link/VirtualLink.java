package io.hilbridge.link;

import io.hilbridge.concurrent.VirtualClock;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.LightInfo;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Test fixture for the session rules: a {@link LinkSession} on a {@link VirtualClock} against a
 * {@link ScriptedBoard#answeringInline()} board that leaves every SET unanswered until the test answers it. The whole
 * link runs on the test's thread (as in {@link LinkTimersTest}): a command has been handled, and an answer the test
 * sends has been handled, when the call returns, and no timer fires unless the test advances the clock. So no step
 * needs a barrier or a wait.
 *
 * <p>Thread-safety: for one test thread.
 */
final class VirtualLink implements AutoCloseable {
    final VirtualClock clock = new VirtualClock();
    final ScriptedBoard board = ScriptedBoard.answeringInline();
    LinkSession link;

    VirtualLink() {
        board.clock = clock::nanoTime;
        board.onSet = f -> null; // every SET waits for the test's answer
    }

    /** Starts the link against a board with {@code lights}; it is online when this returns. */
    LinkSession start(LinkConfig config, List<LightInfo> lights) {
        board.lights = lights;
        link = LinkSession.start("virtual", board, config, clock);
        assertThat(link.status()).as("online after the inline handshake").isEqualTo(DeviceStatus.ONLINE);
        return link;
    }

    LinkSession start(LinkConfig config) {
        return start(config, ScriptedBoard.ONE_LAMP);
    }

    /** The board sends a frame of {@code type} with {@code payload}; the link has handled it when this returns. */
    void toHost(int type, byte[] payload) {
        board.toHost(FrameEncoder.encode(type, 0, payload));
    }

    void ack(int seq, int stateGen) {
        toHost(Frame.ACK, new Messages.Ack(seq, stateGen).encode());
    }

    void nack(int seq, int code) {
        toHost(Frame.NACK, new Messages.Nack(seq, code).encode());
    }

    /** A STATE for {@code light} with brightness {@code brightness}, switched on. */
    void state(int light, int cause, int brightness, int stateGen) {
        toHost(Frame.STATE, new Messages.State(light, cause, 1, brightness, 0, 0, 0, 0, stateGen).encode());
    }

    /** The seq of the newest distinct SET written. */
    int lastSetSeq() {
        List<Frame> sets = board.newSets();
        assertThat(sets).as("SETs written").isNotEmpty();
        return sets.get(sets.size() - 1).seq();
    }

    /** The payload of the newest distinct SET written. */
    Messages.SetCommand lastSet() {
        List<Frame> sets = board.newSets();
        assertThat(sets).as("SETs written").isNotEmpty();
        return Messages.SetCommand.decode(sets.get(sets.size() - 1).payload());
    }

    /** How many frames of {@code type} the host has written. */
    long written(int type) {
        return board.written.stream().filter(t -> t == type).count();
    }

    void advance(Duration d) {
        clock.advance(d);
    }

    static LightChange brightness(int b) {
        return new LightChange(null, b, null, null, null);
    }

    @Override
    public void close() {
        if (link != null) link.close();
    }
}
