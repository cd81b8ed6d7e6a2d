package io.hilbridge.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Set;

/**
 * The REST scene bodies (schemas rest-scene-save-body.json, rest-scene-patch-body.json), with the same shape rules
 * and errors as the {@code scene.*} messages ({@link SceneRequests}). Stateless.
 */
public final class RestSceneRequests {
    /** {@code POST .../scenes}: save the current lights as {@code name}, replacing a scene of that name if asked. */
    public record Save(String name, boolean replace) {}

    /** {@code PATCH .../scenes/{name}}: a new name and/or the power-on mark (null: leave as it is). */
    public record Patch(String newName, Boolean powerOn) {}

    private RestSceneRequests() {}

    public static Save save(JsonNode body) {
        ObjectNode o = SceneRequests.object(body);
        RequestParser.checkKnownFields(o, Set.of("name", "replace"));
        return new Save(SceneRequests.name(o, "name"), SceneRequests.flag(o, "replace"));
    }

    public static Patch patch(JsonNode body) {
        ObjectNode o = SceneRequests.object(body);
        RequestParser.checkKnownFields(o, Set.of("name", "powerOn"));
        if (o.isEmpty()) throw RequestParser.bad("nothing to change: give name (a new name) and/or powerOn");
        String name = o.has("name") ? SceneRequests.name(o, "name") : null;
        Boolean powerOn = o.has("powerOn") ? SceneRequests.flag(o, "powerOn") : null;
        return new Patch(name, powerOn);
    }
}
