package io.hilbridge.scenes;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hilbridge.lights.Effect;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.Rgb;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The JSON of scenes: a scene's lights as the API shows them ({@link #lights}) and the scene file of one device
 * ({@link #fileJson}, {@link #readFile}), which uses the same light objects. Reading a file is strict: anything
 * that is not exactly the format (unknown fields, a bad name, two scenes of one name, a power-on mark without its
 * scene, past the limits) is {@link CorruptSceneFileException}, so a damaged file is kept aside instead of being
 * half understood. Stateless and thread-safe.
 */
public final class SceneCodec {
    /** The version of the file format; a file of another version is not ours to rewrite. */
    public static final int FORMAT = 1;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> LIGHT_FIELDS = Set.of("light", "on", "brightness", "color", "effect");

    private SceneCodec() {}

    /** {@code [{"light":0,"on":true,"brightness":..,"color":"#rrggbb","effect":".."}, ...]}, absent fields left out. */
    public static ArrayNode lights(Scene scene) {
        ArrayNode a = NODES.arrayNode();
        for (int i = 0; i < scene.lights().size(); i++) {
            LightChange c = scene.lights().get(i);
            ObjectNode l = a.addObject();
            l.put("light", i);
            if (c.on() != null) l.put("on", c.on());
            if (c.brightness() != null) l.put("brightness", c.brightness());
            if (c.color() != null) l.put("color", c.color().hex());
            if (c.effect() != null) l.put("effect", c.effect().apiName());
        }
        return a;
    }

    /** The whole file of one device. */
    public static byte[] fileJson(String device, BoardScenes scenes) {
        ObjectNode o = NODES.objectNode();
        o.put("format", FORMAT);
        o.put("device", device);
        if (scenes.powerOn() == null) o.putNull("powerOn");
        else o.put("powerOn", scenes.powerOn());
        ArrayNode list = o.putArray("scenes");
        for (Scene s : scenes.scenes()) {
            ObjectNode n = list.addObject();
            n.put("name", s.name());
            n.set("lights", lights(s));
        }
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(o);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a JSON tree", e); // trees always encode
        }
    }

    /** Parses a file written by {@link #fileJson}; anything else is {@link CorruptSceneFileException}. */
    public static BoardScenes readFile(byte[] bytes) throws CorruptSceneFileException {
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new CorruptSceneFileException("not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new CorruptSceneFileException("not readable as JSON: " + e.getMessage());
        }
        if (!(root instanceof ObjectNode o)) throw new CorruptSceneFileException("not a JSON object");
        known(o, Set.of("format", "device", "powerOn", "scenes"));
        if (o.path("format").asInt(-1) != FORMAT || !o.path("format").isInt()) {
            throw new CorruptSceneFileException("format is not " + FORMAT);
        }
        JsonNode list = o.get("scenes");
        if (list == null || !list.isArray()) throw new CorruptSceneFileException("scenes is not a list");
        if (list.size() > SceneStore.MAX_SCENES_PER_BOARD) {
            throw new CorruptSceneFileException("more than " + SceneStore.MAX_SCENES_PER_BOARD + " scenes");
        }
        BoardScenes scenes = BoardScenes.EMPTY;
        for (JsonNode n : list) {
            Scene s = scene(n);
            if (scenes.find(s.name()).isPresent()) throw new CorruptSceneFileException("two scenes named " + s.name());
            scenes = scenes.withSaved(s);
        }
        JsonNode mark = o.get("powerOn");
        if (mark != null && !mark.isNull()) {
            if (!mark.isTextual() || scenes.find(mark.asText()).isEmpty()) {
                throw new CorruptSceneFileException("powerOn names no scene of the file");
            }
            scenes = scenes.withPowerOn(scenes.find(mark.asText()).get().name());
        }
        return scenes;
    }

    private static Scene scene(JsonNode n) throws CorruptSceneFileException {
        if (!(n instanceof ObjectNode o)) throw new CorruptSceneFileException("a scene is not an object");
        known(o, Set.of("name", "lights"));
        String name = o.path("name").isTextual() ? o.get("name").asText() : null;
        try {
            SceneNames.check(name);
        } catch (RuntimeException e) {
            throw new CorruptSceneFileException("bad scene name: " + e.getMessage());
        }
        JsonNode lights = o.get("lights");
        if (lights == null || !lights.isArray() || lights.isEmpty() || lights.size() > 255) {
            throw new CorruptSceneFileException("scene " + name + ": lights is not a list of 1..255");
        }
        List<LightChange> changes = new ArrayList<>();
        for (JsonNode l : lights) {
            if (!(l instanceof ObjectNode lo) || lo.path("light").asInt(-1) != changes.size()) {
                throw new CorruptSceneFileException("scene " + name + ": light " + changes.size() + " missing");
            }
            known(lo, LIGHT_FIELDS);
            changes.add(change(name, lo));
        }
        return new Scene(name, changes);
    }

    private static LightChange change(String scene, ObjectNode l) throws CorruptSceneFileException {
        try {
            JsonNode on = l.get("on");
            JsonNode b = l.get("brightness");
            JsonNode c = l.get("color");
            JsonNode e = l.get("effect");
            if (on != null && !on.isBoolean()) throw new IllegalArgumentException("on");
            if (b != null && (!b.isInt() || b.asInt() < 0 || b.asInt() > 255)) {
                throw new IllegalArgumentException("brightness");
            }
            if (c != null && (!c.isTextual() || !c.asText().matches("#[0-9a-f]{6}"))) {
                throw new IllegalArgumentException("color");
            }
            Effect effect = e == null ? null : Effect.fromApiName(e.asText());
            if (e != null && (!e.isTextual() || effect == null)) throw new IllegalArgumentException("effect");
            LightChange change = new LightChange(
                    on == null ? null : on.asBoolean(),
                    b == null ? null : b.asInt(),
                    c == null ? null : Rgb.parseHex(c.asText()),
                    null,
                    effect);
            if (change.isEmpty()) throw new IllegalArgumentException("no field");
            return change;
        } catch (IllegalArgumentException ex) {
            throw new CorruptSceneFileException(
                    "scene " + scene + ", light " + l.path("light").asInt() + ": bad " + ex.getMessage());
        }
    }

    private static void known(ObjectNode o, Set<String> fields) throws CorruptSceneFileException {
        for (String f : (Iterable<String>) o::fieldNames) {
            if (!fields.contains(f)) throw new CorruptSceneFileException("unknown field " + f);
        }
    }

    /** The file is not a scene file this version wrote (why: for the log line). */
    public static final class CorruptSceneFileException extends Exception {
        public CorruptSceneFileException(String why) {
            super(why, null, false, false);
        }
    }
}
