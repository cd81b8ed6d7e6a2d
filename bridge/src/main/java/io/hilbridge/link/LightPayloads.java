package io.hilbridge.link;

import io.hilbridge.lights.Effect;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.LightState;
import io.hilbridge.lights.Rgb;
import io.hilbridge.lights.StateCause;

/**
 * The payload codecs that carry a light's values (uart-link.md section 3): SET (host to board), STATE and ACK_STATE
 * (board to host) and STATE_REQ. Reached as {@code Messages.SetCommand} and so on; see {@link Messages} for the
 * conventions every codec follows.
 */
public interface LightPayloads {

    /** SET field bits. */
    int F_ON = 1, F_BRIGHTNESS = 2, F_COLOR = 4, F_TRANSITION = 8, F_EFFECT = 16;

    int F_ALL = F_ON | F_BRIGHTNESS | F_COLOR | F_TRANSITION | F_EFFECT;

    /** STATE and ACK_STATE {@code on} byte: bit 0 on, bit 1 PIXELS (per-pixel colours in force). */
    int ON_BIT = 1, PIXELS_BIT = 2;

    /** The {@code on} byte for a state. */
    static int onByte(LightState s) {
        return (s.on() ? ON_BIT : 0) | (s.hasPixels() ? PIXELS_BIT : 0);
    }

    /**
     * A state from STATE's values; throws MalformedPayloadException when one is out of range. With the PIXELS flag
     * the runs are not on the wire: the state says they are unknown, and the host fills in the ones it knows.
     */
    static LightState lightState(String what, int on, int brightness, int red, int green, int blue, int effect) {
        if ((on & ~(ON_BIT | PIXELS_BIT)) != 0) throw new MalformedPayloadException(what + ": bad on byte " + on);
        if (effect > 3) throw new MalformedPayloadException(what + ": unknown effect " + effect);
        return new LightState(
                (on & ON_BIT) != 0,
                brightness,
                new Rgb(red, green, blue),
                Effect.fromId(effect),
                null,
                (on & PIXELS_BIT) != 0);
    }

    /** A SET payload with raw wire values, so the board can refuse what is out of range. */
    record SetCommand(
            int light, int fields, int on, int brightness, int red, int green, int blue, int transitionMs, int effect) {

        /** The SET carrying {@code change} for {@code light} (or 0xFF). Absent values are sent as 0. */
        public static SetCommand of(int light, LightChange c) {
            int fields = 0;
            if (c.on() != null) fields |= F_ON;
            if (c.brightness() != null) fields |= F_BRIGHTNESS;
            if (c.color() != null) fields |= F_COLOR;
            if (c.transitionMs() != null) fields |= F_TRANSITION;
            if (c.effect() != null) fields |= F_EFFECT;
            Rgb color = c.color() != null ? c.color() : Rgb.BLACK;
            return new SetCommand(
                    light,
                    fields,
                    Boolean.TRUE.equals(c.on()) ? 1 : 0,
                    c.brightness() != null ? c.brightness() : 0,
                    color.r(),
                    color.g(),
                    color.b(),
                    c.transitionMs() != null ? c.transitionMs() : 0,
                    c.effect() != null ? c.effect().id() : 0);
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
            return new PayloadWriter()
                    .u8(light)
                    .u8(fields)
                    .u8(on)
                    .u8(brightness)
                    .u8(red)
                    .u8(green)
                    .u8(blue)
                    .u16(transitionMs)
                    .u8(effect)
                    .toArray();
        }

        public static SetCommand decode(byte[] p) {
            PayloadReader r = new PayloadReader(p, "SET");
            r.expectLength(10);
            return new SetCommand(r.u8(), r.u8(), r.u8(), r.u8(), r.u8(), r.u8(), r.u8(), r.u16(), r.u8());
        }
    }

    record State(int light, int cause, int on, int brightness, int red, int green, int blue, int effect, int stateGen) {

        public static State of(int light, StateCause cause, LightState s, int stateGen) {
            return new State(
                    light,
                    cause.code(),
                    onByte(s),
                    s.brightness(),
                    s.color().r(),
                    s.color().g(),
                    s.color().b(),
                    s.effect().id(),
                    stateGen);
        }

        /** Throws MalformedPayloadException when a value is out of range; see {@link LightPayloads#lightState}. */
        public LightState toLightState() {
            return lightState("STATE", on, brightness, red, green, blue, effect);
        }

        /** Throws MalformedPayloadException when the cause is unknown. */
        public StateCause toCause() {
            if (cause > 5) throw new MalformedPayloadException("STATE: unknown cause " + cause);
            return StateCause.fromCode(cause);
        }

        public byte[] encode() {
            return new PayloadWriter()
                    .u8(light)
                    .u8(cause)
                    .u8(on)
                    .u8(brightness)
                    .u8(red)
                    .u8(green)
                    .u8(blue)
                    .u8(effect)
                    .u16(stateGen)
                    .toArray();
        }

        public static State decode(byte[] p) {
            PayloadReader r = new PayloadReader(p, "STATE");
            r.expectLength(10);
            return new State(r.u8(), r.u8(), r.u8(), r.u8(), r.u8(), r.u8(), r.u8(), r.u8(), r.u16());
        }
    }

    record StateReq(int light) {
        public byte[] encode() {
            return new PayloadWriter().u8(light).toArray();
        }

        public static StateReq decode(byte[] p) {
            PayloadReader r = new PayloadReader(p, "STATE_REQ");
            r.expectLength(1);
            return new StateReq(r.u8());
        }
    }

    /**
     * ACK_STATE: the answer to a SET that changed exactly one light, meaning "STATE of {@code light} with cause
     * command and {@code stateGen}, then ACK of {@code ackSeq} with the same {@code stateGen}".
     */
    record AckState(
            int ackSeq, int stateGen, int light, int on, int brightness, int red, int green, int blue, int effect) {

        public static AckState of(int ackSeq, int stateGen, int light, LightState s) {
            return new AckState(
                    ackSeq,
                    stateGen,
                    light,
                    onByte(s),
                    s.brightness(),
                    s.color().r(),
                    s.color().g(),
                    s.color().b(),
                    s.effect().id());
        }

        /** The STATE this frame stands for (cause command). */
        public State state() {
            return new State(light, StateCause.COMMAND.code(), on, brightness, red, green, blue, effect, stateGen);
        }

        /** The ACK this frame stands for. */
        public Messages.Ack ack() {
            return new Messages.Ack(ackSeq, stateGen);
        }

        public byte[] encode() {
            return new PayloadWriter()
                    .u16(ackSeq)
                    .u16(stateGen)
                    .u8(light)
                    .u8(on)
                    .u8(brightness)
                    .u8(red)
                    .u8(green)
                    .u8(blue)
                    .u8(effect)
                    .toArray();
        }

        public static AckState decode(byte[] p) {
            PayloadReader r = new PayloadReader(p, "ACK_STATE");
            r.expectLength(11);
            return new AckState(r.u16(), r.u16(), r.u8(), r.u8(), r.u8(), r.u8(), r.u8(), r.u8(), r.u8());
        }
    }
}
