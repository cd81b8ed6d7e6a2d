package io.hilbridge.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hilbridge.command.CommandErrors;
import io.hilbridge.command.CommandValidator;
import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.Effect;
import io.hilbridge.lights.ErrorCode;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.PixelRuns;
import io.hilbridge.lights.Rgb;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the JSON of a {@code set} message (or a REST body) into a {@link SetRequest}, checking its shape only:
 * types, required and unknown fields. Whether the values are in range, the device and lights exist and support the
 * fields is {@link io.hilbridge.command.CommandValidator}'s business, for every front-end alike. Every rule is an
 * early check that throws {@link CommandException} naming the rule: wrong type or unknown field is
 * {@code bad_request}, a light list longer than {@link #MAX_LIGHTS_IN_LIST} is {@code too_large}; a number too big
 * for any field and an effect name that does not exist cannot even be represented, so they get the validator's
 * {@code out_of_range} here. Unknown fields are refused rather than ignored so that a typo ("brigthness") is an
 * error instead of a command that silently does less than asked.
 *
 * <p>Stateless and thread-safe.
 */
final class RequestParser {
    static final int MAX_LIGHTS_IN_LIST = 64;

    /** Fields that change a light; the rest of a set message is addressing. */
    static final Set<String> CHANGE_FIELDS = Set.of("on", "brightness", "color", "transitionMs", "effect", "pixels");

    static final Set<String> SET_MESSAGE_FIELDS =
            Set.of("type", "id", "device", "light", "on", "brightness", "color", "transitionMs", "effect", "pixels");

    private RequestParser() {}

    /** A WebSocket {@code set} message. */
    static SetRequest parseSetMessage(ObjectNode msg) {
        checkKnownFields(msg, SET_MESSAGE_FIELDS);
        String device = null;
        JsonNode d = msg.get("device");
        if (d != null && !d.isNull()) {
            if (!d.isTextual() || d.asText().isEmpty()) throw bad("device must be a non-empty string");
            device = d.asText();
        }
        JsonNode light = msg.get("light");
        if (light == null) throw bad("light is required: a light id, a list of ids, or \"all\"");
        return new SetRequest(device, parseTarget(light), parseChange(msg));
    }

    /** A WebSocket {@code reset} message: the device to reset, or null for the first one. */
    static String parseResetMessage(ObjectNode msg) {
        return parseDeviceOnlyMessage(msg);
    }

    /** A message with an optional device and nothing else ({@code reset}, {@code pixels.*}); null: not given. */
    static String parseDeviceOnlyMessage(ObjectNode msg) {
        checkKnownFields(msg, Set.of("type", "id", "device"));
        JsonNode d = msg.get("device");
        if (d == null || d.isNull()) return null;
        if (!d.isTextual() || d.asText().isEmpty()) throw bad("device must be a non-empty string");
        return d.asText();
    }

    /** A REST body: only the change fields; device and light come from the path. */
    static LightChange parseRestBody(JsonNode body) {
        if (!(body instanceof ObjectNode obj)) throw bad("the body must be a JSON object");
        checkKnownFields(obj, CHANGE_FIELDS);
        return parseChange(obj);
    }

    /** A light from a URL path segment: a non-negative integer or "all". */
    static LightTarget parsePathLight(String s) {
        if ("all".equals(s)) return LightTarget.ALL;
        if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw bad("light must be a non-negative integer or \"all\", got \"" + s + "\"");
        }
        return LightTarget.of(List.of(Integer.parseInt(s)));
    }

    static LightTarget parseTarget(JsonNode light) {
        if (light.isTextual()) {
            if ("all".equals(light.asText())) return LightTarget.ALL;
            throw bad("light must be a light id, a list of ids, or \"all\"");
        }
        if (light.isArray()) {
            if (light.isEmpty()) throw bad("light list is empty");
            if (light.size() > MAX_LIGHTS_IN_LIST) {
                throw new CommandException(
                        ErrorCode.TOO_LARGE,
                        "light list has " + light.size() + " entries, at most " + MAX_LIGHTS_IN_LIST + " allowed");
            }
            Set<Integer> ids = new LinkedHashSet<>();
            for (JsonNode n : light) ids.add(lightId(n));
            return LightTarget.of(new ArrayList<>(ids));
        }
        return LightTarget.of(List.of(lightId(light)));
    }

    private static int lightId(JsonNode n) {
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 0) {
            throw bad("light ids are non-negative integers, got " + n);
        }
        return n.asInt();
    }

    private static LightChange parseChange(ObjectNode msg) {
        Boolean on = null;
        JsonNode n = msg.get("on");
        if (n != null) {
            if (!n.isBoolean()) throw bad("on must be true or false");
            on = n.asBoolean();
        }
        Integer brightness = intField(msg, "brightness");
        Integer transition = intField(msg, "transitionMs");
        Rgb color = null;
        n = msg.get("color");
        if (n != null) {
            if (!n.isTextual() || !n.asText().matches("#[0-9A-Fa-f]{6}")) {
                throw bad("color must be a string \"#rrggbb\"");
            }
            color = Rgb.parseHex(n.asText());
        }
        Effect effect = null;
        n = msg.get("effect");
        if (n != null) {
            if (!n.isTextual()) throw bad("effect must be a string such as \"blink\"");
            effect = Effect.fromApiName(n.asText());
            if (effect == null) throw CommandErrors.unknownEffect(n.asText());
        }
        n = msg.get("pixels");
        PixelRuns pixels = n != null ? PixelsJson.parse(n) : null;
        return new LightChange(on, brightness, color, transition, effect, pixels);
    }

    private static Integer intField(ObjectNode msg, String name) {
        JsonNode n = msg.get(name);
        if (n == null) return null;
        if (!n.isIntegralNumber()) throw bad(name + " must be an integer");
        if (!n.canConvertToInt()) throw CommandValidator.outOfRange(name, n.asText());
        return n.asInt();
    }

    static void checkKnownFields(ObjectNode obj, Set<String> known) {
        for (Map.Entry<String, JsonNode> field : obj.properties()) {
            String name = field.getKey();
            if (!known.contains(name)) {
                throw bad("unknown field \"" + abbreviate(name) + "\"");
            }
        }
    }

    static String abbreviate(String s) {
        return abbreviate(s, 40);
    }

    static String abbreviate(String s, int max) {
        return CommandErrors.abbreviate(s, max);
    }

    static CommandException bad(String message) {
        return new CommandException(ErrorCode.BAD_REQUEST, message);
    }
}
