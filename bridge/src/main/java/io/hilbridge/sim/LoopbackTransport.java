package io.hilbridge.sim;

import io.hilbridge.serial.BoardReset;
import io.hilbridge.serial.SerialTransport;

import java.io.IOException;
import java.util.Optional;

/**
 * A {@link SerialTransport} wired to an in-process {@link SimulatedBoard}: the bytes take the simulated wire's time
 * and faults. Opening fails while the board is unplugged, like a missing serial port.
 *
 * <p>Thread-safety: safe to call from any thread; listener callbacks come from the board's wire thread.
 */
public final class LoopbackTransport implements SerialTransport {
    private final SimulatedBoard board;
    private final boolean resetLine;
    private volatile Cable.Connection connection;

    /** With a reset line: a reset on request restarts the board from outside, as EN on a real board would. */
    public LoopbackTransport(SimulatedBoard board) {
        this(board, true);
    }

    /** {@code resetLine} false: no reset line, so the link asks the board's firmware (REBOOT_REQ). */
    public LoopbackTransport(SimulatedBoard board, boolean resetLine) {
        if (board == null) throw new IllegalArgumentException("board is null");
        this.board = board;
        this.resetLine = resetLine;
    }

    /** The simulated board's reset line (its EN pin): boot text, new boot id, unsolicited HELLO. */
    @Override
    public Optional<BoardReset> boardReset() {
        if (!resetLine || connection == null) return Optional.empty();
        return Optional.of(new BoardReset() {
            @Override
            public void reset() {
                board.doReset();
            }

            @Override
            public String describe() {
                return "the simulated board's reset line";
            }
        });
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
        Cable.Connection c = connection;
        return c != null && board.hostWrite(c, data);
    }

    @Override
    public synchronized void close() {
        Cable.Connection c = connection;
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
