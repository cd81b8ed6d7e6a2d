package io.hilbridge.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's client: many WebSocket connections on one NIO selector thread, as raw bytes (handshake, masked
 * frames, parsing of every server frame's header, payloads streamed through and their first bytes kept), so the
 * client costs the same for both servers and little CPU.
 * Not thread-safe; one run at a time.
 */
final class WsLoadClient implements AutoCloseable {
    static final int MASK = 0x1A2B3C4D;

    /** One client connection. */
    static final class Conn {
        final SocketChannel ch;
        /** An incomplete frame header left at the end of the last read (payloads are consumed as they come). */
        final byte[] partial = new byte[16];

        int partialLen;
        ByteBuffer out;
        long sentAt;
        SelectionKey key;
        /** Bytes of payload still to skip for the frame being read, or -1 when reading a header. */
        long skip = -1;
        /** The first payload bytes of the frame being read (messages carry their id there). */
        final byte[] head = new byte[16];

        int headLen;

        Conn(SocketChannel ch) {
            this.ch = ch;
        }
    }

    final List<Conn> conns = new ArrayList<>();
    final Selector selector;
    /**
     * One read buffer for all connections (one thread): parsing consumes every complete header and streams through
     * payloads, so at most a partial header is left over per connection. Direct, so the JDK does not copy reads.
     */
    private final ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);

    private FrameHandler handler;
    private IOException failure;

    WsLoadClient() throws IOException {
        selector = Selector.open();
    }

    /** Opens {@code n} connections with a completed handshake (blocking, one after the other). */
    void connect(int port, int n) throws IOException {
        byte[] request = ("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                        + "Sec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < n; i++) {
            SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.write(ByteBuffer.wrap(request));
            ByteBuffer head = ByteBuffer.allocate(1024);
            while (!endsHead(head)) {
                if (ch.read(head) < 0) {
                    throw new IOException("server closed during handshake");
                }
            }
            String s = new String(head.array(), 0, head.position(), StandardCharsets.US_ASCII);
            if (!s.startsWith("HTTP/1.1 101")) {
                throw new IOException("handshake refused: " + s);
            }
            ch.configureBlocking(false);
            Conn c = new Conn(ch);
            c.key = ch.register(selector, SelectionKey.OP_READ, c);
            conns.add(c);
        }
    }

    private static boolean endsHead(ByteBuffer b) {
        int p = b.position();
        return p >= 4 && b.get(p - 4) == '\r' && b.get(p - 3) == '\n' && b.get(p - 2) == '\r' && b.get(p - 1) == '\n';
    }

    /** A masked client text frame. */
    static byte[] textFrame(byte[] payload) {
        int len = payload.length;
        int header = len <= 125 ? 2 : len <= 0xFFFF ? 4 : 10;
        ByteBuffer b = ByteBuffer.allocate(header + 4 + len);
        b.put((byte) 0x81);
        if (len <= 125) {
            b.put((byte) (0x80 | len));
        } else if (len <= 0xFFFF) {
            b.put((byte) (0x80 | 126)).putShort((short) len);
        } else {
            b.put((byte) (0x80 | 127)).putLong(len);
        }
        b.putInt(MASK);
        for (int i = 0; i < len; i++) {
            b.put((byte) (payload[i] ^ (MASK >>> (24 - 8 * (i & 3)))));
        }
        return b.array();
    }

    /** Writes as much of c.out as the socket takes; registers for writability if some is left. */
    void write(Conn c) throws IOException {
        c.ch.write(c.out);
        if (c.out.hasRemaining()) {
            c.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        } else {
            c.out = null;
            c.key.interestOps(SelectionKey.OP_READ);
        }
    }

    /**
     * Called for every complete server frame, with the first up-to-16 payload bytes (for ids) in {@code c.head} and
     * the time of the read that completed it (all frames of one read arrived at that moment).
     */
    interface FrameHandler {
        void onFrame(Conn c, long receivedNanos) throws IOException;
    }

    /** Runs the selector loop until {@code deadlineNanos}. */
    void loop(long deadlineNanos, FrameHandler handler) throws IOException {
        loop(deadlineNanos, handler, null);
    }

    /**
     * Runs the selector loop until {@code deadlineNanos}; {@code afterEvents} (may be null) runs after each batch of
     * ready connections has been handled, e.g. to send in one write what the handler decided during the batch.
     */
    void loop(long deadlineNanos, FrameHandler handler, IoAction afterEvents) throws IOException {
        this.handler = handler;
        while (System.nanoTime() < deadlineNanos) {
            // The action form of select: no selected-key set to fill, iterate and clear.
            selector.select(this::onReady, 50);
            if (failure != null) {
                IOException e = failure;
                failure = null;
                throw e;
            }
            if (afterEvents != null) {
                afterEvents.run();
            }
        }
    }

    /** An action that may fail with an IOException. */
    interface IoAction {
        void run() throws IOException;
    }

    private void onReady(SelectionKey k) {
        if (failure != null || !k.isValid()) {
            return;
        }
        Conn c = (Conn) k.attachment();
        try {
            if (k.isWritable() && c.out != null) {
                write(c);
            }
            if (k.isReadable()) {
                in.clear();
                in.put(c.partial, 0, c.partialLen);
                int n = c.ch.read(in);
                if (n < 0) {
                    throw new IOException("server closed a connection");
                }
                long now = System.nanoTime();
                in.flip();
                parse(c, in, handler, now);
                c.partialLen = in.remaining();
                in.get(c.partial, 0, c.partialLen);
            }
        } catch (IOException e) {
            failure = e;
        }
    }

    /** Parses server frames from c.in, skipping payloads after their first bytes. */
    private static void parse(Conn c, ByteBuffer in, FrameHandler handler, long now) throws IOException {
        while (true) {
            if (c.skip < 0) {
                if (in.remaining() < 2) {
                    return;
                }
                int p = in.position();
                int len = in.get(p + 1) & 0x7F;
                int hdr = 2;
                long plen = len;
                if (len == 126) {
                    if (in.remaining() < 4) {
                        return;
                    }
                    plen = in.getShort(p + 2) & 0xFFFF;
                    hdr = 4;
                } else if (len == 127) {
                    if (in.remaining() < 10) {
                        return;
                    }
                    plen = in.getLong(p + 2);
                    hdr = 10;
                }
                in.position(p + hdr);
                c.skip = plen;
                c.headLen = 0;
            }
            int take = (int) Math.min(in.remaining(), c.skip);
            if (c.headLen < c.head.length) {
                // Keep the first bytes (the message id) even if they arrive split.
                int keep = Math.min(take, c.head.length - c.headLen);
                in.get(in.position(), c.head, c.headLen, keep);
                c.headLen += keep;
            }
            in.position(in.position() + take);
            c.skip -= take;
            if (c.skip > 0) {
                return;
            }
            c.skip = -1;
            handler.onFrame(c, now);
        }
    }

    @Override
    public void close() throws IOException {
        for (Conn c : conns) {
            c.ch.close();
        }
        conns.clear();
        selector.close();
    }

    /**
     * Every recorded nanosecond value counted in a log-linear histogram: exact below 256 ns, then 128 buckets per
     * power of two (under 1% relative error). Fixed size, no allocation per value, so recording every delivery costs
     * the client the same small amount whichever server it measures.
     */
    static final class Latencies {
        private static final int LINEAR = 256;
        private static final int SUB_BITS = 7;
        private static final int SUB = 1 << SUB_BITS;
        private final long[] counts = new long[LINEAR + (63 - 8) * SUB];
        private long n;

        void add(long nanos) {
            counts[index(Math.max(0, nanos))]++;
            n++;
        }

        private static int index(long v) {
            if (v < LINEAR) {
                return (int) v;
            }
            int exp = 63 - Long.numberOfLeadingZeros(v); // >= 8
            int sub = (int) (v >>> (exp - SUB_BITS)) & (SUB - 1);
            return LINEAR + (exp - 8) * SUB + sub;
        }

        /** The middle of bucket {@code i}'s value range. */
        private static double value(int i) {
            if (i < LINEAR) {
                return i;
            }
            int exp = (i - LINEAR) / SUB + 8;
            int sub = (i - LINEAR) % SUB;
            double width = Math.pow(2, exp - SUB_BITS);
            return (SUB + sub) * width + width / 2;
        }

        long count() {
            return n;
        }

        void addAll(Latencies other) {
            for (int i = 0; i < counts.length; i++) {
                counts[i] += other.counts[i];
            }
            n += other.n;
        }

        double percentileMicros(double p) {
            if (n == 0) {
                return Double.NaN;
            }
            long rank = Math.min(n - 1, (long) Math.floor(p / 100.0 * n));
            long seen = 0;
            for (int i = 0; i < counts.length; i++) {
                seen += counts[i];
                if (seen > rank) {
                    return value(i) / 1000.0;
                }
            }
            throw new IllegalStateException("counts do not add up to " + n);
        }
    }
}
