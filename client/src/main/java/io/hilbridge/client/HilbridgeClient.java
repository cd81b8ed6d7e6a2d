package io.hilbridge.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A typed client of the hilbridge lights API over WebSocket (protocol-spec/websocket-api.md). It keeps a view of
 * every device as the board confirmed it ({@link #devices()}), sends {@code set}/{@code get}/{@code reset} with
 * answers as futures, tells listeners what changed, waits for states with deadlines ({@link #awaitState}), and
 * reconnects with bounded exponential backoff when the connection drops, refreshing its view from the new
 * {@code hello}.
 *
 * <pre>{@code
 * try (HilbridgeClient c = HilbridgeClient.connect(URI.create("ws://127.0.0.1:8080/ws"), null)) {
 *     c.set("board0", 2, LightChange.turnOn().brightness(200).color("#00ff00")).join();   // the board confirmed
 *     c.awaitState("board0", 0, LightChange.turnOn(), Duration.ofSeconds(5));              // e.g. after a button
 * }
 * }</pre>
 *
 * <p>Thread-safe: every method may be called from any thread. Messages from the bridge are handled on one receive
 * thread, in order: the view is updated, listeners are called (see {@link ClientListener}), then the waiting
 * command is answered; so when a {@code set}'s future completes, the view already shows the confirmed state and the
 * listeners have had its {@code state} event.
 * Futures complete on that receive thread too (or on the timer thread, for the client's own deadlines): chain
 * blocking work with the {@code *Async} methods. Deadlines and
 * reconnects run on one timer thread per client. Bounded: at most {@link ClientOptions#maxPending()} commands wait
 * for answers, messages over {@link ClientOptions#maxMessageChars()} end the connection, and nothing else queues
 * (the next message is read only after the previous one was handled).
 */
public final class HilbridgeClient implements AutoCloseable {
    private final URI uri;
    private final String token;
    private final ClientOptions options;
    private final HttpClient http;
    private final ScheduledThreadPoolExecutor timer;
    private final DeviceMirror mirror = new DeviceMirror();
    private final LogBook logBook = new LogBook();
    private final PendingCommands pending;
    private final Backoff backoff;
    private final List<ClientListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final Inbound inbound;
    private volatile Attempt current;
    private volatile boolean closed;

    private HilbridgeClient(URI uri, String token, ClientOptions options) {
        this.uri = uri;
        this.token = token;
        this.options = options;
        this.http =
                HttpClient.newBuilder().connectTimeout(options.connectTimeout()).build();
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "hilbridge-client-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true); // cancelled deadlines leave the queue at once
        this.pending = new PendingCommands(timer, options.maxPending());
        this.backoff = new Backoff(options.backoffInitial(), options.backoffMax());
        this.inbound = new Inbound(mirror, pending, logBook, this::each);
    }

    /** {@link #connect(URI, String, ClientOptions)} with {@link ClientOptions#defaults()}. */
    public static HilbridgeClient connect(URI uri, String token) {
        return connect(uri, token, ClientOptions.defaults());
    }

    /**
     * Connects and returns once the bridge's {@code hello} has arrived (so {@link #devices()} is filled), at the
     * latest after {@link ClientOptions#connectTimeout()}.
     *
     * @param uri   the bridge's WebSocket address, {@code ws://HOST:PORT/ws} (or {@code wss://})
     * @param token the bridge's access token, or null when it runs without one; sent as a Bearer header
     * @throws HilbridgeException {@link ErrorCode#REFUSED} (wrong token, Host or Origin not allowed) or
     *                            {@link ErrorCode#CONNECT_FAILED} (unreachable, not the bridge, no hello in time)
     */
    public static HilbridgeClient connect(URI uri, String token, ClientOptions options) {
        String scheme = uri.getScheme();
        if (!"ws".equals(scheme) && !"wss".equals(scheme)) {
            throw new IllegalArgumentException(
                    "bridge address \"" + uri + "\": accepted are ws://HOST:PORT/ws and" + " wss://HOST:PORT/ws");
        }
        HilbridgeClient c = new HilbridgeClient(uri, token, options);
        try {
            c.attempt().get(options.connectTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | InterruptedException | RuntimeException e) {
            c.close();
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            HilbridgeException h = HilbridgeException.of(e);
            throw h != null ? h : new HilbridgeException(ErrorCode.CONNECT_FAILED, uri + ": " + e, e);
        }
        return c;
    }

    /** Every device as last seen: capabilities from the last snapshot, states as the board confirmed them. */
    public List<Device> devices() {
        return mirror.devices();
    }

    public Optional<Device> device(String id) {
        return Optional.ofNullable(mirror.device(id));
    }

    /**
     * A handle on one device: the same calls without its id, and blocking forms for tests. The device need not
     * exist yet; its calls fail with {@code unknown_device} when the bridge does not have it.
     */
    public DeviceHandle board(String deviceId) {
        return new DeviceHandle(this, deviceId);
    }

    /** True while connected (after the {@code hello} and until the connection drops). */
    public boolean connected() {
        Attempt a = current;
        return a != null && a.isUp();
    }

    /** Messages from the bridge this client could not read (ignored); 0 unless client and bridge disagree. */
    public long malformedMessages() {
        return malformed.get();
    }

    public void addListener(ClientListener l) {
        listeners.add(l);
    }

    public void removeListener(ClientListener l) {
        listeners.remove(l);
    }

    /**
     * Changes lights. The future completes with the {@link Ack} once the board acknowledged every addressed light
     * (the view already shows their states), or fails with a {@link HilbridgeException} carrying the bridge's code
     * ({@code unknown_light}, {@code unsupported}, {@code device_offline}, ...) or a client one (not connected, no
     * answer within {@link ClientOptions#commandTimeout()}, the connection dropped).
     */
    public CompletableFuture<Ack> set(String device, Lights lights, LightChange change) {
        String id = "c" + ids.incrementAndGet();
        return request(
                id,
                ClientMessages.set(id, device, lights, change),
                "set " + device + " light " + lights + " " + change,
                options.commandTimeout(),
                m -> new Ack(id, device, lights));
    }

    public CompletableFuture<Ack> set(String device, int light, LightChange change) {
        return set(device, Lights.one(light), change);
    }

    /**
     * Paints a strip pixel by pixel: one {@code #rrggbb} per pixel, pixel 0 first, as one command (a {@code set}
     * with only {@code pixels}; {@link LightChange#pixels} combines them with other fields). The ack and the errors
     * are those of {@link #set}; the view's {@link LightState#pixels()} then shows the colours.
     */
    public CompletableFuture<Ack> setPixels(String device, int light, List<String> colors) {
        return set(device, Lights.one(light), LightChange.change().pixels(colors));
    }

    /** Asks the bridge for a fresh snapshot; the view is replaced by it, and the future has its devices. */
    public CompletableFuture<List<Device>> get() {
        String id = "g" + ids.incrementAndGet();
        return request(id, ClientMessages.get(id), "get", options.commandTimeout(), m -> ServerMessages.devices(m));
    }

    /**
     * Resets a board and completes once it is back (new boot id, desired state replayed, online), or fails with
     * {@code unsupported}, {@code reset_failed}, {@code device_offline}, {@code timeout}, ...
     */
    public CompletableFuture<ResetResult> reset(String device) {
        String id = "r" + ids.incrementAndGet();
        return request(
                id,
                ClientMessages.reset(id, device),
                "reset " + device,
                options.resetTimeout(),
                m -> new ResetResult(
                        m.path("device").asText(device), m.path("bootId").asText()));
    }

    /**
     * Waits until the board confirmed a state of the light that {@code wanted} accepts and returns it (at once if
     * it already does). On timeout the {@link HilbridgeException} ({@link ErrorCode#CLIENT_TIMEOUT}) says what was
     * wanted ({@code wanted.toString()}), the last confirmed state with its cause and age, and the device's and
     * connection's status. Unknown device or light fails at once ({@code unknown_device}, {@code unknown_light}).
     */
    public LightState awaitState(String device, int light, Predicate<LightState> wanted, Duration timeout) {
        return mirror.awaitLight(device, light, wanted, timeout);
    }

    /** Waits until the confirmed state shows every field {@code wanted} names (see {@link LightChange#isShownBy}). */
    public LightState awaitState(String device, int light, LightChange wanted, Duration timeout) {
        return mirror.awaitLight(device, light, wanted.asPredicate(), timeout);
    }

    /** Waits until the device has {@code status} (for example back {@code ONLINE} after an unplug). */
    public Device awaitStatus(String device, DeviceStatus status, Duration timeout) {
        return mirror.awaitDevice(device, d -> d.status() == status, "status " + status.apiName(), timeout);
    }

    /**
     * Waits, expect-style, for a line of the device's log whose text {@code pattern} finds, and returns it. It looks
     * at the lines after the one the previous {@code awaitLog} for this device matched (from the first line this
     * client received), including lines that arrived before this call, so a line logged right after the action that
     * caused it is not missed. Only lines logged while this client is connected are seen.
     *
     * @throws HilbridgeException {@code unknown_device} at once; {@link ErrorCode#CLIENT_TIMEOUT} at the deadline,
     *                            with the pattern and the device's last lines; {@link ErrorCode#DISCONNECTED} when
     *                            the client is closed
     */
    public LogLine awaitLog(String device, java.util.regex.Pattern pattern, Duration timeout) {
        board(device).info(); // unknown_device at once
        return logBook.await(device, pattern, timeout, mirror::connectionState);
    }

    /** Makes the next {@link #awaitLog} for this device look only at lines received after this call. */
    public void skipLog(String device) {
        logBook.skip(device);
    }

    /** The device's log lines this client received (the last 1,000), oldest first. */
    public List<LogLine> logLines(String device) {
        return logBook.lines(device);
    }

    /** Closes the connection, stops reconnecting, fails waiting commands and waits ({@code client:disconnected}). */
    @Override
    public void close() {
        closed = true; // every step below may be repeated: a second close changes nothing
        Attempt a = current;
        current = null;
        mirror.close("the client was closed");
        logBook.close("the client was closed");
        pending.failAll(ErrorCode.DISCONNECTED, "the client was closed before the answer came");
        if (a != null) a.socket.close();
        timer.shutdownNow();
    }

    private <T> CompletableFuture<T> request(
            String id, String text, String what, Duration timeout, Function<JsonNode, T> convert) {
        Attempt a = current;
        if (closed)
            return CompletableFuture.failedFuture(
                    new HilbridgeException(ErrorCode.DISCONNECTED, what + ": the client is closed"));
        if (a == null || !a.isUp())
            return CompletableFuture.failedFuture(new HilbridgeException(
                    ErrorCode.DISCONNECTED,
                    what + ": not connected to " + uri + " (" + mirror.connectionState() + ")"));
        CompletableFuture<T> answer = pending.register(id, what, timeout, convert);
        a.socket.send(text).whenComplete((v, e) -> {
            if (e != null)
                pending.fail(
                        id,
                        new HilbridgeException(ErrorCode.DISCONNECTED, what + ": could not be sent (" + e + ")", e));
        });
        return answer;
    }

    /** Opens a connection; the future completes when its hello has been handled. */
    private CompletableFuture<Void> attempt() {
        Attempt a = new Attempt();
        current = a;
        a.socket.open(http, uri, token, options.connectTimeout()).whenComplete((v, e) -> {
            if (e != null) a.hello.completeExceptionally(e);
            else a.opened = true;
        });
        long ping = options.pingInterval().toMillis();
        var heartbeat = timer.scheduleWithFixedDelay(
                () -> a.socket.heartbeat(options.pingInterval()), ping, ping, TimeUnit.MILLISECONDS);
        a.ended.whenComplete((v, e) -> heartbeat.cancel(false));
        a.hello.whenComplete((v, e) -> {
            if (e != null) heartbeat.cancel(false); // a failed attempt may never have opened, so never ends
        });
        var deadline = timer.schedule(
                () -> {
                    if (a.hello.completeExceptionally(new HilbridgeException(
                            ErrorCode.CONNECT_FAILED,
                            uri + (a.opened ? ": connected, but no hello from the bridge" : ": no WebSocket opened")
                                    + " within " + options.connectTimeout().toMillis() + " ms"))) {
                        a.socket.close();
                    }
                },
                options.connectTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
        a.hello.whenComplete((v, e) -> deadline.cancel(false));
        return a.hello;
    }

    private void scheduleReconnect(String why) {
        if (closed || !options.reconnect()) {
            mirror.connection("down (" + why + ")");
            return;
        }
        Duration d = backoff.next();
        mirror.connection(
                "down (" + why + "); reconnect attempt " + backoff.attempts() + " in " + d.toMillis() + " ms");
        try {
            timer.schedule(
                    () -> {
                        if (closed) return;
                        attempt().whenComplete((v, e) -> {
                            if (e == null) return;
                            HilbridgeException h = HilbridgeException.of(e);
                            scheduleReconnect(h == null ? String.valueOf(e) : h.getMessage());
                        });
                    },
                    d.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closedMeanwhile) {
            // close() shut the timer down: nothing to reconnect
        }
    }

    private void each(Consumer<ClientListener> call) {
        for (ClientListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                // A listener's bug must not stop the others or the connection; it is the listener's to report.
            }
        }
    }

    /** One connection attempt and its handler; events of an attempt that is no longer current are ignored. */
    private final class Attempt implements BridgeSocket.Handler, Inbound.Connection {
        final BridgeSocket socket = new BridgeSocket(this, options.maxMessageChars());
        final CompletableFuture<Void> hello = new CompletableFuture<>();
        final CompletableFuture<Void> ended = new CompletableFuture<>();
        volatile boolean opened;
        volatile boolean up;

        boolean isUp() {
            return up && current == this;
        }

        @Override
        public void onMessage(String text) {
            if (current != this) return;
            try {
                inbound.handle(ClientMessages.mapper().readTree(text), this);
            } catch (java.io.IOException | IllegalArgumentException e) {
                malformed.incrementAndGet();
                // Before the hello nothing else can come: a first message this client cannot read ends the attempt
                // now, with the reason, rather than as a wait for a hello that has in fact arrived.
                if (!up
                        && hello.completeExceptionally(new HilbridgeException(
                                ErrorCode.CONNECT_FAILED,
                                uri + ": the bridge's first message could not be read (" + e.getMessage() + ")"))) {
                    socket.close();
                }
            }
        }

        @Override
        public void onEnd(String why) {
            ended.complete(null);
            if (!up) {
                // Never came up: whoever waits for its hello (connect, or the reconnect loop) handles it.
                hello.completeExceptionally(new HilbridgeException(
                        ErrorCode.CONNECT_FAILED, uri + ": the connection ended before the bridge's hello: " + why));
                return;
            }
            if (current != this) return;
            current = null;
            pending.failAll(
                    ErrorCode.DISCONNECTED,
                    "the connection to " + uri + " ended before the answer (" + why
                            + "); the command may or may not have been applied");
            boolean waiterHandlesIt = hello.completeExceptionally(new HilbridgeException(
                            ErrorCode.CONNECT_FAILED,
                            uri + ": the connection ended right after the bridge's hello: " + why))
                    || hello.isCompletedExceptionally();
            if (waiterHandlesIt) {
                return; // ended before connect/reconnect saw it up: that waiter handles it (one reconnect chain only)
            }
            scheduleReconnect(why);
            each(l -> l.onConnection(false, why));
        }

        @Override
        public void up() {
            backoff.reset();
            mirror.connection("up");
            up = true;
        }

        @Override
        public void announced() {
            hello.complete(null);
        }
    }

    /** The view, for tests that watch the connection's state in words. */
    DeviceMirror mirror() {
        return mirror;
    }

    /** Tasks waiting on the timer (deadlines, heartbeats, the next reconnect): stays small, for tests. */
    int scheduledTasks() {
        return timer.getQueue().size();
    }
}
