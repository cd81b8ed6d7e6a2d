package io.hilbridge.client;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * One WebSocket connection to the bridge (java.net.http): the handshake with the token as a Bearer header (not in
 * the URL, so it stays out of access logs), whole text messages up to a size limit, sends one after another, and
 * one end notice, and a ping when the bridge is quiet ({@link #heartbeat}). No Origin header is sent: the bridge's
 * Origin rule is for browsers.
 *
 * <p>Thread-safe: sends are chained under a lock (the JDK allows one outstanding send); receive callbacks come one
 * at a time from the JDK, and the next message is requested only after the handler returned (back-pressure instead
 * of a queue).
 */
final class BridgeSocket implements WebSocket.Listener {

    interface Handler {
        /** One whole text message. Runs on the receive thread; the next one comes after it returns. */
        void onMessage(String text);

        /** The connection ended (closed by either side, failed, or a message over the limit); called once. */
        void onEnd(String why);
    }

    private static final long CLOSE_WAIT_SECONDS = 2;

    private final Handler handler;
    private final int maxChars;
    private final LongSupplier nanoTime;
    private final StringBuilder partial = new StringBuilder();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final Object sendLock = new Object();
    private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null); // guarded by sendLock
    private volatile WebSocket ws;
    private volatile long lastHeardNanos;

    BridgeSocket(Handler handler, int maxChars) {
        this(handler, maxChars, System::nanoTime);
    }

    /** @param nanoTime the clock the heartbeat measures silence with ({@link System#nanoTime()}; tests set it) */
    BridgeSocket(Handler handler, int maxChars, LongSupplier nanoTime) {
        this.handler = handler;
        this.maxChars = maxChars;
        this.nanoTime = nanoTime;
        this.lastHeardNanos = nanoTime.getAsLong();
    }

    /**
     * Opens the connection. Fails with a {@link HilbridgeException}: {@link ErrorCode#REFUSED} when the bridge
     * refused the handshake, {@link ErrorCode#CONNECT_FAILED} for everything else; the message says what was tried.
     */
    CompletableFuture<Void> open(HttpClient http, URI uri, String token, Duration timeout) {
        WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(timeout);
        if (token != null) b.header("Authorization", "Bearer " + token);
        return b.buildAsync(uri, this).handle((ws, e) -> {
            if (e != null) throw explain(uri, timeout, e);
            return null;
        });
    }

    /** The failure of an opening handshake as the client reports it: refused (401, 403) or not connected, and why. */
    static HilbridgeException explain(URI uri, Duration timeout, Throwable e) {
        Throwable c = e;
        while (c.getCause() != null
                && !(c instanceof WebSocketHandshakeException)
                && !(c instanceof ConnectException)
                && !(c instanceof HttpTimeoutException)) {
            c = c.getCause();
        }
        if (c instanceof WebSocketHandshakeException h) {
            int status = h.getResponse().statusCode();
            if (status == 401) {
                return new HilbridgeException(
                        ErrorCode.REFUSED,
                        uri + " refused the connection with HTTP 401:"
                                + " the bridge needs its token and the one given was missing or wrong",
                        e);
            }
            if (status == 403) {
                return new HilbridgeException(
                        ErrorCode.REFUSED,
                        uri + " refused the connection with HTTP 403: the"
                                + " Host (a bridge on loopback accepts localhost or 127.x.x.x only) or Origin was not allowed",
                        e);
            }
            return new HilbridgeException(
                    ErrorCode.CONNECT_FAILED,
                    uri + " answered HTTP " + status
                            + " instead of a WebSocket handshake: is this the bridge's /ws address?",
                    e);
        }
        if (c instanceof HttpConnectTimeoutException || c instanceof HttpTimeoutException) {
            return new HilbridgeException(
                    ErrorCode.CONNECT_FAILED, uri + ": no answer within " + timeout.toMillis() + " ms", e);
        }
        if (c instanceof ConnectException || c instanceof UnresolvedAddressException) {
            return new HilbridgeException(
                    ErrorCode.CONNECT_FAILED,
                    uri + ": nothing accepts connections there ("
                            + c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage())
                            + "); is the bridge running on that host and port?",
                    e);
        }
        return new HilbridgeException(ErrorCode.CONNECT_FAILED, uri + ": " + c, e);
    }

    /** Sends after every earlier send finished; the future fails if this one could not be written. */
    CompletableFuture<Void> send(String text) {
        WebSocket w = ws;
        if (w == null || ended.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException("the connection is not open"));
        }
        synchronized (sendLock) {
            CompletableFuture<Void> mine = lastSend.handle((v, e) -> null)
                    .thenCompose(v -> w.sendText(text, true))
                    .thenApply(sent -> null);
            lastSend = mine;
            return mine;
        }
    }

    /** Closes with 1000 (normal) and stops reading; the end notice follows once. */
    void close() {
        WebSocket w = ws;
        if (w != null) { // not opened yet: nothing to close but the end notice
            synchronized (sendLock) {
                lastSend = lastSend.handle((v, e) -> null)
                        .thenCompose(v -> w.sendClose(WebSocket.NORMAL_CLOSURE, "bye"))
                        // a peer that stopped reading must not keep the connection open
                        .orTimeout(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)
                        .whenComplete((v, e) -> w.abort());
            }
        }
        end("closed by this client");
    }

    /**
     * Called at every ping interval by the client's timer: sends a ping when the bridge has been quiet for an
     * interval, and ends the connection when it stayed quiet for two (not even a pong): a bridge whose machine
     * vanished, or that stopped without closing its connections, is noticed instead of waited for forever.
     */
    void heartbeat(Duration interval) {
        WebSocket w = ws;
        if (w == null || ended.get()) return;
        long quiet = nanoTime.getAsLong() - lastHeardNanos;
        switch (Silence.after(quiet, interval)) {
            case DEAD -> {
                w.abort();
                end("no message from the bridge for " + quiet / 1_000_000 + " ms, not even an answer to a ping");
            }
            case PING -> w.sendPing(ByteBuffer.allocate(0)).exceptionally(e -> null); // a failure shows as silence
            case FINE -> {}
        }
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        lastHeardNanos = nanoTime.getAsLong();
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        lastHeardNanos = nanoTime.getAsLong(); // the JDK answers with a pong itself
        webSocket.request(1);
        return null;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        ws = webSocket; // before any message: the JDK calls onOpen first
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        lastHeardNanos = nanoTime.getAsLong();
        if (partial.length() + data.length() > maxChars) {
            webSocket.abort();
            end("the bridge sent a message over " + maxChars + " characters (ClientOptions.maxMessageChars)");
            return null;
        }
        partial.append(data);
        if (last) {
            String message = partial.toString();
            partial.setLength(0);
            if (!ended.get()) handler.onMessage(message);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        end("the bridge closed the connection (" + statusCode + (reason.isEmpty() ? "" : " " + reason) + ")");
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        end("the connection failed (" + error + ")");
    }

    private void end(String why) {
        if (ended.compareAndSet(false, true)) handler.onEnd(why);
    }
}
