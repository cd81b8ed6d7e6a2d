package io.hilbridge.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds the messages this client sends (websocket-api.md section 3). Only the fields given are written; the bridge
 * validates them. Thread-safe (Jackson's ObjectMapper is, once configured).
 */
final class ClientMessages {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ClientMessages() {}

    static String set(String id, String device, Lights lights, LightChange change) {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", "set").put("id", id).put("device", device);
        if (lights.isAll()) {
            o.put("light", "all");
        } else if (lights.ids().size() == 1) {
            o.put("light", lights.ids().get(0));
        } else {
            ArrayNode a = o.putArray("light");
            lights.ids().forEach(a::add);
        }
        if (change.on() != null) o.put("on", change.on());
        if (change.brightness() != null) o.put("brightness", change.brightness());
        if (change.color() != null) o.put("color", change.color());
        if (change.transitionMs() != null) o.put("transitionMs", change.transitionMs());
        if (change.effect() != null) o.put("effect", change.effect().apiName());
        if (change.pixels() != null) {
            ArrayNode pixels = o.putArray("pixels");
            change.pixels().forEach(pixels::add);
        }
        return o.toString();
    }

    static String get(String id) {
        return JSON.createObjectNode().put("type", "get").put("id", id).toString();
    }

    static String reset(String id, String device) {
        return JSON.createObjectNode()
                .put("type", "reset")
                .put("id", id)
                .put("device", device)
                .toString();
    }

    static ObjectMapper mapper() {
        return JSON;
    }
}
