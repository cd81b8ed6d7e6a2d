package io.hilbridge.ws;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;
import org.xnio.conduits.ConduitStreamSinkChannel;
import org.xnio.conduits.ConduitStreamSourceChannel;

import static io.hilbridge.ws.WebSocketProtocol.CLOSE_ABNORMAL;
import static io.hilbridge.ws.WebSocketProtocol.CLOSE_INTERNAL_ERROR;
import static io.hilbridge.ws.WebSocketProtocol.CLOSE_NO_STATUS;
import static io.hilbridge.ws.WebSocketProtocol.CLOSE_POLICY_VIOLATION;
import static io.hilbridge.ws.WebSocketProtocol.OPCODE_CLOSE;
import static io.hilbridge.ws.WebSocketProtocol.OPCODE_PING;
import static io.hilbridge.ws.WebSocketProtocol.OPCODE_PONG;

/**
 * One upgraded connection: drives the raw XNIO {@link StreamConnection} with our decoder and writer.
 *
 * <p>Reading: on readiness, read into the IO thread's shared buffer (no per-connection read buffer), decode,
 * deliver messages, then flush whatever the listener sent meanwhile in one batch. Writing: frames from any thread go
 * to the {@link SendQueue} (shared buffers, never copied per connection until the write); one flush at a time takes
 * up to 64 frames, copies them into the IO thread's direct gather buffer ({@link FlushBatcher}) and writes them with
 * a single call, and a partial write parks the rest (and the offset into its first frame) until the socket is
 * writable again, so nothing ever blocks the IO thread. Direct writes: while few connections are open
 * ({@link WebSocketConfig#directWriteMaxConnections()}), a send from another thread to a connection with nothing else
 * waiting is written by the sending thread itself (one non-blocking write of at most {@link #DIRECT_BYTES}); whatever
 * does not fit, a close frame, or a busy writer goes to the IO thread as above. It saves waking the IO thread, which is
 * most of the latency of a single reply, e.g. an ack written by the thread that read the board's answer.
 *
 * <p>Closing: valid close frames are echoed; our close frame goes out, then writes are shut down and input is
 * drained until EOF (or the close timeout), so the kernel does not answer late client bytes with a reset that could
 * destroy the close frame in flight. {@link WebSocketListener#onClose} fires exactly once, when TCP is closed, with
 * the code received or sent, or 1006 if the connection ended without any close decision.
 *
 * <p>Thread-safety: the {@link WebSocket} methods are safe from any thread; everything else runs on the IO thread,
 * except the write side's batch state, which is guarded by {@code writeLock} (held by the IO thread for one flush, by
 * a direct writer for one write; never while waiting for anything else).
 */
final class WebSocketConnection implements WebSocket, MessageAssembler.Callback {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketConnection.class);

    private static final int READ_BUFFER_SIZE = 64 * 1024;
    private static final int MAX_READS_PER_EVENT = 16;
    private static final int MAX_BATCH_FRAMES = 64;
    /** One batch fits the IO thread's gather buffer, so it goes out in one write. */
    private static final int MAX_BATCH_BYTES = FlushBatcher.GATHER_BYTES;
    /** Most bytes a direct write sends; more is left to the IO thread and its gather buffer. */
    static final int DIRECT_BYTES = 16 * 1024;
    /** One buffer per sending thread for direct writes (only threads that send to a connection directly get one). */
    private static final ThreadLocal<ByteBuffer> DIRECT_BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(DIRECT_BYTES));
    private static final ByteBuffer PING =
            WebSocketProtocol.encodeServerFrame(OPCODE_PING, new byte[0]).asReadOnlyBuffer();

    /** One read buffer per IO thread: decoding finishes before the thread serves another connection. */
    private static final ThreadLocal<ByteBuffer> READ_BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(READ_BUFFER_SIZE));

    private final StreamConnection channel;
    private final ConduitStreamSourceChannel source;
    private final ConduitStreamSinkChannel sink;
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
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Sends written by the sending thread (tests). Written under writeLock. */
    private volatile long directWriteCount;
    private volatile Object attachment;
    private volatile boolean open = true;

    // Write side, guarded by writeLock.
    /** Frames taken from the queue and not yet fully written: batch[batchStart, batchEnd). */
    private ByteBuffer[] batch;
    private int batchStart;
    private int batchEnd;
    /** Bytes of batch[batchStart] already written. */
    private int headOffset;
    private final boolean[] closeTaken = new boolean[1];
    private boolean closeInBatch;
    /** Writes are resumed (we wait for writability); tracked to avoid needless selector changes. */
    private boolean writesResumed;

    // IO thread only from here on.
    private boolean closeFrameWritten;
    private boolean closeReceived;
    /** We fail the connection (protocol error, limit): no more input is decoded. */
    private boolean failing;
    private boolean outputShutdown;
    private boolean closed;
    private int closeCode = CLOSE_ABNORMAL;
    private String closeReason = "";
    private boolean inRead;
    private boolean flushAfterRead;
    private long lastReadNanos = System.nanoTime();
    private long pingSentNanos;
    private boolean awaitingPong;
    private XnioExecutor.Key idleTimer;
    private XnioExecutor.Key closeTimer;

    WebSocketConnection(StreamConnection channel, WebSocketConfig config, WebSocketListener listener,
                        String subprotocol, FlushBatcher flusher, Runnable onClosed,
                        BooleanSupplier directWrites) {
        this.channel = channel;
        this.source = channel.getSourceChannel();
        this.sink = channel.getSinkChannel();
        this.ioThread = channel.getIoThread();
        this.config = config;
        this.listener = listener;
        this.subprotocol = subprotocol;
        this.remote = channel.getPeerAddress(InetSocketAddress.class);
        this.onClosed = onClosed;
        this.flusher = flusher;
        this.directWrites = directWrites;
        this.queue = new SendQueue(config.maxQueuedBytes());
        this.decoder = new FrameDecoder(new MessageAssembler(this, config.maxMessageBytes()), config.maxMessageBytes());
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
        sink.getWriteSetter().set(ch -> flush());
        channel.getCloseSetter().set(ch -> closeChannel());
        scheduleIdleCheck(config.pingInterval().toNanos());
        try {
            listener.onOpen(this);
        } catch (RuntimeException e) {
            LOG.warn("WebSocket listener failed in onOpen for {}", remote, e);
            fail(CLOSE_INTERNAL_ERROR, "internal error");
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
        if (!open) {
            return;
        }
        runOnIoThread(() -> startClose(code, reason, false));
    }

    @Override
    public boolean isOpen() {
        return open;
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
        return "WebSocket[" + remote + (open ? "" : ", closed") + "]";
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
                } else if (!directWrites.getAsBoolean() || !writeDirectly()) {
                    flusher.request(flushTask);
                }
                return true;
            case FULL:
                runOnIoThread(() -> startClose(CLOSE_POLICY_VIOLATION, "send queue full", true));
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
                lastReadNanos = System.nanoTime();
                if (failing || outputShutdown || decoder.isFinished()) {
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
            fail(v.closeCode(), v.getMessage());
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
        if (!outputShutdown) {
            LOG.debug("{} ended its input without a close handshake", remote);
        }
        closeChannel();
    }

    @Override
    public void onText(String text) {
        if (!open) {
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
        if (!open) {
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
        fail(CLOSE_INTERNAL_ERROR, "internal error");
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
                break; // liveness is tracked by any input (lastReadNanos)
            case OPCODE_CLOSE:
                onCloseFrame(CloseFrames.parse(payload));
                break;
            default:
                throw new IllegalStateException("decoder passed opcode " + opcode);
        }
    }

    private void onCloseFrame(CloseFrames.Close close) {
        closeReceived = true;
        if (open) {
            // The peer started the handshake: echo its code (an empty payload is echoed empty).
            startClose(close.code(), close.reason(), false);
        } else if (closeFrameWritten) {
            shutdownOutput();
        }
    }

    // ---- closing (IO thread) ----------------------------------------------------------------------------------

    /**
     * Fails the connection: nothing more is decoded; the close frame follows what is already queued (replies to
     * valid frames that preceded the error still go out), then TCP is closed without waiting for the peer.
     */
    private void fail(int code, String reason) {
        failing = true;
        if (!open && closeFrameWritten) {
            shutdownOutput(); // already closing: stop waiting for the peer
        }
        startClose(code, reason, false);
    }

    private void startClose(int code, String reason, boolean discardPending) {
        if (!open || closed) {
            return;
        }
        open = false;
        closeCode = code;
        closeReason = reason == null ? "" : reason;
        queue.offerClose(CloseFrames.encode(code, reason), discardPending);
        try {
            closeTimer = ioThread.executeAfter(this::closeTimedOut, config.closeTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // The server is stopping (its IO thread takes no timers): no handshake to wait for, just close.
            closeChannel();
            return;
        }
        if (inRead) {
            flushAfterRead = true;
        } else {
            flush();
        }
    }

    private void closeTimedOut() {
        closeTimer = null;
        if (!closed) {
            LOG.debug("close handshake with {} timed out", remote);
            closeChannel();
        }
    }

    /** Our close frame is on the wire: finish at once if the peer's close arrived or we are failing. */
    private void onCloseFrameWritten() {
        closeFrameWritten = true;
        if (closeReceived || failing) {
            shutdownOutput();
        }
    }

    private void shutdownOutput() {
        if (outputShutdown) {
            return;
        }
        outputShutdown = true;
        boolean failed = false;
        writeLock.lock();
        try {
            sink.shutdownWrites();
            if (!sink.flush()) {
                resumeWrites(); // the write listener (flush) finishes it
            }
        } catch (IOException e) {
            failed = true;
        } finally {
            writeLock.unlock();
        }
        if (failed) {
            closeChannel(); // not under the lock: it calls the listener
        }
        // Keep reading: input is drained until EOF, or the close timer cuts it.
    }

    private void closeChannel() {
        if (closed) {
            return;
        }
        closed = true;
        open = false;
        cancel(idleTimer);
        cancel(closeTimer);
        IoUtils.safeClose(channel);
        onClosed.run();
        try {
            listener.onClose(this, closeCode, closeReason);
        } catch (RuntimeException e) {
            LOG.warn("WebSocket listener failed in onClose for {}", remote, e);
        }
    }

    private static void cancel(XnioExecutor.Key key) {
        if (key != null) {
            key.remove();
        }
    }

    // ---- writing (IO thread) ----------------------------------------------------------------------------------

    private static final int FLUSHED = 0;
    private static final int CLOSE_FRAME_WRITTEN = 1;
    private static final int WRITE_FAILED = 2;

    private void flush() {
        if (closed) {
            return;
        }
        int result;
        writeLock.lock();
        try {
            result = flushLocked();
        } finally {
            writeLock.unlock();
        }
        // Not under the lock: these may call the listener.
        if (result == CLOSE_FRAME_WRITTEN) {
            onCloseFrameWritten();
        } else if (result == WRITE_FAILED) {
            closeChannel();
        }
    }

    /** One flush, on the IO thread, holding writeLock. */
    private int flushLocked() {
        long confirmed = 0; // bytes written since the last take, reported with the next take (one lock, not two)
        try {
            if (outputShutdown) {
                if (sink.flush()) {
                    suspendWrites();
                }
                return FLUSHED;
            }
            while (true) {
                if (batchStart == batchEnd) {
                    boolean taken = takeBatch(MAX_BATCH_BYTES, confirmed);
                    confirmed = 0;
                    if (!taken) {
                        suspendWrites();
                        return FLUSHED;
                    }
                }
                ByteBuffer out = gather(flusher.gatherBuffer());
                int written = sink.write(out);
                confirmed += written;
                consume(written);
                if (batchStart < batchEnd) {
                    if (written < out.limit()) {
                        queue.written(confirmed);
                        resumeWrites(); // partial write: continue when the socket is writable
                        return FLUSHED;
                    }
                    continue; // the batch was larger than the gather buffer: the socket took it all, write on
                }
                if (closeInBatch) {
                    queue.written(confirmed);
                    closeInBatch = false;
                    batchStart = batchEnd = 0;
                    batch = null;
                    return CLOSE_FRAME_WRITTEN;
                }
            }
        } catch (IOException e) {
            LOG.debug("write failed on {}", remote, e);
            return WRITE_FAILED;
        }
    }

    /**
     * A direct write (see the class comment), on the sending thread, which holds the pending flush (its send got
     * {@code QUEUED_SCHEDULE_FLUSH}). Returns false, having taken nothing, when the IO thread is using the write side;
     * the caller then hands the flush to the IO thread. Returns true when it wrote everything queued (the flush is
     * over) or handed the rest to the IO thread itself.
     */
    private boolean writeDirectly() {
        if (!writeLock.tryLock()) {
            return false;
        }
        try {
            if (batchStart != batchEnd || writesResumed) {
                return false; // a partial batch waits for writability: the IO thread finishes it
            }
            if (!takeBatch(DIRECT_BYTES, 0)) {
                return true; // nothing left (a coalesced frame): the take ended the pending flush
            }
            if (!closeInBatch) { // closing is the IO thread's business: it writes the close frame and what precedes it
                int written = sink.write(gather(DIRECT_BUFFER.get()));
                consume(written);
                directWriteCount++;
                if (batchStart < batchEnd) {
                    queue.written(written); // partial: the socket is full, the IO thread waits for writability
                } else {
                    // All written. An empty take ends the pending flush; frames sent meanwhile go to the IO thread.
                    if (!takeBatch(DIRECT_BYTES, written)) {
                        return true;
                    }
                }
            }
        } catch (IOException e) {
            LOG.debug("direct write failed on {}", remote, e);
            // The IO thread's flush meets the same error and closes the connection.
        } finally {
            writeLock.unlock();
        }
        flusher.request(flushTask);
        return true;
    }

    /**
     * Starts a new batch: takes up to {@code maxBytes} of frames from the queue, first confirming {@code confirmed}
     * bytes written. Returns false when the queue had nothing (that ends the pending flush); the connection then holds
     * no batch array. Holding writeLock.
     */
    private boolean takeBatch(int maxBytes, long confirmed) {
        if (batch == null) {
            batch = new ByteBuffer[MAX_BATCH_FRAMES];
        }
        batchStart = 0;
        headOffset = 0;
        closeTaken[0] = false;
        batchEnd = queue.take(batch, 0, MAX_BATCH_FRAMES, maxBytes, closeTaken, confirmed);
        closeInBatch = closeTaken[0];
        if (batchEnd == 0) {
            batch = null; // idle connections hold no batch array
            return false;
        }
        return true;
    }

    /** Sends written by the sending thread instead of the IO thread (tests). */
    long directWrites() {
        return directWriteCount;
    }

    /**
     * Copies the unwritten part of the batch (up to the buffer's size) into {@code out} (the IO thread's gather
     * buffer, or a direct writer's), with absolute reads: the frames are shared with other connections and keep their
     * positions.
     */
    private ByteBuffer gather(ByteBuffer out) {
        out.clear();
        int off = headOffset;
        for (int i = batchStart; i < batchEnd && out.hasRemaining(); i++) {
            ByteBuffer f = batch[i];
            int start = f.position() + off;
            int n = Math.min(f.limit() - start, out.remaining());
            out.put(out.position(), f, start, n);
            out.position(out.position() + n);
            off = 0;
        }
        return out.flip();
    }

    /** Advances the batch by {@code written} bytes; fully written frames leave it. */
    private void consume(int written) {
        while (written > 0) {
            ByteBuffer f = batch[batchStart];
            int left = f.remaining() - headOffset;
            if (written < left) {
                headOffset += written;
                return;
            }
            written -= left;
            headOffset = 0;
            batch[batchStart++] = null;
        }
    }

    private void resumeWrites() {
        if (!writesResumed) {
            writesResumed = true;
            sink.resumeWrites();
        }
    }

    private void suspendWrites() {
        if (writesResumed) {
            writesResumed = false;
            sink.suspendWrites();
        }
    }

    // ---- liveness (IO thread) ---------------------------------------------------------------------------------

    private void scheduleIdleCheck(long delayNanos) {
        idleTimer = ioThread.executeAfter(this::idleCheck, Math.max(1, delayNanos), TimeUnit.NANOSECONDS);
    }

    private void idleCheck() {
        idleTimer = null;
        if (closed || !open) {
            return;
        }
        long now = System.nanoTime();
        if (awaitingPong) {
            if (lastReadNanos - pingSentNanos >= 0) {
                awaitingPong = false;
            } else {
                LOG.debug("{} did not answer a ping within {}: dropping it", remote, config.pongTimeout());
                closeChannel(); // half-open: a close frame could not reach it anyway
                return;
            }
        }
        long idle = now - lastReadNanos;
        long interval = config.pingInterval().toNanos();
        if (idle >= interval) {
            awaitingPong = true;
            pingSentNanos = now;
            enqueue(PING, null);
            scheduleIdleCheck(config.pongTimeout().toNanos());
        } else {
            scheduleIdleCheck(interval - idle);
        }
    }
}
