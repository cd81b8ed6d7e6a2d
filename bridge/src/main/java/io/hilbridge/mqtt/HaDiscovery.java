package io.hilbridge.mqtt;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hilbridge.api.ApiJson;
import io.hilbridge.lights.BoardInfo;
import io.hilbridge.lights.Effect;
import io.hilbridge.lights.LightInfo;

import java.util.Collection;

/**
 * The Home Assistant device-based discovery document of one board (protocol-spec/mqtt.md section 5): {@code dev},
 * {@code o} and one {@code light} component per light in {@code cmps}. Also the bridge's list of announced devices.
 *
 * <p>Immutable and thread-safe.
 */
public final class HaDiscovery {
    private final MqttTopics topics;
    private final String bridgeId;
    private final String bridgeVersion;

    public HaDiscovery(MqttTopics topics, String bridgeId, String bridgeVersion) {
        this.topics = topics;
        this.bridgeId = bridgeId;
        this.bridgeVersion = bridgeVersion;
    }

    /** The retained config payload for {@code device}. */
    public byte[] config(String device, BoardInfo info) {
        ObjectNode doc = ApiJson.object();
        ObjectNode dev = doc.putObject("dev");
        dev.putArray("ids").add(uniqueId(device));
        dev.put("name", "hilbridge " + bridgeId + " " + device);
        dev.put("mf", "hilbridge");
        dev.put("mdl", "ESP32 lights board");
        dev.put("sw", info.firmwareVersion());
        ObjectNode o = doc.putObject("o");
        o.put("name", "hilbridge");
        o.put("sw", bridgeVersion);
        o.put("url", "https://github.com/hilbridge/hilbridge");
        ObjectNode cmps = doc.putObject("cmps");
        for (LightInfo light : info.lights()) cmps.set("light" + light.id(), light(device, light));
        return HaLightJson.bytes(doc);
    }

    private ObjectNode light(String device, LightInfo light) {
        ObjectNode c = ApiJson.object();
        c.put("p", "light");
        c.put("schema", "json");
        c.put("name", light.name());
        c.put("unique_id", uniqueId(device) + "_" + light.id());
        c.put("command_topic", topics.set(device, light.id()));
        c.put("state_topic", topics.state(device, light.id()));
        c.putArray("supported_color_modes").add(HaLightJson.colorMode(light.kind()));
        c.put("brightness_scale", 255);
        c.put("effect", !light.effects().isEmpty());
        if (!light.effects().isEmpty()) {
            ArrayNode list = c.putArray("effect_list").add(Effect.NONE.apiName());
            // In the protocol's order, not the set's: the list Home Assistant shows stays the same every time.
            for (Effect e : Effect.values()) {
                if (light.effects().contains(e) && e != Effect.NONE) list.add(e.apiName());
            }
        }
        c.put("flash", false);
        ArrayNode availability = c.putArray("availability");
        availability.addObject().put("topic", topics.status());
        availability.addObject().put("topic", topics.availability(device));
        c.put("availability_mode", "all");
        c.put("qos", 1);
        return c;
    }

    private String uniqueId(String device) {
        return "hilbridge_" + topics.discoveryId(device);
    }

    /** The retained list of announced devices, {@code {"devices":[...]}}. */
    public static byte[] deviceList(Collection<String> devices) {
        ObjectNode doc = ApiJson.object();
        ArrayNode a = doc.putArray("devices");
        devices.forEach(a::add);
        return HaLightJson.bytes(doc);
    }
}
