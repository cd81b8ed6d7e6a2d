package io.hilbridge.junit;

import io.hilbridge.client.LightState;

/**
 * One light of a {@link Board}: what {@link HilbridgeAssertions#assertThat(LightHandle)} checks. Immutable.
 */
public final class LightHandle {
    private final Board board;
    private final int id;

    LightHandle(Board board, int id) {
        this.board = board;
        this.id = id;
    }

    public Board board() {
        return board;
    }

    public int id() {
        return id;
    }

    /** The state the board last confirmed; null until the board has reported it. */
    public LightState confirmed() {
        return board.handle().state(id);
    }

    @Override
    public String toString() {
        return board.id() + " light " + id;
    }
}
