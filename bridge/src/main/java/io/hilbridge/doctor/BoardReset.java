package io.hilbridge.doctor;

import io.hilbridge.link.BoardLink;

/**
 * How {@code hilbridge doctor --reset} resets a board before asking for its HELLO: the link's own reset (esptool's
 * hard reset, or the USB-Serial/JTAG sequence), so the doctor never has a reset sequence of its own.
 * {@link #NOT_AVAILABLE} is used until the link offers one.
 */
@FunctionalInterface
public interface BoardReset {

    /**
     * Resets the board behind {@code link}; the link then waits for the board's HELLO. Called right after
     * {@code LinkSession.start}: the port opens in the link's first task, so a reset that runs as a link task comes
     * after the open.
     */
    void reset(BoardLink link) throws Exception;

    BoardReset NOT_AVAILABLE = link -> {
        throw new UnsupportedOperationException("this build has no board reset; press the board's RESET (EN) button");
    };
}
