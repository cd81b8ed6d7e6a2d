package io.hilbridge.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hilbridge.lights.CommandException;
import io.hilbridge.scenes.SceneService;

import java.util.Set;

/**
 * The {@code scene.*} WebSocket messages and the scene REST bodies: their shape (types, required and unknown
 * fields, as {@link RequestParser} does for {@code set}); the scene rules are {@link SceneService}'s and the light
 * rules the validator's. Every change is answered with {@code scene.list} to the sender and broadcast by the
 * {@link ApiService} to every client. Stateless and thread-safe.
 */
final class SceneRequests {
    static final Set<String> TYPES =
            Set.of("scene.list", "scene.save", "scene.apply", "scene.rename", "scene.delete", "scene.powerOn");

    private final SceneService scenes;

    SceneRequests(SceneService scenes) {
        this.scenes = scenes;
    }

    void handle(ClientSession session, JsonNode id, String type, ObjectNode msg) {
        String device = device(msg);
        switch (type) {
            case "scene.list" -> {
                RequestParser.checkKnownFields(msg, Set.of("type", "id", "device"));
                reply(session, id, scenes.list(device));
            }
            case "scene.save" -> {
                RequestParser.checkKnownFields(msg, Set.of("type", "id", "device", "name", "replace"));
                reply(session, id, scenes.save(device, name(msg, "name"), flag(msg, "replace")));
            }
            case "scene.rename" -> {
                RequestParser.checkKnownFields(msg, Set.of("type", "id", "device", "name", "to"));
                reply(session, id, scenes.rename(device, name(msg, "name"), name(msg, "to")));
            }
            case "scene.delete" -> {
                RequestParser.checkKnownFields(msg, Set.of("type", "id", "device", "name"));
                reply(session, id, scenes.delete(device, name(msg, "name")));
            }
            case "scene.powerOn" -> {
                RequestParser.checkKnownFields(msg, Set.of("type", "id", "device", "name"));
                JsonNode n = msg.get("name");
                if (n == null) throw RequestParser.bad("name is required: a scene name, or null to remove the mark");
                reply(session, id, scenes.markPowerOn(device, n.isNull() ? null : name(msg, "name")));
            }
            case "scene.apply" -> {
                RequestParser.checkKnownFields(msg, Set.of("type", "id", "device", "name"));
                String name = name(msg, "name");
                ApiService.takeSlot(session, "answers");
                scenes.apply(device, name).whenComplete((scene, e) -> {
                    session.release();
                    if (e == null) {
                        String d = scenes.list(device).device();
                        session.reply(ApiJson.write(SceneMessages.appliedMessage(id, d, scene)));
                    } else {
                        CommandException ce = (CommandException) e;
                        session.reply(ApiJson.write(ApiJson.errorMessage(id, ce.apiCode(), ce.getMessage())));
                    }
                });
            }
            default -> throw new IllegalArgumentException("not a scene message: " + type);
        }
    }

    private static void reply(ClientSession session, JsonNode id, SceneService.DeviceScenes d) {
        session.reply(ApiJson.write(SceneMessages.listMessage(id, d)));
    }

    static ObjectNode object(JsonNode body) {
        if (!(body instanceof ObjectNode o)) throw RequestParser.bad("the body must be a JSON object");
        return o;
    }

    private static String device(ObjectNode msg) {
        JsonNode d = msg.get("device");
        if (d == null || d.isNull()) return null;
        if (!d.isTextual() || d.asText().isEmpty()) throw RequestParser.bad("device must be a non-empty string");
        return d.asText();
    }

    /** A scene name field: required, a string (its rules are SceneNames'). */
    static String name(ObjectNode msg, String field) {
        JsonNode n = msg.get(field);
        if (n == null) throw RequestParser.bad(field + " is required: a scene name");
        if (!n.isTextual()) throw RequestParser.bad(field + " must be a string");
        return n.asText();
    }

    static boolean flag(ObjectNode msg, String field) {
        JsonNode n = msg.get(field);
        if (n == null) return false;
        if (!n.isBoolean()) throw RequestParser.bad(field + " must be true or false");
        return n.asBoolean();
    }
}
