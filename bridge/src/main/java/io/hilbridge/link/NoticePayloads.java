package io.hilbridge.link;

import io.hilbridge.lights.LightFault;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The payload codecs of what the board reports on its own (uart-link.md section 3): FAULT (a light's hardware) and
 * LOG (a line of text). Reached as {@code Messages.Fault} and {@code Messages.Log}; see {@link Messages} for the
 * conventions every codec follows.
 */
public interface NoticePayloads {

    /** FAULT: light {@code light}'s hardware fault is now {@code fault} (0 none, 1 output stuck, others reserved). */
    record Fault(int light, int fault, int stateGen) {

        /** The fault this frame reports; empty when the light works again. */
        public Optional<LightFault> toLightFault() {
            return fault == 0 ? Optional.empty() : Optional.of(LightFault.fromCode(fault));
        }

        public byte[] encode() {
            return new PayloadWriter().u8(light).u8(fault).u16(stateGen).toArray();
        }

        public static Fault decode(byte[] p) {
            PayloadReader r = new PayloadReader(p, "FAULT");
            r.expectLength(4);
            return new Fault(r.u8(), r.u8(), r.u16());
        }
    }

    record Log(int level, String text) {
        public byte[] encode() {
            byte[] t = text.getBytes(StandardCharsets.UTF_8);
            if (t.length > Frame.MAX_PAYLOAD - 1) {
                // Cut on a byte boundary; the receiver decodes leniently (malformed UTF-8 becomes U+FFFD).
                t = Arrays.copyOf(t, Frame.MAX_PAYLOAD - 1);
            }
            byte[] out = new byte[1 + t.length];
            out[0] = (byte) level;
            System.arraycopy(t, 0, out, 1, t.length);
            return out;
        }

        public static Log decode(byte[] p) {
            if (p.length < 1) throw new MalformedPayloadException("LOG: empty payload, the level byte is missing");
            int end = p.length;
            while (end > 1 && p[end - 1] == 0) end--; // NUL is never text; trailing ones are line corruption
            return new Log(p[0] & 0xFF, new String(p, 1, end - 1, StandardCharsets.UTF_8));
        }
    }
}
