package io.hilbridge.link;

/**
 * Incremental decoder of the byte stream (uart-link.md section 2), an explicit two-state machine:
 * {@code COLLECTING} stores bytes up to the 208-byte limit, {@code DISCARDING} drops everything until the next
 * delimiter after the limit was passed. Every 0x00 closes the current run and yields a frame, an error by kind, or
 * nothing (empty run). Fed any split of the stream; never throws on any input, never blocks, never allocates more
 * than its fixed buffers plus one payload per frame.
 *
 * <p>Not thread-safe: one decoder per stream, fed from one thread at a time. The listener runs on the feeding thread.
 */
public final class FrameDecoder {

    /** What the decoder reports. Callbacks must not feed this decoder re-entrantly. */
    public interface Listener {
        void onFrame(Frame frame);

        void onError(DecodeError error);

        /**
         * The same drop as {@link #onError}, also saying whether the dropped bytes were the ESP32 ROM's boot text
         * ({@link BootText#isRomBootText}): a board that (re)started, not damage on the wire. The decoder calls this
         * one; by default it forwards to {@link #onError}.
         */
        default void onDropped(DecodeError error, boolean romBootText) {
            onError(error);
        }
    }

    private enum State {
        COLLECTING,
        DISCARDING
    }

    private final Listener listener;
    private final byte[] encoded = new byte[Frame.MAX_ENCODED];
    private final byte[] decoded = new byte[Frame.MAX_ENCODED];
    private final long[] errorCounts = new long[DecodeError.values().length];
    private State state = State.COLLECTING;
    private int length;
    private long frames;

    public FrameDecoder(Listener listener) {
        if (listener == null) throw new IllegalArgumentException("listener is null");
        this.listener = listener;
    }

    public void feed(byte[] data) {
        feed(data, 0, data.length);
    }

    public void feed(byte[] data, int offset, int count) {
        for (int i = offset; i < offset + count; i++) {
            feed(data[i]);
        }
    }

    public void feed(byte b) {
        if (b != 0) {
            if (state == State.COLLECTING) {
                if (length < encoded.length) {
                    encoded[length++] = b;
                } else {
                    state = State.DISCARDING;
                }
            }
            return;
        }
        State was = state;
        int n = length;
        state = State.COLLECTING;
        length = 0;
        if (was == State.DISCARDING) {
            error(DecodeError.OVERSIZE, n);
        } else if (n > 0) {
            close(n);
        }
    }

    /** Forgets a partly received frame, e.g. after the port was reopened. Counters are kept. */
    public void reset() {
        state = State.COLLECTING;
        length = 0;
    }

    public long frames() {
        return frames;
    }

    public long errors(DecodeError kind) {
        return errorCounts[kind.ordinal()];
    }

    private void close(int n) {
        int d = Cobs.decodeInto(encoded, 0, n, decoded);
        if (d < 0) {
            error(DecodeError.COBS, n);
            return;
        }
        if (d > Frame.MAX_DECODED) {
            // 208 encoded bytes can decode to 207, one more than any sender may produce (uart-link.md: decoded
            // length > 206 is oversize, checked right after COBS).
            error(DecodeError.OVERSIZE, n);
            return;
        }
        if (d < 6) {
            error(DecodeError.RUNT, n);
            return;
        }
        int crc = ((decoded[d - 2] & 0xFF) << 8) | (decoded[d - 1] & 0xFF);
        if (Crc16.compute(decoded, 0, d - 2) != crc) {
            error(DecodeError.CRC, n);
            return;
        }
        if ((decoded[0] & 0xFF) != Frame.VERSION) {
            error(DecodeError.VERSION, n);
            return;
        }
        int payloadLength = d - 6;
        byte[] payload = new byte[payloadLength];
        System.arraycopy(decoded, 4, payload, 0, payloadLength);
        int type = decoded[1] & 0xFF;
        int seq = (decoded[2] & 0xFF) | ((decoded[3] & 0xFF) << 8);
        frames++;
        listener.onFrame(new Frame(type, seq, payload));
    }

    /** {@code stored}: how many of the run's bytes are in {@link #encoded} (an oversize run keeps its first 208). */
    private void error(DecodeError kind, int stored) {
        errorCounts[kind.ordinal()]++;
        listener.onDropped(kind, BootText.isRomBootText(encoded, stored));
    }
}
