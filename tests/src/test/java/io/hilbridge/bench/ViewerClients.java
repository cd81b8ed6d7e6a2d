package io.hilbridge.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Child process of {@link ViewersBenchmark}: N WebSocket clients of one bridge on one NIO selector thread (RFC 6455
 * over TCP; after its handshake a client sends only masked pongs to the bridge's keep-alive pings), in a JVM of their own so that
 * the bridge's heap and CPU are measured alone.
 *
 * <p>Protocol with the parent, one line each: arguments {@code PORT N CHANGES}; it prints {@code READY N} once every
 * client has its {@code hello}; the parent then writes {@code k T} (change k, 0-based, made at {@code System.nanoTime()}
 * T: the same monotonic clock for every process on the machine) before making each change, and {@code END} after the
 * last; the child waits until every client has seen every change (at most 30 s) and prints one line {@code RESULT
 * received=R expected=E missing=M extra=X dropped=D p50=.. p99=.. max=..} (microseconds; D clients the bridge
 * closed), then exits. The k-th {@code state}
 * message a client receives is change k (nothing else changes a light during the run).
 *
 * <p>Single-threaded except for the stdin reader, which only fills the change times.
 */
public final class ViewerClients {
    /** Handshakes in progress at once: keeps the bridge's accept backlog from overflowing (SYN retries cost 1 s). */
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

    private final int changes;
    /** Receipt time of change k at client i: receivedAt[k][i]. */
    private final long[][] receivedAt;

    private final AtomicLongArray madeAt;
    private final ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);
    private long extra;
    private int dropped;

    private int greeted;

    private ViewerClients(int n, int changes) {
        this.changes = changes;
        this.receivedAt = new long[changes][n];
        this.madeAt = new AtomicLongArray(changes);
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        int changes = Integer.parseInt(args[2]);
        new ViewerClients(n, changes).run(port, n);
    }

    private void run(int port, int n) throws Exception {
        Selector selector = Selector.open();
        byte[] request = ("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                        + "Sec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        List<Conn> conns = new ArrayList<>(n);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (greeted < n) {
            while (conns.size() < n && conns.size() - greeted < MAX_PENDING_HANDSHAKES) {
                SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                ch.write(ByteBuffer.wrap(request));
                ch.configureBlocking(false);
                Conn c = new Conn(ch, conns.size());
                ch.register(selector, SelectionKey.OP_READ, c);
                conns.add(c);
            }
            selector.select(this::onReadable, 50);
            if (System.nanoTime() > deadline) {
                throw new IOException("only " + greeted + " of " + n + " clients got their hello within 120 s");
            }
        }
        System.out.println("READY " + n);
        System.out.flush();

        boolean[] ended = new boolean[1];
        Thread stdin = new Thread(() -> readParent(ended), "parent-lines");
        stdin.setDaemon(true);
        stdin.start();
        long endDeadline = Long.MAX_VALUE;
        while (true) {
            selector.select(this::onReadable, 20);
            synchronized (ended) {
                if (ended[0] && endDeadline == Long.MAX_VALUE) {
                    endDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                }
            }
            if (allSeen(conns) || System.nanoTime() > endDeadline) {
                break;
            }
        }
        System.out.println(result(conns));
        System.out.flush();
        for (Conn c : conns) {
            c.ch.close();
        }
    }

    private void readParent(boolean[] ended) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.equals("END")) {
                    break;
                }
                String[] kv = line.split(" ");
                madeAt.set(Integer.parseInt(kv[0]), Long.parseLong(kv[1]));
            }
        } catch (IOException e) {
            // the parent went away: end as if told
        }
        synchronized (ended) {
            ended[0] = true;
        }
    }

    private boolean allSeen(List<Conn> conns) {
        for (Conn c : conns) {
            if (c.states < changes) {
                return false;
            }
        }
        return true;
    }

    private String result(List<Conn> conns) {
        long received = 0;
        long missing = 0;
        WsLoadClient.Latencies lat = new WsLoadClient.Latencies();
        for (int i = 0; i < conns.size(); i++) {
            int got = 0;
            for (int k = 0; k < changes; k++) {
                if (receivedAt[k][i] != 0) got++;
            }
            received += got;
            missing += changes - got;
        }
        for (int k = 0; k < changes; k++) {
            long made = madeAt.get(k);
            for (int i = 0; i < conns.size(); i++) {
                if (receivedAt[k][i] != 0) {
                    lat.add(receivedAt[k][i] - made);
                }
            }
        }
        return String.format(
                Locale.ROOT,
                "RESULT received=%d expected=%d missing=%d extra=%d dropped=%d p50=%.0f p99=%.0f max=%.0f",
                received,
                (long) changes * conns.size(),
                missing,
                extra,
                dropped,
                lat.percentileMicros(50),
                lat.percentileMicros(99),
                lat.percentileMicros(100));
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
        c.states = Math.max(c.states, changes); // allSeen() must not wait for it
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
    private static void pong(Conn c) {
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
        } else {
            extra++;
        }
        c.states++;
    }
}
