package io.hilbridge.firmware;

import io.hilbridge.link.DecodeError;
import io.hilbridge.link.Frame;
import io.hilbridge.link.FrameDecoder;
import io.hilbridge.link.FrameEncoder;
import io.hilbridge.serial.JSerialCommTransport;
import io.hilbridge.serial.SerialTransport;
import io.hilbridge.sim.LoopbackTransport;
import io.hilbridge.sim.SimulatedBoard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two independent boards, one protocol: the firmware's C core ({@code hilbridge-sim}, over a pty) and the bridge's
 * Java {@link SimulatedBoard} (over loopback) get the same random command stream (and the same button presses),
 * frame by frame, and must give the same answers: every ACK, ACK_STATE, NACK and STATE byte for byte, PONG's state_gen, HELLO's lights. Sequence numbers,
 * boot ids, firmware versions, uptimes and LOG frames are the boards' own business and are not compared.
 */
class BoardConformanceTest {

    private static final int STEPS = 400;

    @TempDir
    Path dir;

    private SimProcess sim;
    private Probe c;
    private Probe java;
    private SimulatedBoard javaBoard;

    /** One board behind a transport: sends a frame plus a PING barrier, returns what came back before the PONG. */
    private static final class Probe implements AutoCloseable {
        private final SerialTransport transport;
        private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
        private final FrameDecoder decoder = new FrameDecoder(new FrameDecoder.Listener() {
            @Override
            public void onFrame(Frame frame) {
                frames.add(frame);
            }

            @Override
            public void onError(DecodeError error) {
                frames.add(new Frame(0xEE, 0, new byte[] {(byte) error.ordinal()}));
            }
        });

        Probe(SerialTransport transport) throws IOException {
            this.transport = transport;
            transport.open(new SerialTransport.Listener() {
                @Override
                public void onBytes(byte[] data, int offset, int length) {
                    synchronized (decoder) {
                        decoder.feed(data, offset, length);
                    }
                }

                @Override
                public void onDisconnect(String reason) {
                    frames.add(new Frame(0xEF, 0, new byte[0]));
                }
            });
        }

        /** Sends {@code wire} (null: nothing) and a PING; returns what came before its PONG. */
        List<Frame> exchange(byte[] wire, int barrier) throws InterruptedException {
            if (wire != null) transport.write(wire);
            transport.write(FrameEncoder.encode(Frame.PING, barrier, new byte[0]));
            List<Frame> got = new ArrayList<>();
            while (true) {
                Frame f = frames.poll(SimProcess.WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(f)
                        .as("no PONG %d from %s; so far %s", barrier, transport.describe(), got)
                        .isNotNull();
                if (f.type() == Frame.PONG && (f.payload()[0] & 0xFF | (f.payload()[1] & 0xFF) << 8) == barrier) {
                    got.add(new Frame(Frame.PONG, 0, Arrays.copyOf(f.payload(), 4))); // ping seq + state_gen
                    return got;
                }
                if (f.type() != Frame.LOG) got.add(f);
            }
        }

        @Override
        public void close() {
            transport.close();
        }
    }

    @BeforeEach
    void start() throws Exception {
        sim = SimProcess.start(dir.resolve("board"));
        c = new Probe(new JSerialCommTransport(sim.link().toString(), 115200));
        javaBoard =
                SimulatedBoard.builder().name("java").baud(0).bootText(false).build();
        java = new Probe(new LoopbackTransport(javaBoard));
    }

    @AfterEach
    void stop() throws Exception {
        if (c != null) c.close();
        if (java != null) java.close();
        if (javaBoard != null) javaBoard.close();
        if (sim != null) sim.close();
    }

    /** What two conforming boards must agree on. */
    private static String normalized(List<Frame> frames) {
        StringBuilder sb = new StringBuilder();
        for (Frame f : frames) {
            byte[] p = f.payload();
            if (f.type() == Frame.HELLO) {
                int fw = p[1] & 0xFF;
                p = Arrays.copyOfRange(p, 1 + 1 + fw + 4, p.length); // from light_count on
            }
            sb.append(String.format("%02x:", f.type()))
                    .append(HexFormat.of().formatHex(p))
                    .append(' ');
        }
        return sb.toString().trim();
    }

    private static byte[] randomSet(Random r) {
        byte[] p = new byte[10];
        int pick = r.nextInt(100);
        p[0] = (byte) (pick < 70 ? r.nextInt(4) : pick < 90 ? 0xFF : 4 + r.nextInt(251));
        p[1] = (byte) (r.nextInt(100) < 95 ? 1 + r.nextInt(31) : r.nextInt(256));
        p[2] = (byte) (r.nextInt(100) < 95 ? r.nextInt(2) : 2 + r.nextInt(254));
        p[3] = (byte) r.nextInt(256);
        p[4] = (byte) r.nextInt(256);
        p[5] = (byte) (r.nextBoolean() ? 0 : r.nextInt(256));
        p[6] = (byte) r.nextInt(256);
        int t = new int[] {0, 100, 65535}[r.nextInt(3)];
        p[7] = (byte) t;
        p[8] = (byte) (t >> 8);
        p[9] = (byte) (r.nextInt(100) < 90 ? r.nextInt(4) : 4 + r.nextInt(252));
        int len = r.nextInt(100) < 95 ? 10 : r.nextBoolean() ? 9 : 11;
        return Arrays.copyOf(p, len);
    }

    /**
     * Fixed seeds keep the run deterministic. While this test was written it found two divergences (range checks
     * of unmeant SET bytes; the Java board's duplicate window after HELLO_REQ), and each of these seeds still
     * catches the second one when it is put back.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {-2787753723485395899L, 3792635968754458151L, 3951571898966630776L})
    void theCCoreAndTheJavaBoardAnswerEveryCommandAlike(long seed) throws Exception {
        Random r = new Random(seed);
        List<Integer> recentSeqs = new ArrayList<>();
        int seq = r.nextInt(0x10000);
        int barrier = 1;
        // Start both in a new host session; the Java board's boot HELLO (the C board's went unheard) goes too.
        byte[] helloReq = FrameEncoder.encode(Frame.HELLO_REQ, seq, new byte[0]);
        c.exchange(helloReq, barrier);
        java.exchange(helloReq, barrier);
        int ackStates = 0;
        for (int step = 0; step < STEPS; step++) {
            int type;
            byte[] payload;
            int frameSeq;
            int op = r.nextInt(100);
            if (op < 75) {
                type = Frame.SET;
                payload = randomSet(r);
                if (!recentSeqs.isEmpty() && r.nextInt(100) < 25) {
                    frameSeq = recentSeqs.get(r.nextInt(recentSeqs.size())); // a retransmission, or a stale seq
                } else {
                    frameSeq = seq = (seq + 1) & 0xFFFF;
                    recentSeqs.add(frameSeq);
                    if (recentSeqs.size() > 12) recentSeqs.remove(0);
                }
            } else if (op < 87) {
                type = Frame.STATE_REQ;
                payload = r.nextInt(10) < 9
                        ? new byte[] {(byte) (r.nextBoolean() ? 0xFF : r.nextInt(6))}
                        : new byte[r.nextInt(3) * 2];
                frameSeq = seq = (seq + 1) & 0xFFFF;
            } else if (op < 93) {
                type = Frame.HELLO_REQ;
                payload = r.nextInt(10) < 9 ? new byte[0] : new byte[] {1};
                frameSeq = seq = (seq + 1) & 0xFFFF;
            } else {
                type = new int[] {
                            Frame.HELLO, Frame.ACK, Frame.NACK, Frame.STATE, Frame.PONG, Frame.LOG, 0x00, 0x42, 0xFF
                        }
                        [r.nextInt(9)];
                payload = new byte[r.nextInt(4)];
                frameSeq = seq = (seq + 1) & 0xFFFF;
            }
            barrier = (barrier + 1) & 0xFFFF;
            String fromC;
            String fromJava;
            if (r.nextInt(100) < 4) {
                // The board's own change: a press of its button (board-originated STATE, cause button).
                int light = r.nextInt(4);
                type = -1;
                int mark = sim.mark();
                sim.command("button " + light);
                sim.awaitLine(mark, l -> l.equals("button " + light));
                javaBoard.pressButton(light);
                fromC = normalized(c.exchange(null, barrier));
                fromJava = normalized(java.exchange(null, barrier));
            } else {
                byte[] wire = FrameEncoder.encode(type, frameSeq, payload);
                fromC = normalized(c.exchange(wire, barrier));
                fromJava = normalized(java.exchange(wire, barrier));
            }
            assertThat(fromC)
                    .as(
                            "step %d (seed %d): %02x seq %d payload %s",
                            step, seed, type, frameSeq, HexFormat.of().formatHex(payload))
                    .isEqualTo(fromJava);
            ackStates += fromC.split("(^| )0b:", -1).length - 1;
        }
        // The stream exercised the one-frame answer (a SET that changed exactly one light), not only the others.
        assertThat(ackStates).as("ACK_STATE answers compared").isPositive();
    }
}
