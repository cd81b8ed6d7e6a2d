package io.hilbridge.link;

import java.util.function.LongSupplier;

/**
 * When the next SET may be written (uart-link.md section 6, pacing): only once the wire has drained what was written
 * before and the board's answer to it, so that what goes out next is the newest pending change. The answer's size
 * depends on the firmware: one ACK_STATE, or STATE and ACK from a board that does not send ACK_STATE.
 *
 * <p>Thread-safety: confined to the tasks of its {@link LinkSession} (see there).
 */
final class SetPacing {
    /** A SET on the wire (fixed size), and what the board sends back for a SET that changes its one light. */
    private static final int SET_WIRE_BYTES = FrameEncoder.encode(Frame.SET, 0, new byte[10]).length;

    private static final int SET_ANSWER_BYTES_ONE_FRAME = FrameEncoder.encode(Frame.ACK_STATE, 0, new byte[11]).length;
    private static final int SET_ANSWER_BYTES_TWO_FRAMES = FrameEncoder.encode(Frame.STATE, 0, new byte[10]).length
            + FrameEncoder.encode(Frame.ACK, 0, new byte[4]).length;

    /** The link's clock (its executor's), so write stamps and pacing timers agree. */
    private final LongSupplier clock;

    private WirePacer pacer = new WirePacer(0);
    /** The board has answered a SET with ACK_STATE since its HELLO: pace for one frame per answer. */
    private volatile boolean boardSendsAckState;

    SetPacing(LongSupplier clock) {
        this.clock = clock;
    }

    /** A port was opened: pace for its baud rate. */
    void opened(int baud) {
        pacer = new WirePacer(Math.max(0, baud));
    }

    /** A HELLO arrived: maybe new firmware, so learn again which answer it sends. */
    void helloArrived() {
        boardSendsAckState = false;
    }

    void boardSendsAckState() {
        boardSendsAckState = true;
    }

    /** The bytes the board is expected to answer a SET with. */
    int setAnswerBytes() {
        return boardSendsAckState ? SET_ANSWER_BYTES_ONE_FRAME : SET_ANSWER_BYTES_TWO_FRAMES;
    }

    /** How long the next SET must wait, 0 when it may go now. */
    long setDelayNanos(long now) {
        return pacer.setDelayNanos(now, SET_WIRE_BYTES, setAnswerBytes());
    }

    /** A write went out ({@code answerBytes}: a SET's answer, 0 for other frames). */
    void wrote(int wireBytes, int answerBytes) {
        // Stamped after the write returned: the estimate errs late, never early (WirePacer).
        if (answerBytes > 0) pacer.wroteSet(wireBytes, answerBytes, clock.getAsLong());
        else pacer.wrote(wireBytes, clock.getAsLong());
    }
}
