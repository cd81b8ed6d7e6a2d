package io.hilbridge.link;

import io.hilbridge.lights.BoardInfo;
import io.hilbridge.lights.Effect;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.LightFault;
import io.hilbridge.lights.LightInfo;
import io.hilbridge.lights.LightKind;
import io.hilbridge.lights.LightState;
import io.hilbridge.lights.Rgb;
import io.hilbridge.lights.StateCause;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Payload codecs of every message in uart-link.md section 3. Each record holds the wire values (raw integers where
 * the receiver must be able to see and refuse out-of-range values), {@code encode()} gives the payload bytes and
 * {@code decode(byte[])} parses one strictly, throwing {@link MalformedPayloadException} when the length or a string
 * is wrong. Stateless and thread-safe.
 */
public final class Messages {
    private Messages() {}

    /** SET field bits. */
    public static final int F_ON = 1, F_BRIGHTNESS = 2, F_COLOR = 4, F_TRANSITION = 8, F_EFFECT = 16;
    public static final int F_ALL = F_ON | F_BRIGHTNESS | F_COLOR | F_TRANSITION | F_EFFECT;

    /** NACK codes. */
    public static final int NACK_BAD_LIGHT = 1, NACK_UNSUPPORTED = 2, NACK_OUT_OF_RANGE = 3, NACK_MALFORMED = 4,
            NACK_BUSY = 5, NACK_UNKNOWN_TYPE = 6;

    public static final int MAX_STRING = 15;
    public static final int MAX_LIGHTS = 8;

    public static String nackName(int code) {
        return switch (code) {
            case NACK_BAD_LIGHT -> "bad_light";
            case NACK_UNSUPPORTED -> "unsupported";
            case NACK_OUT_OF_RANGE -> "out_of_range";
            case NACK_MALFORMED -> "malformed";
            case NACK_BUSY -> "busy";
            case NACK_UNKNOWN_TYPE -> "unknown_type";
            default -> "code_" + code;
        };
    }

    // ------------------------------------------------------------------ HELLO

    public record Hello(int protocolVersion, String firmwareVersion, long bootId, List<LightInfo> lights) {
        public Hello {
            lights = List.copyOf(lights);
            if (lights.isEmpty() || lights.size() > MAX_LIGHTS) {
                throw new IllegalArgumentException("a board has 1.." + MAX_LIGHTS + " lights, not " + lights.size());
            }
            if (bootId < 0 || bootId > 0xFFFFFFFFL) throw new IllegalArgumentException("boot id must be u32");
        }

        public static Hello of(BoardInfo info) {
            return new Hello(info.protocolVersion(), info.firmwareVersion(), info.bootId(), info.lights());
        }

        public BoardInfo toBoardInfo() {
            return new BoardInfo(protocolVersion, firmwareVersion, bootId, lights);
        }

        public byte[] encode() {
            Writer w = new Writer();
            w.u8(protocolVersion).string(firmwareVersion).u32(bootId).u8(lights.size());
            for (LightInfo l : lights) {
                int effects = 0;
                for (Effect e : l.effects()) {
                    if (e != Effect.NONE) effects |= 1 << e.id();
                }
                w.u8(l.id()).u8(l.kind().code()).u16(l.pixels()).u8(effects).string(l.name());
            }
            return w.toArray();
        }

        public static Hello decode(byte[] p) {
            Reader r = new Reader(p, "HELLO");
            int version = r.u8();
            String fw = r.string();
            long boot = r.u32();
            int count = r.u8();
            if (count < 1 || count > MAX_LIGHTS) throw r.bad("light_count " + count + " outside 1.." + MAX_LIGHTS);
            List<LightInfo> lights = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int id = r.u8();
                if (id != i) throw r.bad("light ids must be 0..n-1 in order, got " + id + " at " + i);
                int kindCode = r.u8();
                if (kindCode > 3) throw r.bad("unknown light kind " + kindCode);
                LightKind kind = LightKind.fromCode(kindCode);
                int pixels = r.u16();
                int effectBits = r.u8();
                Set<Effect> effects = EnumSet.noneOf(Effect.class);
                for (Effect e : Effect.values()) {
                    // Bits of effects this bridge does not know are ignored: a newer board may offer more.
                    if (e != Effect.NONE && (effectBits & (1 << e.id())) != 0) effects.add(e);
                }
                lights.add(new LightInfo(id, r.string(), kind, pixels, effects));
            }
            r.end();
            return new Hello(version, fw, boot, lights);
        }
    }

    // ------------------------------------------------------------------ SET

    /** A SET payload with raw wire values, so the board can refuse what is out of range. */
    public record SetCommand(int light, int fields, int on, int brightness, int red, int green, int blue,
                             int transitionMs, int effect) {

        /** The SET carrying {@code change} for {@code light} (or 0xFF). Absent values are sent as 0. */
        public static SetCommand of(int light, LightChange c) {
            int fields = 0;
            if (c.on() != null) fields |= F_ON;
            if (c.brightness() != null) fields |= F_BRIGHTNESS;
            if (c.color() != null) fields |= F_COLOR;
            if (c.transitionMs() != null) fields |= F_TRANSITION;
            if (c.effect() != null) fields |= F_EFFECT;
            Rgb color = c.color() != null ? c.color() : Rgb.BLACK;
            return new SetCommand(light, fields, Boolean.TRUE.equals(c.on()) ? 1 : 0,
                    c.brightness() != null ? c.brightness() : 0, color.r(), color.g(), color.b(),
                    c.transitionMs() != null ? c.transitionMs() : 0, c.effect() != null ? c.effect().id() : 0);
        }

        /** The change this SET asks for; throws MalformedPayloadException when a value is out of range. */
        public LightChange toChange() {
            if ((fields & ~F_ALL) != 0) throw new MalformedPayloadException("SET: reserved field bits set");
            if (on > 1) throw new MalformedPayloadException("SET: on must be 0 or 1, not " + on);
            if (effect > 3) throw new MalformedPayloadException("SET: unknown effect " + effect);
            return new LightChange(
                    (fields & F_ON) != 0 ? on == 1 : null,
                    (fields & F_BRIGHTNESS) != 0 ? brightness : null,
                    (fields & F_COLOR) != 0 ? new Rgb(red, green, blue) : null,
                    (fields & F_TRANSITION) != 0 ? transitionMs : null,
                    (fields & F_EFFECT) != 0 ? Effect.fromId(effect) : null);
        }

        public byte[] encode() {
            return new Writer().u8(light).u8(fields).u8(on).u8(brightness).u8(red).u8(green).u8(blue)
                    .u16(transitionMs).u8(effect).toArray();
        }

        public static SetCommand decode(byte[] p) {
            Reader r = new Reader(p, "SET");
            r.expectLength(10);
            return new SetCommand(r.u8(), r.u8(), r.u8(), r.u8(), r.u8(), r.u8(), r.u8(), r.u16(), r.u8());
        }
    }

    // ------------------------------------------------------------------ ACK / NACK

    public record Ack(int ackSeq, int stateGen) {
        public byte[] encode() {
            return new Writer().u16(ackSeq).u16(stateGen).toArray();
        }

        public static Ack decode(byte[] p) {
            Reader r = new Reader(p, "ACK");
            r.expectLength(4);
            return new Ack(r.u16(), r.u16());
        }
    }

    public record Nack(int ackSeq, int code) {
        public byte[] encode() {
            return new Writer().u16(ackSeq).u8(code).toArray();
        }

        public static Nack decode(byte[] p) {
            Reader r = new Reader(p, "NACK");
            r.expectLength(3);
            return new Nack(r.u16(), r.u8());
        }
    }

    /**
     * ACK_STATE: the answer to a SET that changed exactly one light, meaning "STATE of {@code light} with cause
     * command and {@code stateGen}, then ACK of {@code ackSeq} with the same {@code stateGen}".
     */
    public record AckState(int ackSeq, int stateGen, int light, int on, int brightness, int red, int green, int blue,
                           int effect) {

        public static AckState of(int ackSeq, int stateGen, int light, LightState s) {
            return new AckState(ackSeq, stateGen, light, s.on() ? 1 : 0, s.brightness(), s.color().r(),
                    s.color().g(), s.color().b(), s.effect().id());
        }

        /** The STATE this frame stands for (cause command). */
        public State state() {
            return new State(light, StateCause.COMMAND.code(), on, brightness, red, green, blue, effect, stateGen);
        }

        /** The ACK this frame stands for. */
        public Ack ack() {
            return new Ack(ackSeq, stateGen);
        }

        public byte[] encode() {
            return new Writer().u16(ackSeq).u16(stateGen).u8(light).u8(on).u8(brightness).u8(red).u8(green)
                    .u8(blue).u8(effect).toArray();
        }

        public static AckState decode(byte[] p) {
            Reader r = new Reader(p, "ACK_STATE");
            r.expectLength(11);
            return new AckState(r.u16(), r.u16(), r.u8(), r.u8(), r.u8(), r.u8(), r.u8(), r.u8(), r.u8());
        }
    }

    // ------------------------------------------------------------------ STATE / STATE_REQ

    public record State(int light, int cause, int on, int brightness, int red, int green, int blue, int effect,
                        int stateGen) {

        public static State of(int light, StateCause cause, LightState s, int stateGen) {
            return new State(light, cause.code(), s.on() ? 1 : 0, s.brightness(), s.color().r(), s.color().g(),
                    s.color().b(), s.effect().id(), stateGen);
        }

        /** Throws MalformedPayloadException when a value is out of range. */
        public LightState toLightState() {
            if (on > 1) throw new MalformedPayloadException("STATE: on must be 0 or 1, not " + on);
            if (effect > 3) throw new MalformedPayloadException("STATE: unknown effect " + effect);
            return new LightState(on == 1, brightness, new Rgb(red, green, blue), Effect.fromId(effect));
        }

        /** Throws MalformedPayloadException when the cause is unknown. */
        public StateCause toCause() {
            if (cause > 5) throw new MalformedPayloadException("STATE: unknown cause " + cause);
            return StateCause.fromCode(cause);
        }

        public byte[] encode() {
            return new Writer().u8(light).u8(cause).u8(on).u8(brightness).u8(red).u8(green).u8(blue).u8(effect)
                    .u16(stateGen).toArray();
        }

        public static State decode(byte[] p) {
            Reader r = new Reader(p, "STATE");
            r.expectLength(10);
            return new State(r.u8(), r.u8(), r.u8(), r.u8(), r.u8(), r.u8(), r.u8(), r.u8(), r.u16());
        }
    }

    public record StateReq(int light) {
        public byte[] encode() {
            return new Writer().u8(light).toArray();
        }

        public static StateReq decode(byte[] p) {
            Reader r = new Reader(p, "STATE_REQ");
            r.expectLength(1);
            return new StateReq(r.u8());
        }
    }

    // ------------------------------------------------------------------ FAULT

    /** FAULT: light {@code light}'s hardware fault is now {@code fault} (0 none, 1 output stuck, others reserved). */
    public record Fault(int light, int fault, int stateGen) {

        /** The fault this frame reports; empty when the light works again. */
        public java.util.Optional<LightFault> toLightFault() {
            return fault == 0 ? java.util.Optional.empty() : java.util.Optional.of(LightFault.fromCode(fault));
        }

        public byte[] encode() {
            return new Writer().u8(light).u8(fault).u16(stateGen).toArray();
        }

        public static Fault decode(byte[] p) {
            Reader r = new Reader(p, "FAULT");
            r.expectLength(4);
            return new Fault(r.u8(), r.u8(), r.u16());
        }
    }

    // ------------------------------------------------------------------ PONG / LOG

    public record Pong(int pingSeq, int stateGen, long uptimeMs) {
        public byte[] encode() {
            return new Writer().u16(pingSeq).u16(stateGen).u32(uptimeMs).toArray();
        }

        public static Pong decode(byte[] p) {
            Reader r = new Reader(p, "PONG");
            r.expectLength(8);
            return new Pong(r.u16(), r.u16(), r.u32());
        }
    }

    public record Log(int level, String text) {
        public byte[] encode() {
            byte[] t = text.getBytes(StandardCharsets.UTF_8);
            if (t.length > Frame.MAX_PAYLOAD - 1) {
                // Cut on a byte boundary; the receiver decodes leniently (malformed UTF-8 becomes U+FFFD).
                t = java.util.Arrays.copyOf(t, Frame.MAX_PAYLOAD - 1);
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

    // ------------------------------------------------------------------ little-endian helpers

    static final class Writer {
        private byte[] buf = new byte[32];
        private int n;

        Writer u8(int v) {
            if (v < 0 || v > 0xFF) throw new IllegalArgumentException("value " + v + " does not fit a u8");
            ensure(1);
            buf[n++] = (byte) v;
            return this;
        }

        Writer u16(int v) {
            if (v < 0 || v > 0xFFFF) throw new IllegalArgumentException("value " + v + " does not fit a u16");
            ensure(2);
            buf[n++] = (byte) v;
            buf[n++] = (byte) (v >>> 8);
            return this;
        }

        Writer u32(long v) {
            if (v < 0 || v > 0xFFFFFFFFL) throw new IllegalArgumentException("value " + v + " does not fit a u32");
            ensure(4);
            for (int i = 0; i < 4; i++) buf[n++] = (byte) (v >>> (8 * i));
            return this;
        }

        Writer string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            if (b.length > MAX_STRING) {
                throw new IllegalArgumentException("string longer than " + MAX_STRING + " UTF-8 bytes: " + s);
            }
            u8(b.length);
            ensure(b.length);
            System.arraycopy(b, 0, buf, n, b.length);
            n += b.length;
            return this;
        }

        private void ensure(int more) {
            if (n + more > buf.length) buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, n + more));
        }

        byte[] toArray() {
            if (n > Frame.MAX_PAYLOAD) throw new IllegalArgumentException("payload of " + n + " bytes exceeds 200");
            return java.util.Arrays.copyOf(buf, n);
        }
    }

    static final class Reader {
        private final byte[] p;
        private final String what;
        private int i;

        Reader(byte[] p, String what) {
            this.p = p;
            this.what = what;
        }

        MalformedPayloadException bad(String why) {
            return new MalformedPayloadException(what + ": " + why);
        }

        void expectLength(int len) {
            if (p.length != len) throw bad("payload must be " + len + " bytes, got " + p.length);
        }

        private void need(int k) {
            if (i + k > p.length) throw bad("payload ends at byte " + p.length + ", needed " + (i + k));
        }

        int u8() {
            need(1);
            return p[i++] & 0xFF;
        }

        int u16() {
            need(2);
            int v = (p[i] & 0xFF) | ((p[i + 1] & 0xFF) << 8);
            i += 2;
            return v;
        }

        long u32() {
            need(4);
            long v = 0;
            for (int k = 0; k < 4; k++) v |= (long) (p[i + k] & 0xFF) << (8 * k);
            i += 4;
            return v;
        }

        String string() {
            int len = u8();
            if (len > MAX_STRING) throw bad("string length " + len + " exceeds " + MAX_STRING);
            need(len);
            String s;
            try {
                // Strict: a lenient decode would turn bad bytes into U+FFFD (3 bytes each), and the string would no
                // longer fit the 15 bytes it came in (found by FrameDecoderFuzzTest).
                s = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(p, i, len)).toString();
            } catch (CharacterCodingException e) {
                throw bad("string is not valid UTF-8");
            }
            i += len;
            return s;
        }

        void end() {
            if (i != p.length) throw bad((p.length - i) + " trailing bytes");
        }
    }
}
