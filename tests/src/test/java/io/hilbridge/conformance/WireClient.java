package io.hilbridge.conformance;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A WebSocket client as raw bytes over a socket, for conformance checks: it sends exactly the bytes a case
 * describes (split as the case says) and asserts exactly what comes back. Also the leanest client for benchmarks
 * (blocking I/O on the caller's thread). Not thread-safe.
 */
public final class WireClient implements AutoCloseable {
    public static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    String head;
    /** Skip data frames the server sends on its own (the real bridge pushes state) when expecting control frames. */
    boolean skipData;

    private WireClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        out = socket.getOutputStream();
    }

    static String request(String extra) {
        return "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" + extra + "\r\n";
    }

    /** Connects and completes the opening handshake. */
    public static WireClient open(int port) throws IOException {
        WireClient c = new WireClient(port);
        assertThat(c.handshake(request(""))).isEqualTo(101);
        assertThat(c.head).contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        return c;
    }

    /** Connects and sends {@code request}; returns the response status. */
    static WireClient raw(int port) throws IOException {
        return new WireClient(port);
    }

    int handshake(String request) throws IOException {
        send(request.getBytes(StandardCharsets.ISO_8859_1));
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("closed inside the response head: " + h);
            }
            h.write(b);
            byte[] a = h.toByteArray();
            int n = a.length;
            if (n >= 4 && a[n - 4] == '\r' && a[n - 3] == '\n' && a[n - 2] == '\r' && a[n - 1] == '\n') {
                head = h.toString(StandardCharsets.ISO_8859_1);
                return Integer.parseInt(head.substring(9, 12));
            }
        }
    }

    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends {@code bytes} in pieces of {@code chunk} bytes, each its own write (and usually its own segment). */
    void sendChunked(byte[] bytes, int chunk) throws IOException {
        for (int i = 0; i < bytes.length; i += chunk) {
            out.write(bytes, i, Math.min(chunk, bytes.length - i));
            out.flush();
        }
    }

    static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload) {
        return frame((fin ? 0x80 : 0) | (rsv << 4) | opcode, payload);
    }

    static byte[] frame(int firstByte, byte[] payload) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(firstByte);
        int len = payload.length;
        if (len <= 125) {
            b.write(0x80 | len);
        } else if (len <= 0xFFFF) {
            b.write(0x80 | 126);
            b.write(len >>> 8);
            b.write(len);
        } else {
            b.write(0x80 | 127);
            for (int i = 7; i >= 0; i--) {
                b.write((int) ((long) len >>> (8 * i)));
            }
        }
        byte[] mask = {0x37, (byte) 0xFA, 0x21, 0x3D};
        b.write(mask, 0, 4);
        for (int i = 0; i < len; i++) {
            b.write(payload[i] ^ mask[i & 3]);
        }
        return b.toByteArray();
    }

    public static byte[] text(String s) {
        return frame(true, 0, TEXT, utf8(s));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] close(int code, String reason) {
        byte[] r = utf8(reason);
        byte[] p = new byte[2 + r.length];
        p[0] = (byte) (code >>> 8);
        p[1] = (byte) code;
        System.arraycopy(r, 0, p, 2, r.length);
        return frame(true, 0, CLOSE, p);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    /** A frame received from the server. */
    public record Frame(boolean fin, int rsv, int opcode, byte[] payload) {
        int closeCode() {
            return payload.length < 2 ? 1005 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }

        @Override
        public String toString() {
            return "Frame[op=" + opcode + ", fin=" + fin + ", len=" + payload.length + ", "
                    + HexFormat.of().formatHex(payload, 0, Math.min(16, payload.length)) + "]";
        }
    }

    /** The next frame, skipping data frames if {@link #skipData} and {@code control} is wanted. */
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

    public Frame read() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        assertThat(b1 & 0x80).as("server frames are never masked").isZero();
        long len = b1 & 0x7F;
        if (len == 126) {
            len = in.readUnsignedShort();
        } else if (len == 127) {
            len = in.readLong();
        }
        byte[] p = new byte[(int) len];
        in.readFully(p);
        return new Frame((b0 & 0x80) != 0, (b0 >> 4) & 7, b0 & 0xF, p);
    }

    /** The next frame is a single unfragmented frame with this opcode and payload. */
    void expect(int opcode, byte[] payload) throws IOException {
        Frame f = opcode >= CLOSE ? readControl() : read();
        assertThat(f.opcode()).as("opcode of %s", f).isEqualTo(opcode);
        assertThat(f.fin()).isTrue();
        assertThat(f.rsv()).isZero();
        if (!Arrays.equals(f.payload(), payload)) {
            fail("payload differs: got %s", f);
        }
    }

    void expectText(String s) throws IOException {
        expect(TEXT, utf8(s));
    }

    /** The server's next frame is a close with {@code code}, and then it closes TCP cleanly (EOF, no reset). */
    void expectClose(int code) throws IOException {
        Frame f = readControl();
        assertThat(f.opcode()).as("expected a close frame, got %s", f).isEqualTo(CLOSE);
        assertThat(f.closeCode()).isEqualTo(code);
        expectEof();
    }

    /** The server closed TCP: EOF, after any bytes still buffered. */
    void expectEof() throws IOException {
        try {
            assertThat(in.read()).as("EOF after the close frame").isEqualTo(-1);
        } catch (SocketException e) {
            fail("connection reset instead of a clean close: " + e);
        }
    }

    /** The connection is still open and working: a ping gets its pong. */
    void expectAlive() throws IOException {
        send(frame(true, 0, PING, utf8("alive?")));
        expect(PONG, utf8("alive?"));
    }

    /** Completes a clean client-initiated close. */
    void closeCleanly() throws IOException {
        send(close(1000, ""));
        expectClose(1000);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
