package io.hilbridge.serial;

import java.io.IOException;
import java.util.Optional;

/**
 * A transport that passes everything to another one. Subclasses change one thing: a board's own reset
 * ({@link WithBoardReset}), a look at the received bytes ({@link #received}), a filter on writes.
 *
 * <p>Thread-safety: as {@code inner}; {@link #received} is called on the thread that reports the bytes.
 */
public abstract class ForwardingTransport implements SerialTransport {
    protected final SerialTransport inner;

    protected ForwardingTransport(SerialTransport inner) {
        if (inner == null) throw new IllegalArgumentException("inner transport is null");
        this.inner = inner;
    }

    /** Sees each chunk of received bytes before the listener does; the array is only valid during the call. */
    protected void received(byte[] data, int offset, int length) {}

    @Override
    public void open(Listener listener) throws IOException {
        inner.open(new Listener() {
            @Override
            public void onBytes(byte[] data, int offset, int length) {
                received(data, offset, length);
                listener.onBytes(data, offset, length);
            }

            @Override
            public void onDisconnect(String reason) {
                listener.onDisconnect(reason);
            }
        });
    }

    @Override
    public boolean write(byte[] data) {
        return inner.write(data);
    }

    @Override
    public void close() {
        inner.close();
    }

    @Override
    public String describe() {
        return inner.describe();
    }

    @Override
    public String path() {
        return inner.path();
    }

    @Override
    public int baud() {
        return inner.baud();
    }

    @Override
    public Optional<BoardReset> boardReset() {
        return inner.boardReset();
    }
}
