package io.hilbridge.emulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;

/**
 * A minimal client of QEMU's gdb stub (the GDB remote serial protocol) on a Unix socket: reads guest memory
 * ({@code m addr,len}, e.g. a peripheral register) and runs monitor commands through it ({@code qRcmd}, e.g.
 * {@code system_reset}). On this emulator the stub is the way in that works: its HMP monitor on a socket does not
 * answer.
 *
 * <p>QEMU stops the guest while a debugger is attached; {@link #close} detaches ({@code D}), which lets it run on.
 * Guest time does not advance while it is stopped (its clocks are virtual), so a short visit goes unnoticed by the
 * firmware's timers and watchdogs.
 *
 * <p>Thread-safety: not thread-safe; one user at a time (the stub takes one debugger at a time anyway).
 */
final class GdbStubClient implements AutoCloseable {

    private static final HexFormat HEX = HexFormat.of();

    private final SocketChannel channel;
    private final Selector selector;
    private final Duration timeout;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    private GdbStubClient(SocketChannel channel, Selector selector, Duration timeout) {
        this.channel = channel;
        this.selector = selector;
        this.timeout = timeout;
    }

    /** Attaches to the stub at {@code socket} (the guest stops until {@link #close}). */
    static GdbStubClient attach(Path socket, Duration timeout) throws IOException {
        SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        ch.configureBlocking(false);
        Selector sel = Selector.open();
        ch.register(sel, SelectionKey.OP_READ);
        GdbStubClient c = new GdbStubClient(ch, sel, timeout);
        try {
            c.request("?"); // the stop reason: proves the stub answers before anything else is asked
        } catch (IOException e) {
            c.closeChannel();
            throw e;
        }
        return c;
    }

    /** {@code length} bytes of guest memory at {@code address}, as the guest's bus reads them. */
    byte[] readMemory(long address, int length) throws IOException {
        if (length <= 0 || length > 4096) throw new IllegalArgumentException("length must be 1..4096: " + length);
        String reply = request(String.format("m%x,%x", address, length));
        if (reply.startsWith("E") || reply.length() != 2 * length) {
            throw new IOException(
                    "gdb stub cannot read " + length + " bytes at 0x" + Long.toHexString(address) + ": " + reply);
        }
        return HEX.parseHex(reply);
    }

    /** Runs a QEMU monitor command through the stub ({@code qRcmd}); returns what the monitor printed. */
    String monitor(String command) throws IOException {
        send("qRcmd," + HEX.formatHex(command.getBytes(StandardCharsets.UTF_8)));
        StringBuilder out = new StringBuilder();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String p = receive(deadline);
            if (p.equals("OK")) return out.toString();
            if (p.startsWith("O") && p.length() % 2 == 1) {
                out.append(new String(HEX.parseHex(p.substring(1)), StandardCharsets.UTF_8));
            } else {
                throw new IOException("monitor command '" + command + "' failed: " + p);
            }
        }
    }

    private String request(String packet) throws IOException {
        send(packet);
        return receive(System.nanoTime() + timeout.toNanos());
    }

    private void send(String packet) throws IOException {
        int sum = 0;
        for (byte b : packet.getBytes(StandardCharsets.US_ASCII)) sum += b & 0xff;
        ByteBuffer buf =
                ByteBuffer.wrap(String.format("$%s#%02x", packet, sum & 0xff).getBytes(StandardCharsets.US_ASCII));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (buf.hasRemaining()) {
            if (channel.write(buf) == 0) {
                if (System.nanoTime() > deadline) throw new IOException("gdb stub does not take our packet");
                Thread.onSpinWait();
            }
        }
    }

    /** The next packet's payload (acks and notifications before it are skipped); acknowledges it. */
    private String receive(long deadline) throws IOException {
        while (true) {
            String p = takePacket();
            if (p != null) {
                channel.write(ByteBuffer.wrap(new byte[] {'+'}));
                return p;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) throw new IOException("gdb stub did not answer within " + timeout.toMillis() + " ms");
            selector.select(Math.max(1, left / 1_000_000));
            selector.selectedKeys().clear();
            ByteBuffer in = ByteBuffer.allocate(4096);
            int n = channel.read(in);
            if (n < 0) throw new IOException("gdb stub closed the connection");
            pending.write(in.array(), 0, n);
        }
    }

    /** Removes and returns the first complete {@code $payload#cs} in what was read, or null. */
    private String takePacket() {
        byte[] b = pending.toByteArray();
        int start = -1;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '$') {
                start = i;
                break;
            }
        }
        if (start < 0) {
            pending.reset();
            return null;
        }
        for (int i = start + 1; i + 2 < b.length; i++) {
            if (b[i] == '#') {
                String payload = unescape(b, start + 1, i);
                pending.reset();
                pending.write(b, i + 3, b.length - i - 3);
                return payload;
            }
        }
        return null;
    }

    /** Undoes the protocol's escape ('}' then the byte XOR 0x20). */
    private static String unescape(byte[] b, int from, int to) {
        StringBuilder s = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            int c = b[i] & 0xff;
            if (c == '}' && i + 1 < to) c = (b[++i] & 0xff) ^ 0x20;
            s.append((char) c);
        }
        return s.toString();
    }

    /** Detaches: the guest runs on. */
    @Override
    public void close() throws IOException {
        try {
            request("D");
        } finally {
            closeChannel();
        }
    }

    private void closeChannel() throws IOException {
        selector.close();
        channel.close();
    }
}
