package io.hilbridge.sim;

import io.hilbridge.link.Frame;
import io.hilbridge.link.FrameEncoder;
import io.hilbridge.link.Messages;
import io.hilbridge.link.WrittenFrames;
import io.hilbridge.serial.SerialTransport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulated board's live view (uart-link.md section 3, PIXELS_SUB and PIXELS), spoken to with raw frames. */
class SimulatedBoardPixelsTest {

    private static final class Host implements SerialTransport.Listener {
        final List<Frame> frames = new CopyOnWriteArrayList<>();
        final WrittenFrames written = new WrittenFrames();

        @Override
        public synchronized void onBytes(byte[] data, int offset, int length) {
            frames.addAll(written.feed(data, offset, length));
        }

        @Override
        public void onDisconnect(String reason) {}

        Frame next(int type, String what) {
            Awaitility.await(what)
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> frames.stream().anyMatch(f -> f.type() == type));
            Frame f = frames.stream().filter(x -> x.type() == type).findFirst().orElseThrow();
            frames.remove(f);
            return f;
        }

        /** Waits for a PIXELS chunk of {@code light} and returns it. */
        Messages.Pixels pixelsOf(int light) {
            Awaitility.await("a PIXELS chunk of light " + light)
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> frames.stream()
                            .anyMatch(f -> f.type() == Frame.PIXELS && (f.payload()[0] & 0xFF) == light));
            Frame f = frames.stream()
                    .filter(x -> x.type() == Frame.PIXELS && (x.payload()[0] & 0xFF) == light)
                    .findFirst()
                    .orElseThrow();
            frames.removeIf(x -> x.type() == Frame.PIXELS && (x.payload()[0] & 0xFF) == light && x != f);
            frames.remove(f);
            return Messages.Pixels.decode(f.payload());
        }
    }

    private static byte[] sub(int seq, int light, int rate) {
        return FrameEncoder.encode(Frame.PIXELS_SUB, seq, new Messages.PixelsSub(light, rate).encode());
    }

    @Test
    void subscribedBoardSendsWhatTheLightsShowAndNacksBadSubscriptions() throws IOException {
        try (SimulatedBoard board = SimulatedBoard.builder().baud(0).seed(1).build()) {
            LoopbackTransport t = new LoopbackTransport(board);
            Host host = new Host();
            t.open(host);
            // The boot HELLO went out while no host was attached (bytes to a detached host are lost, as on a real
            // cable), so ask for one, as the link does.
            t.write(FrameEncoder.encode(Frame.HELLO_REQ, 0, new byte[0]));
            host.next(Frame.HELLO, "the HELLO answering HELLO_REQ");

            // Bad input, in the spec's order: length, light, rate. Nothing is subscribed by any of them.
            t.write(FrameEncoder.encode(Frame.PIXELS_SUB, 1, new byte[3]));
            assertThat(Messages.Nack.decode(
                            host.next(Frame.NACK, "NACK malformed").payload()))
                    .isEqualTo(new Messages.Nack(1, Messages.NACK_MALFORMED));
            t.write(sub(2, 4, 99));
            assertThat(Messages.Nack.decode(
                            host.next(Frame.NACK, "NACK bad light").payload()))
                    .isEqualTo(new Messages.Nack(2, Messages.NACK_BAD_LIGHT));
            t.write(sub(3, 0, Messages.PIXELS_MAX_RATE + 1));
            assertThat(Messages.Nack.decode(
                            host.next(Frame.NACK, "NACK out of range").payload()))
                    .isEqualTo(new Messages.Nack(3, Messages.NACK_OUT_OF_RANGE));
            assertThat(host.frames).noneMatch(f -> f.type() == Frame.PIXELS);

            // The RGB light at orange, brightness 128 shows (128, 83, 0), as the pixels_single vector says.
            t.write(FrameEncoder.encode(
                    Frame.SET,
                    4,
                    new Messages.SetCommand(
                                    2,
                                    Messages.F_ON | Messages.F_BRIGHTNESS | Messages.F_COLOR,
                                    1,
                                    128,
                                    255,
                                    166,
                                    0,
                                    0,
                                    0)
                            .encode()));
            host.next(Frame.ACK_STATE, "the SET's answer");
            t.write(FrameEncoder.encode(
                    Frame.SET,
                    5,
                    new Messages.SetCommand(3, Messages.F_ON | Messages.F_EFFECT, 1, 0, 0, 0, 0, 0, 3).encode()));
            host.next(Frame.ACK_STATE, "the SET's answer");
            t.write(sub(6, 0xFF, 20));
            assertThat(Messages.Ack.decode(host.next(Frame.ACK, "the subscription's ACK")
                                    .payload())
                            .ackSeq())
                    .isEqualTo(6);
            Messages.Pixels rgb = host.pixelsOf(2);
            assertThat(rgb.first()).isZero();
            assertThat(rgb.count()).isEqualTo(1);
            assertThat(rgb.color(0)).isEqualTo(0x805300);

            // The rainbow strip: all 8 pixels in one chunk, and it moves between two frames.
            Messages.Pixels a = host.pixelsOf(3);
            assertThat(a.count()).isEqualTo(8);
            Awaitility.await("the rainbow strip's pixels to change between two frames")
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> !java.util.Arrays.equals(host.pixelsOf(3).rgb(), a.rgb()));

            // Rate 0 ends it: the board's pixel timer stops.
            t.write(sub(7, 0xFF, 0));
            host.next(Frame.ACK, "the unsubscription's ACK");
            Awaitility.await("the board to stop its live view")
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> !board.pixelsSubscribed());
        }
    }
}
