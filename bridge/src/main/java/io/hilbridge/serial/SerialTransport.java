package io.hilbridge.serial;

import java.io.IOException;
import java.util.Optional;

/**
 * A byte pipe to one board: a serial port, or the in-process simulated board. {@link #open} starts one connection
 * (a fresh one every time: after a disconnect the link closes and opens again); {@link #write} queues bytes and never
 * blocks the caller; received bytes and the end of the connection are reported to the {@link Listener}.
 *
 * <p>Thread-safety: implementations are safe to call from any thread. Listener callbacks come from the transport's
 * own thread(s); {@code onDisconnect} is reported at most once per {@link #open}, and nothing is reported after
 * {@link #close} returns... except what was already in flight, so listeners should tolerate late callbacks.
 */
public interface SerialTransport extends AutoCloseable {

    /** What a transport reports; implementations must return quickly. */
    interface Listener {
        /** Bytes arrived. The array may be reused after the call returns: copy what you keep. */
        void onBytes(byte[] data, int offset, int length);

        /** The connection is gone (port unplugged, read error, write failure or stalled write). */
        void onDisconnect(String reason);
    }

    /** Opens a new connection; throws IOException when the device is not there or cannot be opened. */
    void open(Listener listener) throws IOException;

    /**
     * Queues bytes for sending. Returns false when the transport is not open or its bounded write queue is full (the
     * bytes are dropped: the link's retransmit covers it). Write failures end the connection via onDisconnect.
     */
    boolean write(byte[] data);

    /** Ends the current connection, if any. Idempotent; {@link #open} may be called again afterwards. */
    @Override
    void close();

    /** For people: e.g. "/dev/ttyUSB0 @ 115200" or "simulated (loopback, 115200 baud)". */
    String describe();

    /** The port's name alone, for messages that tell a person what to type (e.g. "/dev/ttyUSB0"). */
    default String path() {
        return describe();
    }

    /**
     * The line's baud rate, so the link can pace its writes to what the wire drains (uart-link.md section 6); 0 when
     * unknown or unthrottled (the link then writes at once).
     */
    default int baud() {
        return 0;
    }

    /**
     * How to reset the board from outside its firmware while the transport is open ({@link BoardReset}), or empty
     * when there is no such way (a pseudo-terminal, an adapter whose lines are not wired to EN): the link then asks
     * the firmware to reboot with REBOOT_REQ (uart-link.md section 4).
     */
    default Optional<BoardReset> boardReset() {
        return Optional.empty();
    }
}
