package io.hilbridge.ws;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Test helper: decodes byte streams with a {@link FrameDecoder} + {@link MessageAssembler} and records events. */
final class Recorder implements MessageAssembler.Callback {
    final List<String> events = new ArrayList<>();
    final FrameDecoder decoder;

    Recorder(int maxMessageBytes) {
        decoder = new FrameDecoder(new MessageAssembler(this, maxMessageBytes), maxMessageBytes);
    }

    @Override
    public void onText(String text) {
        events.add("text:" + text);
    }

    @Override
    public void onBinary(byte[] data) {
        events.add("binary:" + HexFormat.of().formatHex(data));
    }

    @Override
    public void onControlFrame(int opcode, byte[] payload) {
        events.add("control" + opcode + ":" + new String(payload, StandardCharsets.ISO_8859_1));
    }

    /** Feeds {@code bytes} in pieces cut at {@code cuts}; returns the events, ending in "error CODE" on failure. */
    static List<String> decode(byte[] bytes, int maxMessageBytes, int... cuts) {
        Recorder r = new Recorder(maxMessageBytes);
        int from = 0;
        try {
            for (int i = 0; i <= cuts.length; i++) {
                int to = i < cuts.length ? cuts[i] : bytes.length;
                // Copy each piece into a fresh buffer: the decoder unmasks in place and must not rely on neighbours.
                ByteBuffer piece = ByteBuffer.allocate(to - from);
                piece.put(bytes, from, to - from).flip();
                r.decoder.decode(piece);
                if (piece.hasRemaining()) {
                    throw new AssertionError("decoder left bytes unconsumed");
                }
                from = to;
            }
        } catch (ProtocolViolation v) {
            r.events.add("error " + v.closeCode());
        }
        return r.events;
    }
}
