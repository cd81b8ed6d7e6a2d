package io.hilbridge.trace;

import io.hilbridge.serial.ForwardingTransport;
import io.hilbridge.serial.SerialTransport;
import io.hilbridge.trace.TraceRecord.Direction;

import java.io.IOException;

/**
 * A transport that shows a {@link LinkTrace} every byte written to and read from the board, and when the port opens,
 * closes or is lost. Adds one array copy per chunk and one queue offer; never blocks the link.
 *
 * <p>Thread-safety: as the inner transport; the trace's methods are safe from any thread.
 */
final class TracingTransport extends ForwardingTransport {
    private final LinkTrace trace;
    private final int board;

    TracingTransport(SerialTransport inner, LinkTrace trace, int board) {
        super(inner);
        this.trace = trace;
        this.board = board;
    }

    @Override
    public void open(Listener listener) throws IOException {
        // Before the open: the first bytes may arrive before open() returns, and belong after this event.
        trace.event(board, TraceEvent.PORT_OPEN, inner.describe());
        try {
            openInner(listener);
        } catch (IOException | RuntimeException e) {
            trace.event(board, TraceEvent.DISCONNECT, "cannot open: " + e.getMessage());
            throw e;
        }
    }

    private void openInner(Listener listener) throws IOException {
        super.open(new Listener() {
            @Override
            public void onBytes(byte[] data, int offset, int length) {
                listener.onBytes(data, offset, length);
            }

            @Override
            public void onDisconnect(String reason) {
                trace.event(board, TraceEvent.DISCONNECT, reason);
                listener.onDisconnect(reason);
            }
        });
    }

    @Override
    protected void received(byte[] data, int offset, int length) {
        trace.bytes(board, Direction.RX, data, offset, length);
    }

    @Override
    public boolean write(byte[] data) {
        // Recorded before the write: bytes the transport refuses (queue full) never reached the wire, but the link
        // tried, and its retransmit is what the trace should explain.
        trace.bytes(board, Direction.TX, data, 0, data.length);
        return inner.write(data);
    }

    @Override
    public void close() {
        inner.close();
        trace.event(board, TraceEvent.PORT_CLOSED, "");
    }
}
