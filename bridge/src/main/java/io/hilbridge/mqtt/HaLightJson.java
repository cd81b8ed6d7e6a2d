package io.hilbridge.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hilbridge.api.ApiJson;
import io.hilbridge.api.ApiService;
import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.Effect;
import io.hilbridge.lights.ErrorCode;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.LightInfo;
import io.hilbridge.lights.LightKind;
import io.hilbridge.lights.LightState;
import io.hilbridge.lights.Rgb;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * Home Assistant's JSON-schema light payloads (protocol-spec/mqtt.md sections 2 to 4): state out, commands in,
 * replies out. Only shape and units are converted here (ON/OFF, the colour object, seconds to milliseconds); every
 * range and capability rule is the command engine's ({@link ApiService#execute}). Each shape rule is an early check
 * throwing {@link CommandException} that names it.
 *
 * <p>Stateless and thread-safe.
 */
public final class HaLightJson {
    /** Longest command payload read, in bytes: the WebSocket API's message limit. */
    public static final int MAX_COMMAND_BYTES = ApiService.MAX_MESSAGE_CHARS;

    private static final Set<String> COMMAND_FIELDS =
            Set.of("state", "brightness", "color", "transition", "effect", "color_mode");

    private HaLightJson() {}

    /** The colour mode Home Assistant is told for a light kind. */
    public static String colorMode(LightKind kind) {
        if (kind.colored()) return "rgb";
        return kind.dimmable() ? "brightness" : "onoff";
    }

    /** The retained state payload of one light, with the fields its kind has. */
    public static byte[] state(LightInfo light, LightState state) {
        ObjectNode s = ApiJson.object();
        s.put("state", state.on() ? "ON" : "OFF");
        s.put("color_mode", colorMode(light.kind()));
        if (light.kind().dimmable()) s.put("brightness", state.brightness());
        if (light.kind().colored()) s.set("color", rgb(state.color()));
        if (!light.effects().isEmpty()) s.put("effect", state.effect().apiName());
        return bytes(s);
    }

    /** The change a command payload asks for. */
    public static LightChange command(byte[] payload) {
        if (payload.length > MAX_COMMAND_BYTES) {
            throw new CommandException(
                    ErrorCode.TOO_LARGE,
                    "command has " + payload.length + " bytes, at most " + MAX_COMMAND_BYTES + " allowed");
        }
        JsonNode node;
        try {
            node = ApiJson.MAPPER.readTree(payload);
        } catch (java.io.IOException e) {
            String why = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
            throw bad("not valid JSON: " + abbreviate(why));
        }
        if (!(node instanceof ObjectNode cmd)) throw bad("a command must be a JSON object");
        for (Map.Entry<String, JsonNode> f : cmd.properties()) {
            if (!COMMAND_FIELDS.contains(f.getKey())) throw bad("unknown field \"" + abbreviate(f.getKey()) + "\"");
        }
        Boolean on = null;
        JsonNode n = cmd.get("state");
        if (n != null) {
            if (!n.isTextual() || !(n.asText().equals("ON") || n.asText().equals("OFF"))) {
                throw bad("state must be \"ON\" or \"OFF\"");
            }
            on = n.asText().equals("ON");
        }
        Integer brightness = integer(cmd, "brightness");
        Rgb color = color(cmd.get("color"));
        Integer transitionMs = transitionMs(cmd.get("transition"));
        Effect effect = null;
        n = cmd.get("effect");
        if (n != null) {
            if (!n.isTextual()) throw bad("effect must be a string such as \"blink\"");
            effect = Effect.fromApiName(n.asText());
            if (effect == null) {
                throw new CommandException(
                        ErrorCode.OUT_OF_RANGE,
                        "unknown effect \"" + abbreviate(n.asText()) + "\"; known: none, blink, breathe, rainbow");
            }
        }
        LightChange change = new LightChange(on, brightness, color, transitionMs, effect);
        if (change.isEmpty()) throw bad("nothing to change: give state, brightness, color, transition or effect");
        return change;
    }

    /** The reply to a command on its response topic: ack when {@code failure} is null, else error. */
    public static byte[] reply(String device, String light, CommandException failure) {
        ObjectNode r = ApiJson.object();
        r.put("type", failure == null ? "ack" : "error");
        r.put("device", device);
        r.put("light", light);
        if (failure != null) {
            r.put("code", failure.apiCode());
            r.put("message", failure.getMessage());
        }
        return bytes(r);
    }

    static byte[] bytes(JsonNode node) {
        return ApiJson.write(node).getBytes(StandardCharsets.UTF_8);
    }

    private static ObjectNode rgb(Rgb c) {
        ObjectNode o = ApiJson.object();
        o.put("r", c.r());
        o.put("g", c.g());
        o.put("b", c.b());
        return o;
    }

    private static Integer integer(ObjectNode cmd, String name) {
        JsonNode n = cmd.get(name);
        if (n == null) return null;
        if (!n.isIntegralNumber()) throw bad(name + " must be an integer");
        // A number no int can hold is out of every range; the engine names the range for the others.
        if (!n.canConvertToInt()) throw new CommandException(ErrorCode.OUT_OF_RANGE, name + " is out of range: " + n);
        return n.asInt();
    }

    private static Rgb color(JsonNode n) {
        if (n == null) return null;
        if (!(n instanceof ObjectNode c) || c.size() != 3 || !c.has("r") || !c.has("g") || !c.has("b")) {
            throw bad("color must be an object {\"r\":..,\"g\":..,\"b\":..}");
        }
        int[] ch = new int[3];
        String[] names = {"r", "g", "b"};
        for (int i = 0; i < 3; i++) {
            JsonNode v = c.get(names[i]);
            if (!v.isIntegralNumber()) throw bad("color." + names[i] + " must be an integer");
            if (!v.canConvertToInt() || v.asInt() < 0 || v.asInt() > 255) {
                // The colour model's own rule (Rgb): a channel is a byte.
                throw new CommandException(ErrorCode.OUT_OF_RANGE, "color." + names[i] + " must be 0..255, got " + v);
            }
            ch[i] = v.asInt();
        }
        return new Rgb(ch[0], ch[1], ch[2]);
    }

    private static Integer transitionMs(JsonNode n) {
        if (n == null) return null;
        if (!n.isNumber()) throw bad("transition must be a number of seconds");
        double ms = Math.rint(n.asDouble() * 1000);
        if (Double.isNaN(ms) || ms > Integer.MAX_VALUE || ms < Integer.MIN_VALUE) {
            throw new CommandException(ErrorCode.OUT_OF_RANGE, "transition is out of range: " + n);
        }
        return (int) ms;
    }

    private static CommandException bad(String message) {
        return new CommandException(ErrorCode.BAD_REQUEST, message);
    }

    private static String abbreviate(String s) {
        if (s == null) return "";
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
