package io.hilbridge.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hilbridge.scenes.Scene;
import io.hilbridge.scenes.SceneCodec;
import io.hilbridge.scenes.SceneNames;
import io.hilbridge.scenes.SceneService.DeviceScenes;

/**
 * The scene messages and bodies of protocol-spec/websocket-api.md ("Scenes"), and only these: {@code scene.list}
 * (reply and broadcast), {@code scene.applied}, and their REST bodies (schemas scene-list.json, scene-applied.json,
 * rest-scenes.json, rest-scene-applied.json). Kept beside {@link ApiJson}, which builds every other message.
 * Stateless and thread-safe.
 */
public final class SceneMessages {
    private SceneMessages() {}

    /** REST {@code GET /api/devices/{d}/scenes} and the answer to every change: the device's scenes. */
    public static ObjectNode listBody(DeviceScenes d) {
        ObjectNode o = ApiJson.object();
        fillList(o, d);
        return o;
    }

    /** The {@code scene.list} message: a reply ({@code id} echoed) or, with {@code id} null, the broadcast. */
    static ObjectNode listMessage(JsonNode id, DeviceScenes d) {
        ObjectNode o = ApiJson.reply("scene.list", id);
        fillList(o, d);
        return o;
    }

    /** REST {@code POST .../scenes/{name}/apply}: the board confirmed every light of the scene. */
    public static ObjectNode appliedBody(String device, Scene scene) {
        ObjectNode o = ApiJson.object();
        o.put("device", device);
        o.put("name", scene.name());
        return o;
    }

    static ObjectNode appliedMessage(JsonNode id, String device, Scene scene) {
        ObjectNode o = ApiJson.reply("scene.applied", id);
        o.setAll(appliedBody(device, scene));
        return o;
    }

    private static void fillList(ObjectNode o, DeviceScenes d) {
        o.put("device", d.device());
        String mark = d.scenes().powerOn();
        o.put("powerOn", mark); // null: JSON null, as for problem
        o.put("problem", d.problem());
        ArrayNode list = o.putArray("scenes");
        for (Scene s : d.scenes().scenes()) {
            ObjectNode n = list.addObject();
            n.put("name", s.name());
            n.put("powerOn", mark != null && SceneNames.sameName(mark, s.name()));
            n.set("lights", SceneCodec.lights(s));
        }
    }
}
