package io.hilbridge.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Child process of {@link ViewersBenchmark}: N WebSocket clients of one bridge (RFC 6455 over TCP; after its handshake
 * a client sends only masked pongs to the bridge's keep-alive pings), in a JVM of their own so that the bridge's heap
 * and CPU are measured alone. The clients are spread over R reader threads (default: one per core), each with its own
 * NIO selector and its own share of the clients (client i on reader i mod R): one thread reading 10,000 sockets was
 * itself a bottleneck of the push time it measures.
 *
 * <p>Protocol with the parent, one line each: arguments {@code PORT N CHANGES [R]}; it prints {@code READY N} once every
 * client has its {@code hello}; the parent then writes {@code k T} (change k, 0-based, made at {@code System.nanoTime()}
 * T: the same monotonic clock for every process on the machine) before making each change, and {@code END} after the
 * last; the child waits until every client has seen every change (at most 30 s) and prints one line {@code RESULT
 * received=R expected=E missing=M extra=X dropped=D p50=.. p99=.. max=.. cpu=C readerCpu=T} (microseconds; D clients
 * the bridge closed; C this JVM's CPU time per wall time and T the busiest reader thread's, from the first change to
 * the last client's last change), then exits. The k-th {@code state} message a client receives is change k (nothing
 * else changes a light during the run).
 *
 * <p>Thread-safety: each {@link Reader} owns its clients and their counters; {@code receivedAt[k][i]} is written only
 * by client i's reader and read by the main thread after joining every reader; {@code madeAt} is written by the main
 * thread (the parent's lines) and read after the join too.
 */
public final class ViewerClients {
    /** Handshakes in progress at once (all readers together): keeps the bridge's accept backlog from overflowing. */
    private static final int MAX_PENDING_HANDSHAKES = 200;

    /** FIN + pong, MASK bit + length 0, a masking key (RFC 6455: every client frame is masked). */
    private static final byte[] PONG = {(byte) 0x8A, (byte) 0x80, 0x1A, 0x2B, 0x3C, 0x4D};

    private static final byte[] STATE_PREFIX = "{\"type\":\"state\"".getBytes(StandardCharsets.US_ASCII);

    /** One client. */
    private static final class Conn {
        final SocketChannel ch;
        final int index;
        /** Response head bytes until the blank line; null once upgraded. */
        ByteBuffer head = ByteBuffer.allocate(512);

        boolean greeted;
        int states;
        /** Frame parsing: payload bytes still to skip (-1: reading a header), first payload bytes kept. */
        long skip = -1;

        int opcode;

        final byte[] prefix = new byte[16];
        int prefixLen;
        final byte[] partial = new byte[14];
        int partialLen;

        Conn(SocketChannel ch, int index) {
            this.ch = ch;
            this.index = index;
        }
    }

    private final int port;
    private final int changes;
    /** Receipt time of change k at client i: receivedAt[k][i]. */
    private final long[][] receivedAt;

    private final AtomicLongArray madeAt;
    private final CountDownLatch allGreeted;
    /** Set once the parent said END: readers give up waiting for missing changes then. */
    private volatile long endDeadline = Long.MAX_VALUE;

    private final byte[] request;

    private ViewerClients(int port, int n, int changes, int readers) {
        this.port = port;
        this.changes = changes;
        this.receivedAt = new long[changes][n];
        this.madeAt = new AtomicLongArray(changes);
        this.allGreeted = new CountDownLatch(readers);
        this.request = ("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                        + "Sec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        int changes = Integer.parseInt(args[2]);
        int readers = args.length > 3
                ? Integer.parseInt(args[3])
                : Runtime.getRuntime().availableProcessors();
        if (readers < 1 || readers > n) {
            throw new IllegalArgumentException("reader threads must be 1 to " + n + ", was " + readers);
        }
        new ViewerClients(port, n, changes, readers).run(n, readers);
    }

    private void run(int n, int readerCount) throws Exception {
        List<Reader> readers = new ArrayList<>();
        for (int r = 0; r < readerCount; r++) {
            Reader reader = new Reader(r, readerCount, n);
            readers.add(reader);
            reader.thread.start();
        }
        if (!allGreeted.await(130, TimeUnit.SECONDS)) {
            throw new IOException("the clients did not all get their hello within 130 s");
        }
        for (Reader r : readers) {
            if (r.failure != null) throw new IOException("a reader failed", r.failure);
        }
        System.out.println("READY " + n);
        System.out.flush();

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu0 = 0;
        long[] readerCpu0 = new long[readerCount];
        long wall0 = 0;
        try (BufferedReader parent = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII))) {
            for (String line; (line = parent.readLine()) != null && !line.equals("END"); ) {
                String[] kv = line.split(" ");
                int k = Integer.parseInt(kv[0]);
                if (k == 0) {
                    cpu0 = processCpuNanos();
                    for (int r = 0; r < readerCount; r++) {
                        readerCpu0[r] =
                                threads.getThreadCpuTime(readers.get(r).thread.getId());
                    }
                    wall0 = System.nanoTime();
                }
                madeAt.set(k, Long.parseLong(kv[1]));
            }
        } // EOF: the parent went away; end as if told
        endDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long busiestReader = 0;
        for (int r = 0; r < readerCount; r++) {
            Reader reader = readers.get(r);
            long before = threads.getThreadCpuTime(reader.thread.getId());
            reader.thread.join();
            // A finished thread has no CPU time any more: each reader records its own at its end.
            busiestReader = Math.max(busiestReader, Math.max(before, reader.cpuAtEnd) - readerCpu0[r]);
        }
        double wall = System.nanoTime() - wall0;
        double cpu = (processCpuNanos() - cpu0) / wall;
        for (Reader r : readers) {
            if (r.failure != null) throw new IOException("a reader failed", r.failure);
        }
        System.out.println(result(readers, n, cpu, busiestReader / wall));
        System.out.flush();
        for (Reader r : readers) r.closeAll();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private String result(List<Reader> readers, int n, double cpu, double readerCpu) {
        long extra = 0;
        int dropped = 0;
        for (Reader r : readers) {
            extra += r.extra;
            dropped += r.dropped;
        }
        long received = 0;
        long missing = 0;
        WsLoadClient.Latencies lat = new WsLoadClient.Latencies();
        for (int k = 0; k < changes; k++) {
            long made = madeAt.get(k);
            for (int i = 0; i < n; i++) {
                if (receivedAt[k][i] != 0) {
                    received++;
                    lat.add(receivedAt[k][i] - made);
                } else {
                    missing++;
                }
            }
        }
        return String.format(
                Locale.ROOT,
                "RESULT received=%d expected=%d missing=%d extra=%d dropped=%d p50=%.0f p99=%.0f max=%.0f cpu=%.3f"
                        + " readerCpu=%.3f",
                received,
                (long) changes * n,
                missing,
                extra,
                dropped,
                lat.percentileMicros(50),
                lat.percentileMicros(99),
                lat.percentileMicros(100),
                cpu,
                readerCpu);
    }

    /** One reader thread: connects its share of the clients, then reads them until each has seen every change. */
    private final class Reader {
        final Thread thread;
        private final int first;
        private final int step;
        private final int count;
        private final Selector selector;
        private final List<Conn> conns = new ArrayList<>();
        private final ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);
        private final int maxPending;
        private int greeted;
        /** Clients that saw every change (or were dropped). */
        private int done;

        long extra;
        int dropped;
        volatile long cpuAtEnd;
        volatile Throwable failure;

        Reader(int first, int step, int n) throws IOException {
            this.first = first;
            this.step = step;
            this.count = (n - first + step - 1) / step;
            this.maxPending = Math.max(1, MAX_PENDING_HANDSHAKES / step);
            this.selector = Selector.open();
            this.thread = new Thread(this::runSafely, "viewer-reader-" + first);
        }

        private void runSafely() {
            boolean counted = false;
            try {
                connectAll();
                allGreeted.countDown();
                counted = true;
                while (done < count && System.nanoTime() < endDeadline) {
                    selector.select(this::onReadable, 20);
                }
            } catch (Throwable t) {
                failure = t;
                if (!counted) allGreeted.countDown();
            } finally {
                cpuAtEnd = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            }
        }

        private void connectAll() throws IOException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (greeted < count) {
                while (conns.size() < count && conns.size() - greeted < maxPending) {
                    SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                    ch.write(ByteBuffer.wrap(request));
                    ch.configureBlocking(false);
                    Conn c = new Conn(ch, first + conns.size() * step);
                    ch.register(selector, SelectionKey.OP_READ, c);
                    conns.add(c);
                }
                selector.select(this::onReadable, 50);
                if (System.nanoTime() > deadline) {
                    throw new IOException("only " + greeted + " of " + count + " clients of reader " + first
                            + " got their hello" + " within 120 s");
                }
            }
        }

        void closeAll() throws IOException {
            for (Conn c : conns) c.ch.close();
        }

        private void onReadable(SelectionKey k) {
            Conn c = (Conn) k.attachment();
            try {
                in.clear();
                in.put(c.partial, 0, c.partialLen);
                int n = c.ch.read(in);
                if (n < 0) {
                    dropped(k, c);
                    return;
                }
                long now = System.nanoTime();
                in.flip();
                if (c.head != null && !readHead(c)) {
                    c.partialLen = 0;
                    return;
                }
                parse(c, now);
                c.partialLen = in.remaining();
                in.get(c.partial, 0, c.partialLen);
            } catch (IOException e) {
                if (c.head != null) {
                    throw new IllegalStateException(e.getMessage(), e); // a refused handshake ends the run
                }
                dropped(k, c);
            }
        }

        /** The bridge ended a client (it then misses the changes still to come: the result counts them). */
        private void dropped(SelectionKey k, Conn c) {
            k.cancel();
            try {
                c.ch.close();
            } catch (IOException e) {
                // closing a dead socket: nothing to do
            }
            if (c.states < changes) {
                done++; // the reader must not wait for it
            }
            c.states = Math.max(c.states, changes);
            dropped++;
            if (!c.greeted) {
                throw new IllegalStateException("the bridge closed client " + c.index + " before its hello");
            }
        }

        /** Consumes response head bytes; true once the head is complete (the rest of {@code in} is frames). */
        private boolean readHead(Conn c) throws IOException {
            ByteBuffer h = c.head;
            while (in.hasRemaining()) {
                h.put(in.get());
                int p = h.position();
                if (p >= 4
                        && h.get(p - 4) == '\r'
                        && h.get(p - 3) == '\n'
                        && h.get(p - 2) == '\r'
                        && h.get(p - 1) == '\n') {
                    String s = new String(h.array(), 0, p, StandardCharsets.US_ASCII);
                    if (!s.startsWith("HTTP/1.1 101")) {
                        throw new IOException("client " + c.index + " refused: "
                                + s.lines().findFirst().orElse(s));
                    }
                    c.head = null;
                    return true;
                }
            }
            return false;
        }

        /** Server frames: headers parsed, payloads skipped after their first bytes. */
        private void parse(Conn c, long now) {
            while (true) {
                if (c.skip < 0) {
                    if (in.remaining() < 2) {
                        return;
                    }
                    int p = in.position();
                    int len = in.get(p + 1) & 0x7F;
                    int hdr = len == 126 ? 4 : len == 127 ? 10 : 2;
                    if (in.remaining() < hdr) {
                        return;
                    }
                    long plen = len == 126 ? in.getShort(p + 2) & 0xFFFF : len == 127 ? in.getLong(p + 2) : len;
                    c.opcode = in.get(p) & 0x0F;
                    in.position(p + hdr);
                    c.skip = plen;
                    c.prefixLen = 0;
                }
                int take = (int) Math.min(in.remaining(), c.skip);
                int keep = Math.min(take, c.prefix.length - c.prefixLen);
                in.get(in.position(), c.prefix, c.prefixLen, keep);
                c.prefixLen += keep;
                in.position(in.position() + take);
                c.skip -= take;
                if (c.skip > 0) {
                    return;
                }
                c.skip = -1;
                if (c.opcode == 0x9) {
                    pong(c);
                } else if (c.opcode == 0x1) {
                    onMessage(c, now);
                }
            }
        }

        /**
         * Answers the bridge's keep-alive ping (it drops clients that do not) with a masked pong; the bridge's pings
         * are empty, so the pong is too. Six bytes always fit in an idle socket's send buffer.
         */
        private void pong(Conn c) {
            try {
                c.ch.write(ByteBuffer.wrap(PONG));
            } catch (IOException e) {
                throw new IllegalStateException("pong to client " + c.index + " failed", e);
            }
        }

        private void onMessage(Conn c, long now) {
            if (!c.greeted) {
                c.greeted = true; // the first message is hello
                greeted++;
                return;
            }
            if (c.prefixLen < STATE_PREFIX.length) {
                return;
            }
            for (int i = 0; i < STATE_PREFIX.length; i++) {
                if (c.prefix[i] != STATE_PREFIX[i]) {
                    return;
                }
            }
            if (c.states < changes) {
                receivedAt[c.states][c.index] = now;
                if (c.states == changes - 1) {
                    done++;
                }
            } else {
                extra++;
            }
            c.states++;
        }
    }
}
