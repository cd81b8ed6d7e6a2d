package io.hilbridge.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;

/**
 * One device of a {@link HilbridgeClient}, by id: the client's calls without repeating the id, and blocking forms
 * that throw the {@link HilbridgeException} itself (not wrapped), for tests. Every blocking call is bounded by the
 * client's deadlines ({@link ClientOptions}) or the timeout given.
 *
 * <p>Thread-safe: it holds only the client and the id.
 */
public final class DeviceHandle {
    private final HilbridgeClient client;
    private final String id;

    DeviceHandle(HilbridgeClient client, String id) {
        this.client = client;
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The device as the client sees it now. @throws HilbridgeException {@code unknown_device} */
    public Device info() {
        return client.device(id)
                .orElseThrow(() -> new HilbridgeException(
                        ErrorCode.UNKNOWN_DEVICE,
                        "the bridge has no device \"" + id + "\" (it has "
                                + client.devices().stream().map(Device::id).toList() + ")"));
    }

    /**
     * The light's confirmed state now, or null if the board has not reported it yet.
     *
     * @throws HilbridgeException {@code unknown_device} or {@code unknown_light}
     */
    public LightState state(int light) {
        Device d = info();
        return d.light(light)
                .orElseThrow(() -> new HilbridgeException(ErrorCode.UNKNOWN_LIGHT, id + " has no light " + light))
                .state();
    }

    public CompletableFuture<Ack> set(int light, LightChange change) {
        return client.set(id, light, change);
    }

    public CompletableFuture<Ack> set(Lights lights, LightChange change) {
        return client.set(id, lights, change);
    }

    /** Sets and waits for the board's acknowledgement; the view then shows the confirmed state. */
    public Ack confirm(int light, LightChange change) {
        return join(set(light, change));
    }

    public Ack confirm(Lights lights, LightChange change) {
        return join(set(lights, change));
    }

    /** Resets the board and waits until it is back (the client's reset deadline, 30 s by default). */
    public ResetResult reset() {
        return join(client.reset(id));
    }

    public LightState awaitState(int light, LightChange wanted, Duration timeout) {
        return client.awaitState(id, light, wanted, timeout);
    }

    public LightState awaitState(int light, Predicate<LightState> wanted, Duration timeout) {
        return client.awaitState(id, light, wanted, timeout);
    }

    public Device awaitStatus(DeviceStatus status, Duration timeout) {
        return client.awaitStatus(id, status, timeout);
    }

    /** See {@link HilbridgeClient#awaitLog}. */
    public LogLine awaitLog(java.util.regex.Pattern pattern, Duration timeout) {
        return client.awaitLog(id, pattern, timeout);
    }

    /** The device's log lines this client received, oldest first. */
    public java.util.List<LogLine> logLines() {
        return client.logLines(id);
    }

    /** The future's result, or its HilbridgeException thrown as is. The client's deadlines bound the wait. */
    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            HilbridgeException h = HilbridgeException.of(e);
            throw h != null ? h : e;
        }
    }

    @Override
    public String toString() {
        return "DeviceHandle[" + id + "]";
    }
}
