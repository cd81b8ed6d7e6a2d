package io.hilbridge.sim;

import io.hilbridge.link.Frame;
import io.hilbridge.link.FrameEncoder;
import io.hilbridge.link.Messages;
import io.hilbridge.link.WrittenFrames;
import io.hilbridge.serial.SerialTransport;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The simulated board on its own, spoken to with raw frames. */
class SimulatedBoardTest {

    private static final class Host implements SerialTransport.Listener {
        final List<Frame> frames = new CopyOnWriteArrayList<>();
        final List<String> disconnects = new CopyOnWriteArrayList<>();
        final WrittenFrames written = new WrittenFrames();

        @Override
        public synchronized void onBytes(byte[] data, int offset, int length) {
            frames.addAll(written.feed(data, offset, length));
        }

        @Override
        public void onDisconnect(String reason) {
            disconnects.add(reason);
        }

        Frame next(int type) {
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> frames.stream().anyMatch(f -> f.type() == type));
            Frame f = frames.stream().filter(x -> x.type() == type).findFirst().orElseThrow();
            frames.remove(f);
            return f;
        }
    }

    @Test
    void answersHelloRequestSetAndDuplicates() throws IOException {
        try (SimulatedBoard board = SimulatedBoard.builder().baud(0).seed(1).build()) {
            LoopbackTransport t = new LoopbackTransport(board);
            Host host = new Host();
            t.open(host);
            t.write(FrameEncoder.encode(Frame.HELLO_REQ, 1, new byte[0]));
            Messages.Hello hello = Messages.Hello.decode(host.next(Frame.HELLO).payload());
            assertThat(hello.firmwareVersion()).isEqualTo("sim-0.1.0");
            assertThat(hello.bootId()).isEqualTo(board.bootId());

            byte[] set = FrameEncoder.encode(
                    Frame.SET, 2, new Messages.SetCommand(0, Messages.F_ON, 1, 0, 0, 0, 0, 0, 0).encode());
            t.write(set);
            Frame first = host.next(Frame.ACK_STATE);
            assertThat(Messages.AckState.decode(first.payload()).ackSeq()).isEqualTo(2);
            t.write(set); // the same seq again: answered with the same ACK_STATE, not applied
            assertThat(host.next(Frame.ACK_STATE).payload()).isEqualTo(first.payload());
            assertThat(board.setsApplied()).isEqualTo(1);
            assertThat(board.duplicatesAnswered()).isEqualTo(1);

            // colour on the on/off light: NACK unsupported, nothing changes
            t.write(FrameEncoder.encode(
                    Frame.SET, 3, new Messages.SetCommand(0, Messages.F_COLOR, 0, 0, 1, 2, 3, 0, 0).encode()));
            assertThat(Messages.Nack.decode(host.next(Frame.NACK).payload()))
                    .isEqualTo(new Messages.Nack(3, Messages.NACK_UNSUPPORTED));
            t.write(FrameEncoder.encode(Frame.SET, 4, new byte[3]));
            assertThat(Messages.Nack.decode(host.next(Frame.NACK).payload()).code())
                    .isEqualTo(Messages.NACK_MALFORMED);
            t.write(FrameEncoder.encode(
                    Frame.SET, 5, new Messages.SetCommand(7, Messages.F_ON, 1, 0, 0, 0, 0, 0, 0).encode()));
            assertThat(Messages.Nack.decode(host.next(Frame.NACK).payload()).code())
                    .isEqualTo(Messages.NACK_BAD_LIGHT);
            t.write(FrameEncoder.encode(Frame.SET, 6, new Messages.SetCommand(0, 0x20, 1, 0, 0, 0, 0, 0, 0).encode()));
            assertThat(Messages.Nack.decode(host.next(Frame.NACK).payload()).code())
                    .isEqualTo(Messages.NACK_OUT_OF_RANGE);
            t.write(FrameEncoder.encode(Frame.ACK, 7, new byte[4]));
            assertThat(Messages.Nack.decode(host.next(Frame.NACK).payload()).code())
                    .isEqualTo(Messages.NACK_UNKNOWN_TYPE);
            t.write(FrameEncoder.encode(Frame.PING, 8, new byte[0]));
            assertThat(Messages.Pong.decode(host.next(Frame.PONG).payload()).pingSeq())
                    .isEqualTo(8);
            assertThat(board.lights().get(0).on()).isTrue();
            t.close();
        }
    }

    @Test
    void helloRequestStartsAFreshDuplicateWindow() throws IOException {
        try (SimulatedBoard board = SimulatedBoard.builder().baud(0).seed(3).build()) {
            LoopbackTransport t = new LoopbackTransport(board);
            Host host = new Host();
            t.open(host);
            byte[] on = new Messages.SetCommand(1, Messages.F_ON, 1, 0, 0, 0, 0, 0, 0).encode();
            byte[] dim = new Messages.SetCommand(1, Messages.F_BRIGHTNESS, 0, 7, 0, 0, 0, 0, 0).encode();
            t.write(FrameEncoder.encode(Frame.SET, 10, on));
            host.next(Frame.ACK_STATE);
            t.write(FrameEncoder.encode(Frame.SET, 11, on)); // no change: a plain ACK
            host.next(Frame.ACK);
            t.write(FrameEncoder.encode(Frame.HELLO_REQ, 12, new byte[0]));
            host.next(Frame.HELLO);
            long applied = board.setsApplied();
            // seq 10 again, in the new session: a new command, applied
            t.write(FrameEncoder.encode(Frame.SET, 10, dim));
            host.next(Frame.ACK_STATE);
            assertThat(board.setsApplied()).isEqualTo(applied + 1);
            assertThat(board.lights().get(1).brightness()).isEqualTo(7);
            // a new seq, then its retransmission: applied once
            t.write(FrameEncoder.encode(Frame.SET, 20, on));
            host.next(Frame.ACK);
            t.write(FrameEncoder.encode(Frame.SET, 20, on));
            host.next(Frame.ACK);
            t.write(FrameEncoder.encode(Frame.SET, 10, dim));
            host.next(Frame.ACK_STATE);
            assertThat(board.setsApplied()).isEqualTo(applied + 2);
            assertThat(board.duplicatesAnswered()).isEqualTo(2);
            t.close();
        }
    }

    @Test
    void aLateSupersededSetIsAckedButNotApplied() throws IOException {
        try (SimulatedBoard board = SimulatedBoard.builder().baud(0).seed(4).build()) {
            LoopbackTransport t = new LoopbackTransport(board);
            Host host = new Host();
            t.open(host);
            byte[] dim10 = new Messages.SetCommand(1, Messages.F_BRIGHTNESS, 0, 10, 0, 0, 0, 0, 0).encode();
            byte[] dim50 = new Messages.SetCommand(1, Messages.F_BRIGHTNESS, 0, 50, 0, 0, 0, 0, 0).encode();
            byte[] allOn = new Messages.SetCommand(0xFF, Messages.F_ON, 1, 0, 0, 0, 0, 0, 0).encode();
            // The host sent 0xFFFE (brightness 10) and 0x0001 (50) across the wrap; the first was lost.
            t.write(FrameEncoder.encode(Frame.SET, 0x0001, dim50));
            host.next(Frame.ACK_STATE);
            // Its late retransmission: ACKed, and light 1 keeps the newer 50.
            t.write(FrameEncoder.encode(Frame.SET, 0xFFFE, dim10));
            assertThat(Messages.Ack.decode(host.next(Frame.ACK).payload()).ackSeq())
                    .isEqualTo(0xFFFE);
            assertThat(board.lights().get(1).brightness()).isEqualTo(50);
            assertThat(board.staleSkipped()).isEqualTo(1);
            // An older 0xFF SET: applied to every light except light 1.
            t.write(FrameEncoder.encode(Frame.SET, 0xFFFF, allOn));
            host.next(Frame.ACK);
            assertThat(board.lights())
                    .extracting(io.hilbridge.lights.LightState::on)
                    .containsExactly(true, false, true, true);
            // HELLO_REQ starts a new session: its SETs are not compared with the old one's.
            t.write(FrameEncoder.encode(Frame.HELLO_REQ, 0x0002, new byte[0]));
            host.next(Frame.HELLO);
            t.write(FrameEncoder.encode(Frame.SET, 0xFFF0, dim10));
            host.next(Frame.ACK_STATE);
            assertThat(board.lights().get(1).brightness()).isEqualTo(10);
            t.close();
        }
    }

    /**
     * Everything the board answers to one frame, in order (its boot HELLO and LOG aside): the frame, then a PING
     * whose PONG fences the answer.
     */
    private static List<Frame> exchange(LoopbackTransport t, Host host, byte[] frame, int fenceSeq) {
        host.frames.clear();
        t.write(frame);
        t.write(FrameEncoder.encode(Frame.PING, fenceSeq, new byte[0]));
        await().atMost(Duration.ofSeconds(5)).until(() -> host.frames.stream().anyMatch(f -> f.type() == Frame.PONG));
        List<Frame> out = new java.util.ArrayList<>(host.frames);
        out.removeIf(f -> f.type() == Frame.PONG || f.type() == Frame.HELLO || f.type() == Frame.LOG); // boot
        return out;
    }

    @Test
    void answersBySetHowManyLightsChanged() throws IOException {
        try (SimulatedBoard board = SimulatedBoard.builder().baud(0).seed(5).build()) {
            LoopbackTransport t = new LoopbackTransport(board);
            Host host = new Host();
            t.open(host);
            byte[] rgb = new Messages.SetCommand(2, Messages.F_ON | Messages.F_COLOR, 1, 0, 0, 128, 255, 0, 0).encode();
            // One light changed: one ACK_STATE, no STATE, no ACK (uart-link.md section 4, dispatch).
            List<Frame> one = exchange(t, host, FrameEncoder.encode(Frame.SET, 30, rgb), 31);
            assertThat(one).extracting(Frame::type).containsExactly(Frame.ACK_STATE);
            assertThat(Messages.AckState.decode(one.get(0).payload()))
                    .isEqualTo(new Messages.AckState(30, 1, 2, 1, 255, 0, 128, 255, 0));
            // Nothing changed: an ACK.
            List<Frame> none = exchange(t, host, FrameEncoder.encode(Frame.SET, 32, rgb), 33);
            assertThat(none).extracting(Frame::type).containsExactly(Frame.ACK);
            assertThat(Messages.Ack.decode(none.get(0).payload())).isEqualTo(new Messages.Ack(32, 1));
            // Several (0xFF, lights 0, 1 and 3 go on): a STATE each with the generation after its change, then ACK.
            byte[] allOn = new Messages.SetCommand(0xFF, Messages.F_ON, 1, 0, 0, 0, 0, 0, 0).encode();
            List<Frame> many = exchange(t, host, FrameEncoder.encode(Frame.SET, 34, allOn), 35);
            assertThat(many).extracting(Frame::type).containsExactly(Frame.STATE, Frame.STATE, Frame.STATE, Frame.ACK);
            assertThat(many.subList(0, 3))
                    .extracting(f -> Messages.State.decode(f.payload()))
                    .extracting(Messages.State::light, Messages.State::cause, Messages.State::stateGen)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(0, 0, 2),
                            org.assertj.core.groups.Tuple.tuple(1, 0, 3),
                            org.assertj.core.groups.Tuple.tuple(3, 0, 4));
            assertThat(Messages.Ack.decode(many.get(3).payload())).isEqualTo(new Messages.Ack(34, 4));
            // A retransmission of the first SET after the light changed again: the same ACK_STATE as then.
            board.pressButton(2);
            await().until(() -> host.frames.stream()
                    .anyMatch(f -> f.type() == Frame.STATE
                            && Messages.State.decode(f.payload()).cause() == 1));
            List<Frame> repeat = exchange(t, host, FrameEncoder.encode(Frame.SET, 30, rgb), 36);
            assertThat(repeat).extracting(Frame::type).containsExactly(Frame.ACK_STATE);
            assertThat(repeat.get(0).payload()).isEqualTo(one.get(0).payload());
            assertThat(board.lights().get(2).on()).isFalse();
            // ... and of the 0xFF SET: only its ACK.
            List<Frame> repeatMany = exchange(t, host, FrameEncoder.encode(Frame.SET, 34, allOn), 37);
            assertThat(repeatMany).extracting(Frame::type).containsExactly(Frame.ACK);
            t.close();
        }
    }

    @Test
    void unplugDisconnectsAndRefusesToOpenUntilReplug() throws IOException {
        try (SimulatedBoard board = SimulatedBoard.builder().baud(0).seed(2).build()) {
            LoopbackTransport t = new LoopbackTransport(board);
            Host host = new Host();
            t.open(host);
            long boot = board.bootId();
            board.faults().unplug();
            await().until(() -> !host.disconnects.isEmpty());
            assertThatThrownBy(() -> t.open(new Host()))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("unplugged");
            board.faults().replug();
            Host again = new Host();
            t.open(again);
            t.write(FrameEncoder.encode(Frame.HELLO_REQ, 1, new byte[0]));
            assertThat(Messages.Hello.decode(again.next(Frame.HELLO).payload()).bootId())
                    .isNotEqualTo(boot);
            assertThat(board.boots()).isEqualTo(2);
        }
    }

    @Test
    void throttledWireTakesTenBitTimesPerByte() {
        try (SimulatedBoard board = SimulatedBoard.builder().baud(115200).build()) {
            assertThat(board.byteNanos()).isEqualTo(10_000_000_000L / 115200);
        }
        try (SimulatedBoard board = SimulatedBoard.builder().baud(0).build()) {
            assertThat(board.byteNanos()).isZero();
        }
    }

    @Test
    void throttledWireNeverDeliversBeforeTheBytesCouldHaveCrossedIt() throws IOException {
        // Three frames written back to back at 9600 baud: each arrives no earlier than its own bytes' wire time
        // after it was written, and no earlier than the previous frame's arrival plus its own wire time (the
        // wire is one serial line, frames queue behind each other: the n-th cannot arrive before the first was
        // written plus the wire time of all n). The board's answers obey the same rule.
        try (SimulatedBoard board =
                SimulatedBoard.builder().baud(9600).seed(5).bootText(false).build()) {
            List<long[]> arrivals = new CopyOnWriteArrayList<>(); // {toBoard 1/0, length, sent, arrived}
            board.tapWires((toBoard, bytes, sent, start, arrived) ->
                    arrivals.add(new long[] {toBoard ? 1 : 0, bytes.length, sent, arrived}));
            LoopbackTransport t = new LoopbackTransport(board);
            Host host = new Host();
            t.open(host);
            host.next(Frame.HELLO); // the boot HELLO
            for (int seq = 1; seq <= 3; seq++) {
                t.write(FrameEncoder.encode(Frame.PING, seq, new byte[0]));
            }
            for (int i = 0; i < 3; i++) host.next(Frame.PONG);
            long perByte = board.byteNanos();
            long firstSent = -1, bytesSoFar = 0;
            int toBoardChunks = 0;
            for (long[] a : arrivals) {
                assertThat(a[3]).as("arrival after sent + wire time").isGreaterThanOrEqualTo(a[2] + a[1] * perByte);
                if (a[0] == 1) {
                    toBoardChunks++;
                    if (firstSent < 0) firstSent = a[2];
                    bytesSoFar += a[1];
                    assertThat(a[3])
                            .as("queued behind the earlier chunks")
                            .isGreaterThanOrEqualTo(firstSent + bytesSoFar * perByte);
                }
            }
            assertThat(toBoardChunks).isEqualTo(3);
            assertThat(arrivals.stream().filter(a -> a[0] == 0).count()).isGreaterThanOrEqualTo(4); // HELLO + 3 PONGs
        }
    }

    @Test
    void faultsParseTheCliForm() {
        Faults f = Faults.parse("bitflip=0.001, drop=0.0005,dup=0.01,reset-every=30s");
        assertThat(f.bitFlipRate()).isEqualTo(0.001);
        assertThat(f.dropRate()).isEqualTo(0.0005);
        assertThat(f.duplicateRate()).isEqualTo(0.01);
        assertThat(Faults.parse("").bitFlipRate()).isZero();
        assertThat(Faults.parse("none").dropRate()).isZero();
        assertThatThrownBy(() -> Faults.parse("bitflip=2")).hasMessageContaining("0..1");
        assertThatThrownBy(() -> Faults.parse("flip=0.1")).hasMessageContaining("unknown fault 'flip'");
        assertThatThrownBy(() -> Faults.parse("drop")).hasMessageContaining("key=value");
        assertThatThrownBy(() -> Faults.parse("reset-every=soon")).hasMessageContaining("duration");
        assertThatThrownBy(() -> Faults.parse("bitflip=0.1").reset()).isInstanceOf(IllegalStateException.class);
        assertThat(Faults.parse("stuck-light=3, stuck-light=1").stuckAtBoot()).containsExactlyInAnyOrder(1, 3);
        assertThatThrownBy(() -> Faults.parse("stuck-light=8")).hasMessageContaining("light id 0..7");
        assertThatThrownBy(() -> Faults.parse("stuck-light=x")).hasMessageContaining("stuck-light");
    }
}
