package io.hilbridge.sim;

import io.hilbridge.serial.SerialTransport;

import java.io.IOException;

/**
 * A {@link SerialTransport} wired to an in-process {@link SimulatedBoard}: the bytes take the simulated wire's time
 * and faults. Opening fails while the board is unplugged, like a missing serial port.
 *
 * <p>Thread-safety: safe to call from any thread; listener callbacks come from the board's wire thread.
 */
public final class LoopbackTransport implements SerialTransport {
    private final SimulatedBoard board;
    private volatile SimulatedBoard.Connection connection;

    public LoopbackTransport(SimulatedBoard board) {
        if (board == null) throw new IllegalArgumentException("board is null");
        this.board = board;
    }

    public SimulatedBoard board() {
        return board;
    }

    @Override
    public synchronized void open(Listener listener) throws IOException {
        if (listener == null) throw new IllegalArgumentException("listener is null");
        if (connection != null) {
            board.detach(connection);
            connection = null;
        }
        connection = board.attach(listener);
    }

    @Override
    public boolean write(byte[] data) {
        SimulatedBoard.Connection c = connection;
        return c != null && board.hostWrite(c, data);
    }

    @Override
    public synchronized void close() {
        SimulatedBoard.Connection c = connection;
        connection = null;
        if (c != null) board.detach(c);
    }

    @Override
    public String describe() {
        return "simulated (loopback, " + (board.baud() == 0 ? "unthrottled" : board.baud() + " baud") + ")";
    }

    @Override
    public int baud() {
        return board.baud();
    }
}
