package io.hilbridge.ws;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Test helper: a WebSocket client as raw bytes over a socket, to send anything, valid or not, split as a case says,
 * and to assert exactly what comes back. The one raw client of the bridge's own tests, the conformance tests and the
 * benchmarks (the tests module gets it from the bridge's test-jar). Blocking I/O on the caller's thread; not
 * thread-safe.
 */
public final class WireClient implements AutoCloseable {
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;
    /** The key of {@link #request}: sixteen zero bytes. */
    public static final String KEY = Base64.getEncoder().encodeToString(new byte[16]);
    /** RFC 6455's sample key, whose accept value the RFC gives: the key of {@link #sampleRequest} and {@link #open}. */
    public static final String SAMPLE_KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    /** The mask of {@link #frame(boolean, int, int, byte[])}: conformance cases send the same bytes every run. */
    public static final int FIXED_MASK = 0x37FA213D;

    public final Socket socket;
    public final DataInputStream in;
    /** The last response head read by {@link #handshake} or {@link #readHead}. */
    public String head;
    /** Skip data frames the server sends on its own (the real bridge pushes state) when expecting control frames. */
    public boolean skipData;

    /**
     * Connects without a handshake and reads the socket unbuffered, so a test that stops reading leaves every byte
     * in the socket's receive buffer.
     */
    public WireClient(int port) throws IOException {
        this(port, false);
    }

    private WireClient(int port, boolean buffered) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        InputStream raw = socket.getInputStream();
        in = new DataInputStream(buffered ? new BufferedInputStream(raw) : raw);
    }

    /** Connects without a handshake, reading through a buffer (the conformance cases' and benchmarks' client). */
    public static WireClient raw(int port) throws IOException {
        return new WireClient(port, true);
    }

    /** Connects (buffered, as {@link #raw}) and completes the opening handshake with {@link #SAMPLE_KEY}. */
    public static WireClient open(int port) throws IOException {
        WireClient c = raw(port);
        assertThat(c.handshake(sampleRequest(""))).isEqualTo(101);
        assertThat(c.head).contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        return c;
    }

    /** An upgrade request with {@link #KEY} and {@code extraHeaders} (each ending in CRLF). */
    public static String request(String extraHeaders) {
        return request(KEY, extraHeaders);
    }

    /** An upgrade request with {@link #SAMPLE_KEY} and {@code extraHeaders} (each ending in CRLF). */
    public static String sampleRequest(String extraHeaders) {
        return request(SAMPLE_KEY, extraHeaders);
    }

    private static String request(String key, String extraHeaders) {
        return "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n";
    }

    /** Sends {@code request} and reads the response head; returns the status code. */
    public int handshake(String request) throws IOException {
        send(request.getBytes(StandardCharsets.ISO_8859_1));
        return readHead();
    }

    /** Reads a response head up to its blank line into {@link #head}; returns the status code. */
    public int readHead() throws IOException {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed in response head: " + h);
            }
            h.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3))
                    ? state + 1
                    : 0;
        }
        head = h.toString(StandardCharsets.ISO_8859_1);
        return Integer.parseInt(head.substring(9, 12));
    }

    public void send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** Sends {@code bytes} in pieces of {@code chunk} bytes, each its own write (and usually its own segment). */
    public void sendChunked(byte[] bytes, int chunk) throws IOException {
        for (int i = 0; i < bytes.length; i += chunk) {
            socket.getOutputStream().write(bytes, i, Math.min(chunk, bytes.length - i));
            socket.getOutputStream().flush();
        }
    }

    /** A masked client frame with the given flags, masked with {@link #FIXED_MASK}. */
    public static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload) {
        return frame((fin ? 0x80 : 0) | (rsv << 4) | opcode, payload, FIXED_MASK);
    }

    /** A masked client frame, masked with a random key. */
    public static byte[] frame(int firstByte, byte[] payload) {
        return frame(firstByte, payload, ThreadLocalRandom.current().nextInt());
    }

    public static byte[] frame(int firstByte, byte[] payload, int mask) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(firstByte);
        int len = payload.length;
        if (len <= 125) {
            out.write(0x80 | len);
        } else if (len <= 0xFFFF) {
            out.write(0x80 | 126);
            out.write(len >>> 8);
            out.write(len);
        } else {
            out.write(0x80 | 127);
            for (int i = 7; i >= 0; i--) {
                out.write((int) ((long) len >>> (8 * i)));
            }
        }
        byte[] m = {(byte) (mask >>> 24), (byte) (mask >>> 16), (byte) (mask >>> 8), (byte) mask};
        out.write(m, 0, 4);
        for (int i = 0; i < len; i++) {
            out.write(payload[i] ^ m[i & 3]);
        }
        return out.toByteArray();
    }

    public static byte[] text(String s) {
        return frame(true, 0, TEXT, utf8(s));
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] close(int code, String reason) {
        byte[] r = utf8(reason);
        byte[] p = new byte[2 + r.length];
        p[0] = (byte) (code >>> 8);
        p[1] = (byte) code;
        System.arraycopy(r, 0, p, 2, r.length);
        return frame(true, 0, CLOSE, p);
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    /** A server frame as read: first byte and payload. */
    public record Frame(int firstByte, byte[] payload) {
        public int opcode() {
            return firstByte & 0x0F;
        }

        public boolean fin() {
            return (firstByte & 0x80) != 0;
        }

        public int rsv() {
            return (firstByte >> 4) & 7;
        }

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        public int closeCode() {
            return payload.length < 2 ? 1005 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }

        @Override
        public String toString() {
            return "Frame[op=" + opcode() + ", fin=" + fin() + ", len=" + payload.length + ", "
                    + HexFormat.of().formatHex(payload, 0, Math.min(16, payload.length)) + "]";
        }
    }

    public Frame read() throws IOException {
        return read(in);
    }

    /** Every server frame in {@code wire} (what a fake socket took), in order. */
    public static List<Frame> frames(byte[] wire) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(wire));
        List<Frame> frames = new java.util.ArrayList<>();
        while (in.available() > 0) {
            frames.add(read(in));
        }
        return frames;
    }

    private static Frame read(DataInputStream in) throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        assertThat(b1 & 0x80).as("server frames are never masked").isZero();
        long len = b1 & 0x7F;
        if (len == 126) {
            len = in.readUnsignedShort();
        } else if (len == 127) {
            len = in.readLong();
        }
        byte[] payload = new byte[(int) len];
        in.readFully(payload);
        return new Frame(b0, payload);
    }

    /** The next frame, skipping data frames if {@link #skipData}. */
    private Frame readControl() throws IOException {
        Frame f = read();
        while (skipData && (f.opcode() == TEXT || f.opcode() == BINARY || f.opcode() == 0)) {
            f = read();
        }
        return f;
    }

    /**
     * Busy-waits until bytes are readable, instead of parking in a blocking read: takes a parked thread's wake-up out
     * of a latency measurement (costs a core while it waits).
     */
    public void spinUntilReadable() throws IOException {
        while (in.available() == 0) Thread.onSpinWait();
    }

    /** True if the server closed TCP (EOF) rather than resetting it. */
    public boolean readsEof() throws IOException {
        return in.read() < 0;
    }

    /** The next frame is a single unfragmented frame with this opcode and payload. */
    public void expect(int opcode, byte[] payload) throws IOException {
        Frame f = opcode >= CLOSE ? readControl() : read();
        assertThat(f.opcode()).as("opcode of %s", f).isEqualTo(opcode);
        assertThat(f.fin()).isTrue();
        assertThat(f.rsv()).isZero();
        if (!Arrays.equals(f.payload(), payload)) {
            fail("payload differs: got %s", f);
        }
    }

    public void expectText(String s) throws IOException {
        expect(TEXT, utf8(s));
    }

    /** The server's next frame is a close with {@code code}, and then it closes TCP cleanly (EOF, no reset). */
    public void expectClose(int code) throws IOException {
        Frame f = readControl();
        assertThat(f.opcode()).as("expected a close frame, got %s", f).isEqualTo(CLOSE);
        assertThat(f.closeCode()).isEqualTo(code);
        expectEof();
    }

    /** The server closed TCP: EOF, after any bytes still buffered. */
    public void expectEof() throws IOException {
        try {
            assertThat(in.read()).as("EOF after the close frame").isEqualTo(-1);
        } catch (SocketException e) {
            fail("connection reset instead of a clean close: " + e);
        }
    }

    /** The connection is still open and working: a ping gets its pong. */
    public void expectAlive() throws IOException {
        send(frame(true, 0, PING, utf8("alive?")));
        expect(PONG, utf8("alive?"));
    }

    /** Completes a clean client-initiated close. */
    public void closeCleanly() throws IOException {
        send(close(1000, ""));
        expectClose(1000);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
