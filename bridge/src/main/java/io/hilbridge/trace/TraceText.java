package io.hilbridge.trace;

import io.hilbridge.link.Crc16;
import io.hilbridge.link.Frame;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * One line of text per trace record, for {@code hilbridge trace}: UTC time to the microsecond, board, direction,
 * then the frame type, seq and decoded fields ({@link FrameText}), the decode error with its bytes, the event, or the
 * dropped count. Never throws on a record the reader accepted.
 *
 * <p>Stateless; thread-safe.
 */
public final class TraceText {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    private TraceText() {}

    public static String line(TraceRecord r, List<TraceReader.Board> boards) {
        // The name comes from the file (the interface block): a crafted or damaged one may hold a line break.
        String board =
                r.board() < boards.size() ? printable(boards.get(r.board()).name()) : "if" + r.board();
        return time(r.micros()) + " " + board + " " + r.dir().label + " " + describe(r);
    }

    static String time(long micros) {
        return TIME.format(
                Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000));
    }

    static String describe(TraceRecord r) {
        byte[] b = r.body();
        return switch (r.kind()) {
            case FRAME -> frame(b) + (r.retransmit() ? " retransmit" : "");
            case DECODE_ERROR ->
                "DECODE_ERROR " + TraceErrors.name(b[0] & 0xFF) + " " + (b.length - 1) + " bytes "
                        + raw(Arrays.copyOfRange(b, 1, b.length));
            case EVENT -> {
                TraceEvent e = TraceEvent.fromCode(b[0] & 0xFF);
                String text = printable(new String(b, 1, b.length - 1, StandardCharsets.UTF_8));
                yield "EVENT " + (e == null ? "event " + (b[0] & 0xFF) : e.label())
                        + (text.isEmpty() ? "" : " " + text);
            }
            case DROPPED ->
                "DROPPED " + (ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL)
                        + " records (the trace's queue was full)";
        };
    }

    private static String frame(byte[] b) {
        int n = b.length;
        int type = b[1] & 0xFF;
        int seq = (b[2] & 0xFF) | ((b[3] & 0xFF) << 8);
        byte[] payload = Arrays.copyOfRange(b, 4, n - 2);
        int crc = ((b[n - 2] & 0xFF) << 8) | (b[n - 1] & 0xFF);
        StringBuilder s =
                new StringBuilder(Frame.typeName(type)).append(" seq=").append(seq);
        if ((b[0] & 0xFF) != Frame.VERSION) s.append(" version=").append(b[0] & 0xFF);
        String fields = FrameText.fields(type, payload);
        if (!fields.isEmpty()) s.append(' ').append(fields);
        if (Crc16.compute(b, 0, n - 2) != crc) s.append(String.format(" crc=0x%04X BAD", crc));
        return s.toString();
    }

    /** The text with control characters as {@code \xNN}, so a record stays on one line. */
    static String printable(String text) {
        StringBuilder s = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || c == 0x2028 || c == 0x2029)
                s.append(String.format(c < 0x100 ? "\\x%02x" : "\\u%04x", c));
            else s.appendCodePoint(c);
        });
        return s.toString();
    }

    /** Printable ASCII (boot text) as a quoted string, anything else as hex. */
    static String raw(byte[] raw) {
        int printable = 0;
        for (byte x : raw) if ((x >= 0x20 && x < 0x7F) || x == '\n' || x == '\r' || x == '\t') printable++;
        if (raw.length > 0 && printable * 10 >= raw.length * 9) {
            StringBuilder s = new StringBuilder("\"");
            for (byte x : raw) {
                if (x == '"' || x == '\\') s.append('\\').append((char) x);
                else if (x >= 0x20 && x < 0x7F) s.append((char) x);
                else s.append(String.format("\\x%02x", x & 0xFF));
            }
            return s.append('"').toString();
        }
        return HexFormat.of().formatHex(raw);
    }
}
