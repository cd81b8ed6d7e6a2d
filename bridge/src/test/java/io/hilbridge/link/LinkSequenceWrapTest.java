package io.hilbridge.link;

import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.LightChange;
import io.hilbridge.serial.ForwardingTransport;
import io.hilbridge.serial.SerialTransport;
import io.hilbridge.sim.LoopbackTransport;
import io.hilbridge.sim.SimulatedBoard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The host's 16-bit sequence counter wrapping round (uart-link.md section 6), against the simulated board: SETs across
 * 0xFFFF → 0x0000 are all applied (the board's per-light ordering sees 0x0000 as newer than 0xFFFF), and a counter
 * that has come all the way round never gives a new SET the seq of a recent one (the board's duplicate window would
 * answer it from memory without applying it). Link and board run on virtual time ({@link VirtualSim}).
 */
class LinkSequenceWrapTest {
    private final VirtualSim sim = new VirtualSim();
    private SimulatedBoard board;
    private LinkSession link;

    /** Records the seq of every SET the link writes. */
    private static final class SetSeqs extends ForwardingTransport {
        final List<Integer> seqs = new CopyOnWriteArrayList<>();
        private final WrittenFrames written = new WrittenFrames();

        SetSeqs(SerialTransport inner) {
            super(inner);
        }

        @Override
        public synchronized boolean write(byte[] data) {
            for (Frame f : written.feed(data)) {
                if (f.type() == Frame.SET) seqs.add(f.seq());
            }
            return inner.write(data);
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        sim.close();
    }

    private SetSeqs start() {
        board = sim.board(SimulatedBoard.builder().seed(11).bootText(false));
        SetSeqs transport = new SetSeqs(new LoopbackTransport(board));
        link = sim.start("wrap", transport, LinkConfig.defaults());
        sim.until(() -> link.status() == DeviceStatus.ONLINE, "the link online");
        return transport;
    }

    private static LightChange brightness(int b) {
        return new LightChange(true, b, null, null, null);
    }

    @Test
    void setsAcrossTheWrapAreAllApplied() throws Exception {
        SetSeqs transport = start();
        sim.done(link.set(1, brightness(1)));
        // Walk the counter up to just before the wrap the way a real session gets there: the board sees a frame
        // at least every 12,288 seqs (here a SET to the same light, each one newer than the last it applied).
        int seq = transport.seqs.get(transport.seqs.size() - 1);
        int distance = (0xFFFD - seq) & 0xFFFF;
        for (int k = 1; distance > 0x3000; k++, distance -= 0x3000) {
            seq = (seq + 0x3000) & 0xFFFF;
            sim.done(link.moveSequenceForTest(seq));
            sim.done(link.set(1, brightness(k + 1)));
            assertThat(board.lights().get(1).brightness())
                    .as("walk step %d applied", k)
                    .isEqualTo(k + 1);
        }
        long applied = board.setsApplied();
        sim.done(link.moveSequenceForTest(0xFFFD));
        int before = transport.seqs.size();
        for (int b = 10; b <= 60; b += 10) {
            sim.done(link.set(1, brightness(b)));
            assertThat(board.lights().get(1).brightness())
                    .as("after the SET with brightness %d", b)
                    .isEqualTo(b);
        }
        List<Integer> sent = transport.seqs.subList(before, transport.seqs.size());
        assertThat(sent).as("the SETs' seqs crossed the wrap").contains(0xFFFF, 0x0000);
        // Applied six times (a retransmission on a slow machine would be answered from the duplicate window and not
        // counted), and never judged stale.
        assertThat(board.setsApplied() - applied).isEqualTo(6);
        assertThat(board.staleSkipped()).isZero();
    }

    @Test
    void aCounterThatCameAllTheWayRoundSkipsTheSeqsOfRecentSets() throws Exception {
        SetSeqs transport = start();
        for (int b = 1; b <= 3; b++) sim.done(link.set(1, brightness(b)));
        List<Integer> recent = List.copyOf(transport.seqs.subList(transport.seqs.size() - 3, transport.seqs.size()));
        // 65,536 frames later the counter is back at the first of them.
        sim.done(link.moveSequenceForTest(recent.get(0)));
        sim.done(link.set(1, brightness(200)));
        int seq = transport.seqs.get(transport.seqs.size() - 1);
        assertThat(seq).as("the new SET's seq").isNotIn(recent);
        assertThat(board.lights().get(1).brightness())
                .as("applied, not answered from the duplicate window")
                .isEqualTo(200);
    }
}
