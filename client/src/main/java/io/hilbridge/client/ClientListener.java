package io.hilbridge.client;

/**
 * Receives what the bridge reports. Every method has an empty default: implement the ones you need.
 *
 * <p>Calls come on the client's receive thread, one at a time, in the order the bridge sent the messages, after the
 * client's view ({@link HilbridgeClient#devices()}) already shows the change. Do not block in a listener: the next
 * message is read only after it returns (a slow listener slows the connection and the bridge may then drop older
 * states of a light or cut the client off as too slow). An exception thrown by a listener is caught and does not
 * reach the other listeners or the connection.
 */
public interface ClientListener {

    /** A light's confirmed state: a command from any client, a button press, an effect's end, a boot, a resync. */
    default void onState(StateEvent event) {}

    /**
     * A device's status or identity changed: went {@code offline}, came back {@code online}, a different board was
     * plugged in. Also called for every device once the client has (re)connected, before
     * {@link #onConnection onConnection(true)}.
     */
    default void onDevice(Device device) {}

    /** A light's hardware fault appeared ({@code fault} non-null) or cleared (null). */
    default void onFault(String device, int light, String fault) {}

    /**
     * A line of a board's log: a LOG frame, or boot text the board printed outside frames. Lines this client was
     * too slow to receive are counted in {@link LogLine#dropped()} of the next one.
     */
    default void onLog(LogLine line) {}

    /** A reset this client asked for finished: the board is back with a new boot id. */
    default void onReset(ResetResult result) {}

    /**
     * The client's own connection to the bridge: up (after the {@code hello}, with the view refreshed and the
     * {@code onDevice}/{@code onState} calls for what changed meanwhile already made) or down (with why). Not called
     * for {@link HilbridgeClient#close()}.
     */
    default void onConnection(boolean connected, String detail) {}
}
