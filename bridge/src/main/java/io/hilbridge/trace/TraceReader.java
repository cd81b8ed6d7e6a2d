package io.hilbridge.trace;

import io.hilbridge.link.Frame;
import io.hilbridge.trace.TraceRecord.Direction;
import io.hilbridge.trace.TraceRecord.Kind;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a trace (protocol-spec/trace-format.md) record by record, checking every length against the block that holds
 * it. Anything that is not a hilbridge trace, or is cut short, ends in a {@link TraceFormatException} naming the byte
 * offset; nothing else is thrown but the stream's own IOException. Block types it does not know are skipped.
 *
 * <p>Not thread-safe: one reader per stream, used from one thread.
 */
public final class TraceReader implements Closeable {
    /** No block of ours comes near this; a larger length is corruption, not a reason to allocate. */
    static final int MAX_BLOCK = 1 << 20;

    /** One board of the trace, from its Interface Description Block. */
    public record Board(String name, String description) {}

    private final InputStream in;
    private final List<Board> boards = new ArrayList<>();
    private long offset;
    private boolean sawSection;

    public TraceReader(InputStream in) {
        this.in = new BufferedInputStream(in, 1 << 16);
    }

    /** Boards described so far (all of them once {@link #next} has returned null). */
    public List<Board> boards() {
        return List.copyOf(boards);
    }

    /** Reads the whole stream. */
    public static List<TraceRecord> readAll(InputStream in) throws IOException, TraceFormatException {
        List<TraceRecord> out = new ArrayList<>();
        TraceReader r = new TraceReader(in);
        for (TraceRecord rec = r.next(); rec != null; rec = r.next()) out.add(rec);
        return out;
    }

    /** The next record, or null at the end of the file. */
    public TraceRecord next() throws IOException, TraceFormatException {
        while (true) {
            long start = offset;
            byte[] head = readUpTo(8);
            if (head.length == 0) {
                if (!sawSection) throw new TraceFormatException(start, "empty file, not a pcapng trace");
                return null;
            }
            if (head.length < 8)
                throw new TraceFormatException(start, "truncated block header (" + head.length + " of 8 bytes)");
            ByteBuffer h = le(head);
            int type = h.getInt();
            long length = h.getInt() & 0xFFFFFFFFL;
            if (!sawSection && type != Pcapng.SHB) {
                throw new TraceFormatException(
                        start,
                        String.format(
                                "not a pcapng file (block type 0x%08X, expected a "
                                        + "Section Header Block 0x0A0D0D0A)",
                                type));
            }
            if (length < 12 || length % 4 != 0 || length > MAX_BLOCK) {
                if (type == Pcapng.SHB && Integer.reverseBytes((int) length) >= 12) {
                    throw new TraceFormatException(
                            start, "big-endian pcapng sections are not supported (hilbridge writes little-endian)");
                }
                throw new TraceFormatException(
                        start, "block length " + length + " is invalid (a multiple of 4, 12.." + MAX_BLOCK + ")");
            }
            byte[] rest = readUpTo((int) length - 8);
            if (rest.length < length - 8) {
                throw new TraceFormatException(
                        start,
                        "truncated block: " + (8 + rest.length) + " of " + length + " bytes (the file ends at offset "
                                + offset + ")");
            }
            ByteBuffer b = le(rest);
            int trailer = b.getInt(rest.length - 4);
            if ((trailer & 0xFFFFFFFFL) != length) {
                throw new TraceFormatException(
                        start + length - 4,
                        "block's trailing length " + (trailer & 0xFFFFFFFFL) + " differs from its leading length "
                                + length);
            }
            ByteBuffer body = b.slice(0, rest.length - 4).order(ByteOrder.LITTLE_ENDIAN);
            long bodyOffset = start + 8;
            switch (type) {
                case Pcapng.SHB -> section(body, bodyOffset);
                case Pcapng.IDB -> board(body, bodyOffset);
                case Pcapng.EPB -> {
                    return packet(body, bodyOffset);
                }
                default -> {} // pcapng: skip blocks you do not know
            }
        }
    }

    private void section(ByteBuffer b, long at) throws TraceFormatException {
        need(b, 16, at, "Section Header Block");
        int magic = b.getInt();
        if (magic == Integer.reverseBytes(Pcapng.BYTE_ORDER_MAGIC)) {
            throw new TraceFormatException(
                    at, "big-endian pcapng sections are not supported (hilbridge writes little-endian)");
        }
        if (magic != Pcapng.BYTE_ORDER_MAGIC) {
            throw new TraceFormatException(at, String.format("byte-order magic 0x%08X, expected 0x1A2B3C4D", magic));
        }
        int major = b.getShort() & 0xFFFF;
        if (major != 1) throw new TraceFormatException(at + 4, "pcapng major version " + major + ", expected 1");
        sawSection = true;
        boards.clear(); // a new section starts its own interface numbering
    }

    private void board(ByteBuffer b, long at) throws TraceFormatException {
        need(b, 8, at, "Interface Description Block");
        int linkType = b.getShort() & 0xFFFF;
        if (linkType != Pcapng.LINKTYPE) {
            throw new TraceFormatException(
                    at,
                    "interface " + boards.size() + " has link type " + linkType + ", not " + Pcapng.LINKTYPE
                            + " (a hilbridge trace)");
        }
        b.position(8);
        String name = "if" + boards.size();
        String description = "";
        while (b.remaining() >= 4) {
            long optAt = at + b.position();
            int code = b.getShort() & 0xFFFF;
            int len = b.getShort() & 0xFFFF;
            if (code == Pcapng.OPT_END) break;
            if (Pcapng.pad4(len) > b.remaining())
                throw new TraceFormatException(optAt, "option of " + len + " bytes runs past its block");
            byte[] v = new byte[len];
            b.get(v);
            b.position(b.position() + Pcapng.pad4(len) - len);
            if (code == Pcapng.IF_NAME) name = new String(v, StandardCharsets.UTF_8);
            if (code == Pcapng.IF_DESCRIPTION) description = new String(v, StandardCharsets.UTF_8);
            if (code == 9 && !(len == 1 && v[0] == 6)) { // if_tsresol: only the default, microseconds
                throw new TraceFormatException(
                        optAt, "interface " + boards.size() + " has a timestamp resolution other than microseconds");
            }
        }
        boards.add(new Board(name, description));
    }

    private TraceRecord packet(ByteBuffer b, long at) throws TraceFormatException {
        need(b, 20, at, "Enhanced Packet Block");
        int board = b.getInt();
        if (board < 0 || board >= boards.size()) {
            throw new TraceFormatException(
                    at,
                    "packet of interface " + (board & 0xFFFFFFFFL) + ", but only " + boards.size()
                            + " interface(s) were described before it");
        }
        long micros = ((b.getInt() & 0xFFFFFFFFL) << 32) | (b.getInt() & 0xFFFFFFFFL);
        long captured = b.getInt() & 0xFFFFFFFFL;
        b.getInt(); // original length: the same for us, and not needed
        if (captured > b.remaining()) {
            throw new TraceFormatException(at + 12, "captured length " + captured + " runs past its block");
        }
        byte[] data = new byte[(int) captured];
        b.get(data);
        return record(board, micros, data, at + 20);
    }

    private static TraceRecord record(int board, long micros, byte[] d, long at) throws TraceFormatException {
        if (d.length < TraceRecord.HEADER)
            throw new TraceFormatException(at, "record of " + d.length + " bytes, shorter than its 4-byte header");
        if (d[0] != TraceRecord.FORMAT)
            throw new TraceFormatException(at, "record format " + (d[0] & 0xFF) + ", expected " + TraceRecord.FORMAT);
        Kind kind = Kind.fromCode(d[1] & 0xFF);
        if (kind == null) throw new TraceFormatException(at + 1, "unknown record kind " + (d[1] & 0xFF));
        if ((d[2] & 0xFE) != 0)
            throw new TraceFormatException(at + 2, String.format("reserved flag bits set (0x%02X)", d[2] & 0xFF));
        Direction dir = Direction.fromCode(d[3] & 0xFF);
        if (dir == null) throw new TraceFormatException(at + 3, "unknown direction " + (d[3] & 0xFF));
        byte[] body = Arrays.copyOfRange(d, TraceRecord.HEADER, d.length);
        int n = body.length;
        boolean fits = switch (kind) {
            case FRAME -> n >= 6 && n <= Frame.MAX_DECODED;
            case DECODE_ERROR -> n >= 1 && n <= 1 + BoardRecorder.MAX_RAW;
            case EVENT -> n >= 1 && n <= 1 + TraceEvent.MAX_TEXT;
            case DROPPED -> n == 4;
        };
        if (!fits) throw new TraceFormatException(at + 4, kind + " record with a body of " + n + " bytes");
        return new TraceRecord(board, micros, kind, dir, (d[2] & 1) != 0, body);
    }

    private static void need(ByteBuffer b, int n, long at, String what) throws TraceFormatException {
        if (b.remaining() < n)
            throw new TraceFormatException(at, what + " body of " + b.remaining() + " bytes, needs " + n);
    }

    private static ByteBuffer le(byte[] a) {
        return ByteBuffer.wrap(a).order(ByteOrder.LITTLE_ENDIAN);
    }

    private byte[] readUpTo(int n) throws IOException {
        byte[] a = in.readNBytes(n);
        offset += a.length;
        return a;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
