package io.hilbridge.serial;

import java.io.IOException;
import java.util.Optional;

/**
 * A transport to a board that can be reset from outside its firmware by some other means than the port's lines,
 * e.g. an emulator's system reset: the bytes go through {@code inner} unchanged, and {@link #boardReset()} offers
 * {@code action}. This is how an emulated board plugs its own reset into the reset command.
 *
 * <p>Thread-safety: as {@code inner}; {@code action} is called from the link's own thread.
 */
public final class WithBoardReset extends ForwardingTransport {

    /** Resets the board; may block until it has been let out of reset. */
    @FunctionalInterface
    public interface Action {
        void run() throws IOException, InterruptedException;
    }

    private final BoardReset reset;

    /** {@code description}: for people and logs, e.g. "QEMU system reset". */
    public WithBoardReset(SerialTransport inner, String description, Action action) {
        super(inner);
        if (action == null) throw new IllegalArgumentException("the reset action is required");
        this.reset = new BoardReset() {
            @Override
            public void reset() throws IOException, InterruptedException {
                action.run();
            }

            @Override
            public String describe() {
                return description;
            }
        };
    }

    @Override
    public Optional<BoardReset> boardReset() {
        return Optional.of(reset);
    }
}
