package io.hilbridge.trace;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Builds the three pcapng blocks a trace uses (protocol-spec/trace-format.md, "File"), little-endian. The one place
 * that knows block and option layouts for writing; {@link TraceReader} is its counterpart.
 *
 * <p>Stateless; thread-safe.
 */
final class Pcapng {
    static final int SHB = 0x0A0D0D0A;
    static final int IDB = 0x00000001;
    static final int EPB = 0x00000006;
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    /** LINKTYPE_USER0: the first of the link types reserved for private use. */
    static final int LINKTYPE = 147;

    static final int OPT_END = 0;
    static final int OPT_COMMENT = 1;
    static final int SHB_USERAPPL = 4;
    static final int IF_NAME = 2;
    static final int IF_DESCRIPTION = 3;
    static final int EPB_FLAGS = 2;

    private Pcapng() {}

    static byte[] sectionHeader(String application) {
        Options o = new Options().text(SHB_USERAPPL, application);
        ByteBuffer b = body(16).putInt(BYTE_ORDER_MAGIC)
                .putShort((short) 1)
                .putShort((short) 0)
                .putLong(-1L);
        return block(SHB, b, o);
    }

    static byte[] interfaceDescription(String name, String description) {
        Options o = new Options().text(IF_NAME, name).text(IF_DESCRIPTION, description);
        ByteBuffer b = body(8).putShort((short) LINKTYPE).putShort((short) 0).putInt(0);
        return block(IDB, b, o);
    }

    static byte[] enhancedPacket(TraceRecord r) {
        byte[] data = r.toPacketData();
        Options o = new Options().u32(EPB_FLAGS, r.dir().epbFlags());
        ByteBuffer b = body(20 + pad4(data.length))
                .putInt(r.board())
                .putInt((int) (r.micros() >>> 32))
                .putInt((int) r.micros())
                .putInt(data.length)
                .putInt(data.length)
                .put(data);
        b.position(b.limit());
        return block(EPB, b, o);
    }

    static int pad4(int n) {
        return (n + 3) & ~3;
    }

    private static ByteBuffer body(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** type, total length, fixed body, options, total length again. */
    private static byte[] block(int type, ByteBuffer fixed, Options options) {
        byte[] opts = options.end();
        int total = 12 + fixed.capacity() + opts.length;
        ByteBuffer b = body(total)
                .putInt(type)
                .putInt(total)
                .put(fixed.array())
                .put(opts)
                .putInt(total);
        return b.array();
    }

    /** pcapng options: code u16, length u16, value padded to 4 bytes, closed by opt_endofopt. */
    private static final class Options {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Options text(int code, String value) {
            byte[] v = value.getBytes(StandardCharsets.UTF_8);
            if (v.length > 0xFFFF) v = java.util.Arrays.copyOf(v, 0xFFFF);
            return add(code, v);
        }

        Options u32(int code, int value) {
            return add(code, body(4).putInt(value).array());
        }

        private Options add(int code, byte[] v) {
            ByteBuffer h = body(4).putShort((short) code).putShort((short) v.length);
            out.writeBytes(h.array());
            out.writeBytes(v);
            out.writeBytes(new byte[pad4(v.length) - v.length]);
            return this;
        }

        byte[] end() {
            if (out.size() == 0) return new byte[0];
            out.writeBytes(new byte[4]); // opt_endofopt
            return out.toByteArray();
        }
    }
}
