package io.hilbridge.trace;

import io.hilbridge.app.Version;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.link.BoardLink;
import io.hilbridge.link.BoardListener;
import io.hilbridge.serial.SerialTransport;
import io.hilbridge.trace.TraceRecord.Direction;
import io.hilbridge.trace.TraceRecord.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A link trace being written (protocol-spec/trace-format.md). Usage: {@code LinkTrace t = LinkTrace.start(file)};
 * wrap each board's transport with {@link #tap} before the link opens it, {@link #watch} the link for its status
 * changes, and {@link #close} at the end (the file is then complete and flushed). {@link #rotate} moves on to a new
 * file while the links run (one trace per test, for a test kit that keeps one bridge for several tests).
 *
 * <p>The link never waits for the disk: taps hand chunks of port bytes and events to a bounded queue; one writer
 * thread decodes them ({@link BoardRecorder}) and writes pcapng blocks. When the queue is full the chunk is counted
 * and a "dropped N" record is written before the next one that fits. At {@link TraceOptions#maxBytes()} the trace
 * stops with one log line; the file stays valid.
 *
 * <p>Thread-safety: every method is safe from any thread; {@link #tap}, {@link #watch} and the taps never block.
 */
public final class LinkTrace implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LinkTrace.class);
    private static final Duration CLOSE_DEADLINE = Duration.ofSeconds(10);

    /** What the writer thread is handed. {@code lostBefore}: items that did not fit in the queue just before this one. */
    private sealed interface Item permits Chunk, Event, Attach, Rotate, Stop {}

    private record Chunk(int board, long micros, Direction dir, byte[] data, long lostBefore) implements Item {}

    private record Event(int board, long micros, TraceEvent event, String text, long lostBefore) implements Item {}

    private record Attach(String name, String description) implements Item {}

    private record Rotate(Path file, OutputStream out, CompletableFuture<Void> done) implements Item {}

    private record Stop(long lostBefore) implements Item {}

    private volatile Path file;
    private final TraceOptions options;
    private final BlockingQueue<Item> queue;
    private long lostSinceLastOffer; // guarded by queue
    private final AtomicLong droppedTotal = new AtomicLong();
    private final Map<String, Integer> boardsByName = new HashMap<>(); // guarded by itself
    private final Thread writer;
    private final List<BoardRecorder> recorders = new ArrayList<>(); // writer thread only
    private final List<Attach> attached = new ArrayList<>(); // writer thread only: rewritten into each new file
    private OutputStream out; // writer thread only (and close, after the writer ended)
    private long written;
    private volatile boolean stopped;
    private volatile boolean closed;

    private LinkTrace(Path file, TraceOptions options, OutputStream out) {
        this.file = file;
        this.options = options;
        this.queue = new ArrayBlockingQueue<>(options.queueCapacity());
        this.out = out;
        this.writer = new Thread(this::writeLoop, "hilbridge-trace");
        this.writer.setDaemon(true);
    }

    /** Starts a trace into {@code file} (created or truncated) with the default limits. */
    public static LinkTrace start(Path file) {
        return start(file, TraceOptions.defaults());
    }

    /** Starts a trace into {@code file} (created or truncated); throws UncheckedIOException when it cannot be written. */
    public static LinkTrace start(Path file, TraceOptions options) {
        return start(file, options, open(file));
    }

    private static OutputStream open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            return Files.newOutputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trace " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes to {@code out} (closed by {@link #close}); {@code file} only names it. For tests that watch the writes. */
    static LinkTrace start(Path file, TraceOptions options, OutputStream out) {
        LinkTrace t = new LinkTrace(file, options, new BufferedOutputStream(out, 1 << 16));
        t.block(Pcapng.sectionHeader("hilbridge " + Version.get()));
        t.writer.start();
        return t;
    }

    /**
     * Ends the current file (complete and closed when this returns) and goes on in {@code next}, which starts with the
     * same boards: one trace per test while the bridge and its links run on. The size limit counts per file, and a
     * trace the limit stopped starts again. Waits for the writer thread, at most 10 s; throws UncheckedIOException
     * when {@code next} cannot be written (the current file then stays the one written).
     */
    public void rotate(Path next) {
        if (closed) throw new IllegalStateException("trace " + file + " is closed");
        CompletableFuture<Void> done = new CompletableFuture<>();
        putUninterruptibly(new Rotate(next, open(next), done));
        try {
            done.get(CLOSE_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the trace moved to " + next, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the trace did not move to " + next + " within " + CLOSE_DEADLINE, e);
        }
    }

    /** The file this trace writes (the latest, after {@link #rotate}). */
    public Path file() {
        return file;
    }

    /**
     * Wraps a board's transport so everything it carries is recorded, as interface {@code name} (the device id).
     * Call once per board, before the link opens the transport.
     */
    public SerialTransport tap(String name, SerialTransport transport) {
        int board;
        synchronized (boardsByName) {
            if (boardsByName.containsKey(name))
                throw new IllegalArgumentException("board " + name + " is already traced");
            board = boardsByName.size();
            boardsByName.put(name, board);
            // The Attach must be queued in board order; put() waits only if the writer is far behind.
            putUninterruptibly(new Attach(name, transport.describe()));
        }
        return new TracingTransport(transport, this, board);
    }

    /**
     * Records the link's status changes (online, offline, resyncing, connecting) as events of its board: call with
     * a link built on the transport {@link #tap} returned for {@code link.deviceId()}.
     */
    public void watch(BoardLink link) {
        Integer boardIndex;
        synchronized (boardsByName) {
            boardIndex = boardsByName.get(link.deviceId());
        }
        if (boardIndex == null) throw new IllegalArgumentException("board " + link.deviceId() + " was not tapped");
        link.addListener(new BoardListener() {
            @Override
            public void onStatus(BoardLink b, DeviceStatus status) {
                event(boardIndex, TraceEvent.of(status), "");
            }
        });
    }

    /** Records that were lost because the queue was full, over the whole trace. */
    public long droppedRecords() {
        return droppedTotal.get();
    }

    /** Items waiting for the writer thread (for tests that wait for it to catch up). */
    int queued() {
        return queue.size();
    }

    /** True once the size limit stopped the trace (or writing failed). */
    public boolean stopped() {
        return stopped;
    }

    void bytes(int board, Direction dir, byte[] data, int offset, int length) {
        if (length == 0 || stopped || closed) return;
        byte[] copy = java.util.Arrays.copyOfRange(data, offset, offset + length);
        long micros = now();
        synchronized (queue) {
            if (queue.offer(new Chunk(board, micros, dir, copy, lostSinceLastOffer))) lostSinceLastOffer = 0;
            else lost();
        }
    }

    void event(int board, TraceEvent event, String text) {
        if (stopped || closed) return;
        long micros = now();
        synchronized (queue) {
            if (queue.offer(new Event(board, micros, event, text == null ? "" : text, lostSinceLastOffer))) {
                lostSinceLastOffer = 0;
            } else {
                lost();
            }
        }
    }

    /**
     * Counts an item that did not fit. The lock only orders offers (never waits on the writer), so the next item that
     * fits knows exactly how many were lost right before it.
     */
    private void lost() {
        lostSinceLastOffer++;
        droppedTotal.incrementAndGet();
    }

    private static long now() {
        Instant i = Instant.now();
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
    }

    private void putUninterruptibly(Item item) {
        boolean interrupted = false;
        while (true) {
            try {
                queue.put(item);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /** Stops recording, writes what is queued, and closes the file. Idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        long lost;
        synchronized (queue) {
            lost = lostSinceLastOffer;
            lostSinceLastOffer = 0;
        }
        putUninterruptibly(new Stop(lost)); // outside the lock: taps must never wait for the writer
        try {
            writer.join(CLOSE_DEADLINE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) log.warn("trace {}: the writer did not finish within {}", file, CLOSE_DEADLINE);
    }

    // ------------------------------------------------------------------ writer thread

    private void writeLoop() {
        try {
            while (true) {
                Item item = queue.poll();
                if (item == null) {
                    flush();
                    item = queue.take();
                }
                if (item instanceof Rotate r) {
                    rotateTo(r);
                    continue;
                }
                if (stopped) {
                    if (item instanceof Stop) break;
                    continue;
                }
                long lost = lostBefore(item);
                if (lost > 0 && !recorders.isEmpty()) writeDropped(item instanceof Stop ? 0 : boardOf(item), lost);
                if (item instanceof Stop) break;
                handle(item);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeFile();
        }
    }

    private static long lostBefore(Item item) {
        if (item instanceof Chunk c) return c.lostBefore();
        if (item instanceof Event e) return e.lostBefore();
        if (item instanceof Stop s) return s.lostBefore();
        return 0;
    }

    private static int boardOf(Item item) {
        return item instanceof Chunk c ? c.board() : ((Event) item).board();
    }

    private void handle(Item item) {
        if (item instanceof Attach a) {
            attached.add(a);
            block(Pcapng.interfaceDescription(a.name(), a.description()));
            int board = recorders.size();
            recorders.add(new BoardRecorder(board, r -> block(Pcapng.enhancedPacket(r))));
        } else if (item instanceof Chunk c) {
            recorders.get(c.board()).bytes(c.dir(), c.micros(), c.data());
        } else if (item instanceof Event e) {
            recorders.get(e.board()).event(e.micros(), e.event(), e.text());
        }
    }

    private void rotateTo(Rotate r) {
        closeFile();
        out = new BufferedOutputStream(r.out(), 1 << 16);
        file = r.file();
        written = 0;
        stopped = false;
        block(Pcapng.sectionHeader("hilbridge " + Version.get()));
        for (Attach a : attached) block(Pcapng.interfaceDescription(a.name(), a.description()));
        // The decoders and unanswered seqs go on: a frame cut by the rotation is recorded whole in the new file.
        flush();
        r.done().complete(null);
    }

    private void writeDropped(int board, long count) {
        recorders.forEach(BoardRecorder::restart); // bytes are missing: partial frames cannot be trusted
        byte[] body = java.nio.ByteBuffer.allocate(4)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putInt((int) Math.min(count, 0xFFFFFFFFL))
                .array();
        block(Pcapng.enhancedPacket(new TraceRecord(board, now(), Kind.DROPPED, Direction.NONE, false, body)));
    }

    /** Writes one whole block, or stops the trace if it would pass the size limit. */
    private void block(byte[] b) {
        if (stopped) return;
        if (written + b.length > options.maxBytes()) {
            stop("reached its size limit of " + options.maxBytes() + " bytes (--trace-max-size); tracing stopped");
            return;
        }
        try {
            out.write(b);
            written += b.length;
        } catch (IOException e) {
            stop("cannot be written: " + e.getMessage() + "; tracing stopped");
        }
    }

    private void stop(String why) {
        stopped = true; // the loop now discards what is queued, and offer() queues nothing more
        log.warn("trace {} {}", file, why);
    }

    private void flush() {
        if (stopped) return;
        try {
            out.flush();
        } catch (IOException e) {
            stop("cannot be written: " + e.getMessage() + "; tracing stopped");
        }
    }

    private void closeFile() {
        try {
            out.close();
        } catch (IOException e) {
            log.warn("trace {}: closing failed: {}", file, e.getMessage());
        }
    }
}
