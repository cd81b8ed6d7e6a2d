package io.hilbridge.trace;

import io.hilbridge.lights.Effect;
import io.hilbridge.lights.LightInfo;
import io.hilbridge.lights.StateCause;
import io.hilbridge.link.Frame;
import io.hilbridge.link.MalformedPayloadException;
import io.hilbridge.link.Messages;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The decoded fields of a frame's payload as {@code name=value} text, for every type of uart-link.md section 3,
 * through the link's own payload decoders ({@link Messages}); a payload they refuse shows as {@code MALFORMED}
 * with the reason and its bytes, an unknown type as hex.
 *
 * <p>Stateless; thread-safe.
 */
final class FrameText {
    private FrameText() {}

    static String fields(int type, byte[] p) {
        try {
            return switch (type) {
                case Frame.HELLO_REQ, Frame.PING, Frame.REBOOT_REQ -> empty(p);
                case Frame.HELLO -> hello(Messages.Hello.decode(p));
                case Frame.SET -> set(Messages.SetCommand.decode(p));
                case Frame.ACK -> {
                    Messages.Ack a = Messages.Ack.decode(p);
                    yield "ack_seq=" + a.ackSeq() + " state_gen=" + a.stateGen();
                }
                case Frame.NACK -> {
                    Messages.Nack n = Messages.Nack.decode(p);
                    yield "ack_seq=" + n.ackSeq() + " code=" + n.code() + " "
                            + Messages.nackName(n.code()).toUpperCase(Locale.ROOT);
                }
                case Frame.STATE -> {
                    Messages.State s = Messages.State.decode(p);
                    yield "light=" + s.light() + " cause=" + cause(s.cause()) + " "
                            + light(s.on(), s.brightness(), s.red(), s.green(), s.blue(), s.effect())
                            + " state_gen=" + s.stateGen();
                }
                case Frame.STATE_REQ -> {
                    int light = Messages.StateReq.decode(p).light();
                    yield "light=" + (light == 0xFF ? "all" : Integer.toString(light));
                }
                case Frame.PONG -> {
                    Messages.Pong g = Messages.Pong.decode(p);
                    yield "ping_seq=" + g.pingSeq() + " state_gen=" + g.stateGen() + " uptime_ms=" + g.uptimeMs();
                }
                case Frame.LOG -> {
                    Messages.Log l = Messages.Log.decode(p);
                    yield "level=" + level(l.level()) + " text="
                            + TraceText.raw(l.text().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                case Frame.ACK_STATE -> {
                    Messages.AckState a = Messages.AckState.decode(p);
                    yield "ack_seq=" + a.ackSeq() + " state_gen=" + a.stateGen() + " light=" + a.light() + " "
                            + light(a.on(), a.brightness(), a.red(), a.green(), a.blue(), a.effect());
                }
                case Frame.FAULT -> {
                    Messages.Fault f = Messages.Fault.decode(p);
                    yield "light=" + f.light() + " fault=" + f.fault()
                            + (f.fault() == 0 ? " none" : f.fault() == 1 ? " OUTPUT_STUCK" : "") + " state_gen="
                            + f.stateGen();
                }
                case Frame.PIXELS_SUB -> {
                    Messages.PixelsSub sub = Messages.PixelsSub.decode(p);
                    yield "light=" + (sub.light() == 0xFF ? "all" : Integer.toString(sub.light())) + " rate="
                            + sub.rate();
                }
                case Frame.PIXELS -> {
                    Messages.Pixels px = Messages.Pixels.decode(p);
                    yield "light=" + px.light() + " first=" + px.first() + " count=" + px.count() + " rgb="
                            + HexFormat.of().formatHex(px.rgb());
                }
                default -> "payload=" + HexFormat.of().formatHex(p);
            };
        } catch (MalformedPayloadException | IllegalArgumentException e) {
            return "MALFORMED (" + e.getMessage() + ") payload="
                    + HexFormat.of().formatHex(p);
        }
    }

    private static String empty(byte[] p) {
        if (p.length == 0) return "";
        throw new MalformedPayloadException(p.length + " payload bytes, expected none");
    }

    private static String hello(Messages.Hello h) {
        List<String> lights = new ArrayList<>();
        for (LightInfo l : h.lights()) {
            String effects = l.effects().stream()
                    .map(Effect::id)
                    .sorted()
                    .map(String::valueOf)
                    .collect(Collectors.joining(","));
            lights.add(l.id() + ":" + l.kind() + (l.pixels() != 1 ? "x" + l.pixels() : "") + ":\""
                    + TraceText.printable(l.name()) + "\"" + (effects.isEmpty() ? "" : ":effects=" + effects));
        }
        return "proto=" + h.protocolVersion() + " fw=" + TraceText.printable(h.firmwareVersion()) + " boot_id="
                + String.format("0x%08X", h.bootId()) + " lights=" + h.lights().size() + " [" + String.join(" ", lights)
                + "]";
    }

    private static String set(Messages.SetCommand s) {
        List<String> names = new ArrayList<>();
        String[] all = {"on", "brightness", "color", "transition", "effect"};
        for (int i = 0; i < 8; i++) {
            if ((s.fields() & (1 << i)) != 0) names.add(i < all.length ? all[i] : "bit" + i);
        }
        return "light=" + (s.light() == 0xFF ? "all" : Integer.toString(s.light())) + " fields="
                + String.join(",", names)
                + " " + light(s.on(), s.brightness(), s.red(), s.green(), s.blue(), s.effect())
                + " transition_ms=" + s.transitionMs();
    }

    private static String light(int on, int brightness, int r, int g, int b, int effect) {
        return "on=" + on + " brightness=" + brightness + String.format(" color=#%02x%02x%02x", r, g, b) + " effect="
                + effect
                + (effect >= 1 && effect <= 3 ? "(" + Effect.fromId(effect).apiName() + ")" : "");
    }

    private static String cause(int c) {
        return c <= 5 ? StateCause.fromCode(c).apiName() : Integer.toString(c);
    }

    private static String level(int l) {
        return switch (l) {
            case 1 -> "error";
            case 2 -> "warn";
            case 3 -> "info";
            case 4 -> "debug";
            default -> Integer.toString(l);
        };
    }
}
