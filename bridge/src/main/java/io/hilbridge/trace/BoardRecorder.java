package io.hilbridge.trace;

import io.hilbridge.link.Crc16;
import io.hilbridge.link.DecodeError;
import io.hilbridge.link.Frame;
import io.hilbridge.link.FrameDecoder;
import io.hilbridge.trace.TraceRecord.Direction;
import io.hilbridge.trace.TraceRecord.Kind;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns one board's port bytes into trace records (protocol-spec/trace-format.md): each direction goes through the
 * link's own {@link FrameDecoder}, so a trace shows the frames and decode errors the link saw; the bytes of each run
 * between delimiters are kept (up to {@link #MAX_RAW}) so a decode error carries them. Marks retransmits: an outbound
 * SET or REBOOT_REQ whose seq an earlier unanswered one carried.
 *
 * <p>Not thread-safe: fed by the trace's one writer thread.
 */
final class BoardRecorder {
    static final int MAX_RAW = 256;
    /** More unanswered seqs than this cannot be in flight (the link's window is 4); the oldest are forgotten. */
    private static final int MAX_UNANSWERED = 64;

    private final int board;
    private final Consumer<TraceRecord> out;
    private final Side tx = new Side(Direction.TX);
    private final Side rx = new Side(Direction.RX);
    private final Set<Integer> unanswered = new LinkedHashSet<>();

    BoardRecorder(int board, Consumer<TraceRecord> out) {
        this.board = board;
        this.out = out;
    }

    /** Bytes written to ({@code TX}) or read from ({@code RX}) the port at {@code micros}. */
    void bytes(Direction dir, long micros, byte[] data) {
        Side side = dir == Direction.TX ? tx : rx;
        side.micros = micros;
        for (byte b : data) side.feed(b);
    }

    /** A link event; a new port connection forgets partial frames and unanswered seqs. */
    void event(long micros, TraceEvent event, String text) {
        if (event == TraceEvent.PORT_OPEN) restart();
        byte[] t = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] body = new byte[1 + Math.min(t.length, TraceEvent.MAX_TEXT)];
        body[0] = (byte) event.code;
        System.arraycopy(t, 0, body, 1, body.length - 1);
        out.accept(new TraceRecord(board, micros, Kind.EVENT, Direction.NONE, false, body));
    }

    /** Bytes are missing (dropped records): what was partly received cannot be trusted. */
    void restart() {
        tx.reset();
        rx.reset();
        unanswered.clear();
    }

    private boolean retransmit(Direction dir, Frame f) {
        if (dir == Direction.TX) {
            if (f.type() == Frame.HELLO_REQ) unanswered.clear();
            if (f.type() != Frame.SET && f.type() != Frame.REBOOT_REQ) return false;
            if (!unanswered.add(f.seq())) return true;
            if (unanswered.size() > MAX_UNANSWERED) {
                Iterator<Integer> oldest = unanswered.iterator();
                oldest.next();
                oldest.remove();
            }
            return false;
        }
        boolean answer = f.type() == Frame.ACK || f.type() == Frame.NACK || f.type() == Frame.ACK_STATE;
        if (answer && f.payloadLength() >= 2) {
            byte[] p = f.payload();
            unanswered.remove((p[0] & 0xFF) | ((p[1] & 0xFF) << 8));
        }
        return false;
    }

    /** One direction: the link's decoder plus the raw bytes of the current run. */
    private final class Side implements FrameDecoder.Listener {
        private final Direction dir;
        private final FrameDecoder decoder = new FrameDecoder(this);
        private final byte[] run = new byte[MAX_RAW];
        private int runLength;
        private long micros;

        Side(Direction dir) {
            this.dir = dir;
        }

        void feed(byte b) {
            if (b != 0) {
                if (runLength < run.length) run[runLength++] = b;
                decoder.feed(b);
                return;
            }
            decoder.feed(b); // reports the run's frame or error synchronously, while run still holds its bytes
            runLength = 0;
        }

        void reset() {
            decoder.reset();
            runLength = 0;
        }

        @Override
        public void onFrame(Frame f) {
            byte[] p = f.payload();
            byte[] body = new byte[6 + p.length];
            body[0] = Frame.VERSION;
            body[1] = (byte) f.type();
            body[2] = (byte) f.seq();
            body[3] = (byte) (f.seq() >>> 8);
            System.arraycopy(p, 0, body, 4, p.length);
            int crc = Crc16.compute(body, 0, 4 + p.length);
            body[4 + p.length] = (byte) (crc >>> 8);
            body[5 + p.length] = (byte) crc;
            out.accept(new TraceRecord(board, micros, Kind.FRAME, dir, retransmit(dir, f), body));
        }

        @Override
        public void onError(DecodeError error) {
            byte[] body = new byte[1 + runLength];
            body[0] = (byte) TraceErrors.code(error);
            System.arraycopy(run, 0, body, 1, runLength);
            out.accept(new TraceRecord(board, micros, Kind.DECODE_ERROR, dir, false, body));
        }
    }

    @Override
    public String toString() {
        return "BoardRecorder(board " + board + ", unanswered " + Arrays.toString(unanswered.toArray()) + ")";
    }
}
