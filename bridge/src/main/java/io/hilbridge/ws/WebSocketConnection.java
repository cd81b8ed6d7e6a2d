package io.hilbridge.ws;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.XnioIoThread;
import org.xnio.conduits.ConduitStreamSourceChannel;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;

import static io.hilbridge.ws.WebSocketProtocol.CLOSE_INTERNAL_ERROR;
import static io.hilbridge.ws.WebSocketProtocol.CLOSE_NO_STATUS;
import static io.hilbridge.ws.WebSocketProtocol.CLOSE_POLICY_VIOLATION;
import static io.hilbridge.ws.WebSocketProtocol.OPCODE_CLOSE;
import static io.hilbridge.ws.WebSocketProtocol.OPCODE_PING;
import static io.hilbridge.ws.WebSocketProtocol.OPCODE_PONG;

/**
 * One upgraded connection's life: drives the raw XNIO {@link StreamConnection} with our decoder, decides when its
 * {@link WebSocketWriter} flushes, and runs the close handshake and liveness checks.
 *
 * <p>Reading: on readiness, read into the IO thread's shared buffer (no per-connection read buffer), decode,
 * deliver messages, then flush whatever the listener sent meanwhile in one batch. Writing: frames from any thread go
 * to the {@link SendQueue} (shared buffers, never copied per connection until the write); one flush at a time (the
 * {@link WebSocketWriter}) takes up to 64 frames, copies them into the IO thread's direct gather buffer
 * ({@link FlushBatcher}) and writes them with a single call, and a partial write parks the rest until the socket is
 * writable again, so nothing ever blocks the IO thread. Direct writes: while few connections are open
 * ({@link WebSocketConfig#directWriteMaxConnections()}), a send from another thread to a connection with nothing else
 * waiting is written by the sending thread itself (one non-blocking write of at most
 * {@link WebSocketWriter#DIRECT_BYTES}); whatever does not fit, a close frame, or a busy writer goes to the IO thread
 * as above. It saves waking the IO thread, which is most of the latency of a single reply, e.g. an ack written by the
 * thread that read the board's answer.
 *
 * <p>Closing is the {@link CloseHandshake}'s decision, liveness the {@link KeepAlive}'s; this class carries out
 * what they ask. {@link WebSocketListener#onClose} fires exactly once, when TCP is closed, with the code received or
 * sent, or 1006 if the connection ended without any close decision.
 *
 * <p>Thread-safety: the {@link WebSocket} methods are safe from any thread; everything else runs on the IO thread,
 * except the writer's batch state, which the writer guards itself (see {@link WebSocketWriter}).
 */
final class WebSocketConnection implements WebSocket, MessageAssembler.Callback, CloseHandshake.Channel {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketConnection.class);

    private static final int READ_BUFFER_SIZE = 64 * 1024;
    private static final int MAX_READS_PER_EVENT = 16;
    private static final ByteBuffer PING =
            WebSocketProtocol.encodeServerFrame(OPCODE_PING, new byte[0]).asReadOnlyBuffer();

    /** One read buffer per IO thread: decoding finishes before the thread serves another connection. */
    private static final ThreadLocal<ByteBuffer> READ_BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(READ_BUFFER_SIZE));

    private final StreamConnection channel;
    private final ConduitStreamSourceChannel source;
    private final WebSocketWriter writer;
    private final XnioIoThread ioThread;
    private final WebSocketConfig config;
    private final WebSocketListener listener;
    private final String subprotocol;
    private final InetSocketAddress remote;
    private final Runnable onClosed;
    private final FlushBatcher flusher;
    private final FrameDecoder decoder;
    private final SendQueue queue;
    private final Runnable flushTask = this::flush;
    /** True while direct writes are allowed (few connections open). */
    private final BooleanSupplier directWrites;

    private final CloseHandshake handshake;
    private final KeepAlive keepAlive;
    private volatile Object attachment;

    // IO thread only from here on.
    private boolean closed;
    private boolean inRead;
    private boolean flushAfterRead;

    WebSocketConnection(
            StreamConnection channel,
            WebSocketConfig config,
            WebSocketListener listener,
            String subprotocol,
            FlushBatcher flusher,
            Runnable onClosed,
            BooleanSupplier directWrites) {
        this(
                channel,
                config,
                listener,
                subprotocol,
                flusher,
                onClosed,
                directWrites,
                IoTimers.of(channel.getIoThread()));
    }

    /** As above, with the clock and timers given (tests run them on virtual time). */
    WebSocketConnection(
            StreamConnection channel,
            WebSocketConfig config,
            WebSocketListener listener,
            String subprotocol,
            FlushBatcher flusher,
            Runnable onClosed,
            BooleanSupplier directWrites,
            IoTimers timers) {
        this.channel = channel;
        this.source = channel.getSourceChannel();
        this.ioThread = channel.getIoThread();
        this.config = config;
        this.listener = listener;
        this.subprotocol = subprotocol;
        this.remote = channel.getPeerAddress(InetSocketAddress.class);
        this.onClosed = onClosed;
        this.flusher = flusher;
        this.directWrites = directWrites;
        this.queue = new SendQueue(config.maxQueuedBytes());
        this.writer =
                new WebSocketWriter(channel.getSinkChannel(), queue, flusher, remote, () -> flusher.request(flushTask));
        this.decoder = new FrameDecoder(new MessageAssembler(this, config.maxMessageBytes()), config.maxMessageBytes());
        this.handshake = new CloseHandshake(this, remote, timers, config.closeTimeout());
        this.keepAlive =
                new KeepAlive(timers, config, remote, handshake::isOpen, () -> enqueue(PING, null), this::closeChannel);
    }

    /** Called once on the IO thread right after the upgrade response was sent. */
    void start() {
        try {
            // Undertow's read timeout would otherwise also cut an idle upgraded connection; we run our own pings.
            source.setOption(Options.READ_TIMEOUT, 0);
        } catch (IOException | IllegalArgumentException e) {
            LOG.debug("could not clear READ_TIMEOUT on {}", remote, e);
        }
        source.getReadSetter().set(ch -> onReadable());
        channel.getSinkChannel().getWriteSetter().set(ch -> flush());
        channel.getCloseSetter().set(ch -> closeChannel());
        keepAlive.start();
        try {
            listener.onOpen(this);
        } catch (RuntimeException e) {
            LOG.warn("WebSocket listener failed in onOpen for {}", remote, e);
            handshake.fail(CLOSE_INTERNAL_ERROR, "internal error");
        }
        // Bytes that arrived together with the handshake are already buffered by Undertow: read them now.
        onReadable();
        if (!closed) {
            source.resumeReads();
        }
    }

    // ---- WebSocket (any thread) -------------------------------------------------------------------------------

    @Override
    public boolean sendText(String text) {
        return send(OutboundFrame.text(text));
    }

    @Override
    public boolean send(OutboundFrame frame) {
        return enqueue(frame.shared(), frame.coalesceKey());
    }

    @Override
    public void close(int code, String reason) {
        if (code != CLOSE_NO_STATUS && !CloseFrames.isValidReceivedCode(code)) {
            throw new IllegalArgumentException("close code " + code + " may not be sent");
        }
        if (!handshake.isOpen()) {
            return;
        }
        runOnIoThread(() -> handshake.start(code, reason, false));
    }

    @Override
    public boolean isOpen() {
        return handshake.isOpen();
    }

    @Override
    public String subprotocol() {
        return subprotocol;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public long queuedBytes() {
        return queue.pendingBytes();
    }

    @Override
    public Object attachment() {
        return attachment;
    }

    @Override
    public void attach(Object attachment) {
        this.attachment = attachment;
    }

    @Override
    public String toString() {
        return "WebSocket[" + remote + (handshake.isOpen() ? "" : ", closed") + "]";
    }

    private boolean enqueue(ByteBuffer frame, String key) {
        switch (queue.offer(frame, key)) {
            case QUEUED:
                return true;
            case QUEUED_SCHEDULE_FLUSH:
                if (Thread.currentThread() == ioThread) {
                    if (inRead) {
                        flushAfterRead = true; // the read handler flushes everything it caused in one batch
                    } else {
                        flusher.request(flushTask);
                    }
                } else if (!directWrites.getAsBoolean() || !writer.writeDirectly()) {
                    flusher.request(flushTask);
                }
                return true;
            case FULL:
                runOnIoThread(() -> handshake.start(CLOSE_POLICY_VIOLATION, "send queue full", true));
                return false;
            default:
                return false;
        }
    }

    private void runOnIoThread(Runnable task) {
        if (Thread.currentThread() == ioThread) {
            task.run();
        } else {
            ioThread.execute(task);
        }
    }

    // ---- reading (IO thread) ----------------------------------------------------------------------------------

    private void onReadable() {
        ByteBuffer buf = READ_BUFFER.get();
        inRead = true;
        try {
            for (int i = 0; i < MAX_READS_PER_EVENT && !closed; i++) {
                buf.clear();
                int n = source.read(buf);
                if (n == 0) {
                    break;
                }
                if (n < 0) {
                    onEndOfInput();
                    return;
                }
                keepAlive.onInput();
                if (handshake.isFailing() || writer.isOutputShutdown()) {
                    continue; // draining: discard
                }
                buf.flip();
                decoder.decode(buf);
                if (n < buf.capacity()) {
                    break; // the socket is very likely drained: skip a read that would return 0
                }
            }
        } catch (ProtocolViolation v) {
            LOG.debug("failing {}: {} ({})", remote, v.getMessage(), v.closeCode());
            handshake.fail(v.closeCode(), v.getMessage());
        } catch (IOException e) {
            LOG.debug("read failed on {}", remote, e);
            closeChannel();
        } finally {
            inRead = false;
            if (flushAfterRead) {
                flushAfterRead = false;
                flush();
            }
        }
    }

    private void onEndOfInput() {
        if (!writer.isOutputShutdown()) {
            LOG.debug("{} ended its input without a close handshake", remote);
        }
        closeChannel();
    }

    @Override
    public void onText(String text) {
        if (!handshake.isOpen()) {
            return; // after our close frame, data is read but not delivered
        }
        try {
            listener.onText(this, text);
        } catch (RuntimeException e) {
            listenerFailed(e);
        }
    }

    @Override
    public void onBinary(byte[] data) {
        if (!handshake.isOpen()) {
            return;
        }
        try {
            listener.onBinary(this, data);
        } catch (RuntimeException e) {
            listenerFailed(e);
        }
    }

    private void listenerFailed(RuntimeException e) {
        LOG.warn("WebSocket listener failed for {}", remote, e);
        handshake.fail(CLOSE_INTERNAL_ERROR, "internal error");
    }

    @Override
    public void onControlFrame(int opcode, byte[] payload) throws ProtocolViolation {
        switch (opcode) {
            case OPCODE_PING:
                if (!queue.isClosed()) {
                    // Every ping gets its pong; a ping flood from a client that does not read is bounded by the
                    // queue limit like any other traffic (then 1008).
                    enqueue(WebSocketProtocol.encodeServerFrame(OPCODE_PONG, payload), null);
                }
                break;
            case OPCODE_PONG:
                break; // liveness is tracked by any input (KeepAlive.onInput)
            case OPCODE_CLOSE:
                handshake.onCloseFrameReceived(CloseFrames.parse(payload));
                break;
            default:
                throw new IllegalStateException("decoder passed opcode " + opcode);
        }
    }

    // ---- closing: what the handshake asks (IO thread) -------------------------------------------------------

    @Override
    public void queueCloseFrame(ByteBuffer frame, boolean discardPending) {
        queue.offerClose(frame, discardPending);
    }

    @Override
    public void flushSoon() {
        if (inRead) {
            flushAfterRead = true;
        } else {
            flush();
        }
    }

    @Override
    public void shutdownOutput() {
        if (writer.isOutputShutdown()) {
            return;
        }
        try {
            writer.shutdownOutput();
        } catch (IOException e) {
            closeChannel(); // not under the writer's lock: it calls the listener
        }
        // Keep reading: input is drained until EOF, or the close timer cuts it.
    }

    @Override
    public void closeChannel() {
        if (closed) {
            return;
        }
        closed = true;
        handshake.onChannelClosed();
        keepAlive.stop();
        IoUtils.safeClose(channel);
        onClosed.run();
        try {
            listener.onClose(this, handshake.code(), handshake.reason());
        } catch (RuntimeException e) {
            LOG.warn("WebSocket listener failed in onClose for {}", remote, e);
        }
    }

    // ---- writing (IO thread) ----------------------------------------------------------------------------------

    private void flush() {
        if (closed) {
            return;
        }
        WriteResult result = writer.flush();
        // After the writer's lock is released: these may call the listener.
        if (result == WriteResult.CLOSE_FRAME_WRITTEN) {
            handshake.onCloseFrameWritten();
        } else if (result == WriteResult.FAILED) {
            closeChannel();
        }
    }

    /** Sends written by the sending thread instead of the IO thread (tests). */
    long directWrites() {
        return writer.directWrites();
    }
}
