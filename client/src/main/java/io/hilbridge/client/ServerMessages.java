package io.hilbridge.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the bridge's messages (websocket-api.md section 2) into this client's types. Fields this client does not
 * know are ignored, as the spec asks. A message that lacks a required field fails with an
 * {@link IllegalArgumentException} naming it. Stateless and thread-safe.
 */
final class ServerMessages {
    private ServerMessages() {}

    /** The {@code devices} of a {@code hello} or {@code snapshot}. */
    static List<Device> devices(JsonNode message) {
        List<Device> out = new ArrayList<>();
        for (JsonNode d : required(message, "devices")) {
            List<Light> lights = new ArrayList<>();
            for (JsonNode l : required(d, "lights")) {
                lights.add(light(
                        l,
                        lightStateOrNull(l, "state"),
                        lightStateOrNull(l, "desired"),
                        required(l, "pending").asBoolean(),
                        textOrNull(l, "fault")));
            }
            out.add(device(d, lights));
        }
        return out;
    }

    /**
     * A {@code device} message: identity and capabilities without states. Lights keep the state, desired state and
     * fault {@code before} had for the same id; a light new to the view has a null state until its
     * {@code state} message follows.
     */
    static Device deviceUpdate(JsonNode message, Device before) {
        List<Light> lights = new ArrayList<>();
        for (JsonNode l : required(message, "lights")) {
            int id = required(l, "id").asInt();
            Light old = before == null ? null : before.light(id).orElse(null);
            lights.add(
                    old == null
                            ? light(l, null, null, false, null)
                            : light(l, old.state(), old.desired(), old.pending(), old.fault()));
        }
        return new Device(
                requiredText(message, "device"),
                DeviceStatus.fromApi(requiredText(message, "status")),
                textOrNull(message, "firmware"),
                intOrNull(message, "protocolVersion"),
                textOrNull(message, "transport"),
                lights);
    }

    static StateEvent state(JsonNode m) {
        return new StateEvent(
                requiredText(m, "device"),
                required(m, "light").asInt(),
                lightState(m),
                StateCause.fromApi(textOrNull(m, "cause")));
    }

    static LogLine log(JsonNode m) {
        return new LogLine(
                requiredText(m, "device"),
                required(m, "seq").asLong(),
                java.time.Instant.parse(requiredText(m, "time")),
                LogLine.Level.fromApi(requiredText(m, "level")),
                "boot".equals(textOrNull(m, "source")),
                requiredText(m, "text"),
                m.path("dropped").asLong(0));
    }

    static String deviceId(JsonNode m) {
        return requiredText(m, "device");
    }

    static int lightId(JsonNode m) {
        return required(m, "light").asInt();
    }

    static String fault(JsonNode m) {
        return textOrNull(m, "fault");
    }

    /** The echoed id as this client gave it (its ids are strings), or null. */
    static String id(JsonNode m) {
        JsonNode id = m.get("id");
        return id == null || id.isNull() ? null : id.asText();
    }

    static String type(JsonNode m) {
        return textOrNull(m, "type");
    }

    private static Device device(JsonNode d, List<Light> lights) {
        return new Device(
                requiredText(d, "id"),
                DeviceStatus.fromApi(requiredText(d, "status")),
                textOrNull(d, "firmware"),
                intOrNull(d, "protocolVersion"),
                textOrNull(d, "transport"),
                lights);
    }

    private static Light light(JsonNode l, LightState state, LightState desired, boolean pending, String fault) {
        Set<Effect> effects = EnumSet.noneOf(Effect.class);
        for (JsonNode e : required(l, "effects")) {
            effects.add(Effect.fromApi(e.asText()));
        }
        JsonNode pixels = l.get("pixels");
        return new Light(
                required(l, "id").asInt(),
                requiredText(l, "name"),
                LightKind.fromApi(requiredText(l, "kind")),
                pixels == null ? 1 : pixels.asInt(),
                effects,
                state,
                desired,
                pending,
                fault);
    }

    /** A light's {@code state} or {@code desired}: present, but {@code null} until the board reported / asked. */
    private static LightState lightStateOrNull(JsonNode light, String field) {
        JsonNode s = light.get(field);
        if (s == null) throw new IllegalArgumentException("message field \"" + field + "\" is missing");
        return s.isNull() ? null : lightState(s);
    }

    private static LightState lightState(JsonNode s) {
        return new LightState(
                required(s, "on").asBoolean(),
                required(s, "brightness").asInt(),
                requiredText(s, "color"),
                Effect.fromApi(requiredText(s, "effect")),
                pixels(s.get("pixels")));
    }

    /** The most pixels a {@code set} may paint (websocket-api.md, "Per-pixel colours"): bounds what a state expands. */
    static final int MAX_PIXELS = 65_535;

    /**
     * A state's {@code pixels}: absent means every pixel shows {@code color} (empty list), {@code "unknown"} null,
     * else runs ({@code {"color", "count"}}, or a bare colour for one pixel) expanded to one colour per pixel.
     */
    private static List<String> pixels(JsonNode p) {
        if (p == null || p.isNull()) return List.of();
        if (p.isTextual() && "unknown".equals(p.asText())) return null;
        if (!p.isArray())
            throw new IllegalArgumentException("message field \"pixels\" is neither runs nor \"unknown\"");
        List<String> out = new ArrayList<>();
        for (JsonNode run : p) {
            String color = run.isTextual() ? run.asText() : requiredText(run, "color");
            int count = run.isTextual() ? 1 : required(run, "count").asInt();
            if (count < 1 || out.size() + count > MAX_PIXELS) {
                throw new IllegalArgumentException(
                        "message field \"pixels\": a run of " + count + " pixels (1 to " + MAX_PIXELS + " in all)");
            }
            for (int i = 0; i < count; i++) out.add(color.toLowerCase(java.util.Locale.ROOT));
        }
        return out;
    }

    private static JsonNode required(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("message field \"" + field + "\" is missing");
        }
        return v;
    }

    private static String requiredText(JsonNode o, String field) {
        return required(o, field).asText();
    }

    private static String textOrNull(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Integer intOrNull(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asInt();
    }
}
