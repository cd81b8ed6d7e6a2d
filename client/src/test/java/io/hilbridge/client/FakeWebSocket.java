package io.hilbridge.client;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The JDK's WebSocket as {@link BridgeSocket} sees it, without a socket: it records what was sent, requested and
 * aborted, and each send's future is the test's to complete ({@link #finishSend}), so the order of sends can be
 * watched. Thread-safe (concurrent lists, atomics).
 */
final class FakeWebSocket implements WebSocket {
    /** Texts in the order the JDK was asked to send them. */
    final List<String> texts = new CopyOnWriteArrayList<>();
    /** The futures of those sends, same order; complete one to let the next go. */
    final List<CompletableFuture<WebSocket>> sends = new CopyOnWriteArrayList<>();
    /** "code reason" of each close frame sent. */
    final List<String> closes = new CopyOnWriteArrayList<>();

    final CompletableFuture<WebSocket> closeSent = new CompletableFuture<>();
    final AtomicLong pings = new AtomicLong();
    final AtomicLong requested = new AtomicLong();
    final AtomicBoolean aborted = new AtomicBoolean();

    void finishSend(int index) {
        sends.get(index).complete(this);
    }

    @Override
    public CompletableFuture<WebSocket> sendText(CharSequence data, boolean last) {
        CompletableFuture<WebSocket> f = new CompletableFuture<>();
        texts.add(data.toString());
        sends.add(f);
        return f;
    }

    @Override
    public CompletableFuture<WebSocket> sendBinary(ByteBuffer data, boolean last) {
        throw new UnsupportedOperationException("the client sends text only");
    }

    @Override
    public CompletableFuture<WebSocket> sendPing(ByteBuffer message) {
        if (message.remaining() != 0) throw new AssertionError("the client's pings are empty");
        pings.incrementAndGet();
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public CompletableFuture<WebSocket> sendPong(ByteBuffer message) {
        throw new UnsupportedOperationException("the JDK answers pings itself");
    }

    @Override
    public CompletableFuture<WebSocket> sendClose(int statusCode, String reason) {
        closes.add(statusCode + " " + reason);
        return closeSent;
    }

    @Override
    public void request(long n) {
        requested.addAndGet(n);
    }

    @Override
    public String getSubprotocol() {
        return "";
    }

    @Override
    public boolean isOutputClosed() {
        return !closes.isEmpty();
    }

    @Override
    public boolean isInputClosed() {
        return aborted.get();
    }

    @Override
    public void abort() {
        aborted.set(true);
    }
}
