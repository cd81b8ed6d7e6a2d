package io.hilbridge.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import io.hilbridge.api.Schemas;
import io.hilbridge.api.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A second MQTT client plays Home Assistant against the real bridge (simulated board) through a real Mosquitto:
 * discovery, the example command from the issue, the board's own changes, retained state, and a WebSocket client's
 * view agreeing with MQTT's.
 */
class MqttHomeAssistantTest {
    private static MosquittoBroker broker;
    private static BridgeWithMqtt rig;
    private static HaClient ha;
    private static MqttTopics t;

    @BeforeAll
    static void start() throws Exception {
        broker = MosquittoBroker.plain();
        ha = HaClient.connect(broker.port(), "hilbridge/#", "homeassistant/#");
        rig = BridgeWithMqtt.start(MqttConfig.of(URI.create(broker.tcpUrl()), "ha1"));
        t = rig.topics();
        ha.awaitPayload(t.status(), "online"::equals, "the bridge's status");
    }

    @AfterAll
    static void stop() {
        if (rig != null) rig.close();
        if (ha != null) ha.close();
        if (broker != null) broker.close();
    }

    @Test
    void discoveryAnnouncesEveryLightWithItsCapabilities() {
        JsonNode doc = ha.awaitJson("homeassistant/device/ha1_board0/config", d -> d.has("cmps"), "discovery");
        Schemas.assertValid("mqtt-discovery.json", doc);
        assertThat(doc.path("dev").path("ids").get(0).asText()).isEqualTo("hilbridge_ha1_board0");
        assertThat(doc.path("dev").path("name").asText()).isNotBlank();
        assertThat(doc.path("dev").path("sw").asText())
                .as("the firmware version")
                .isNotBlank();
        assertThat(doc.path("o").path("name").asText()).isEqualTo("hilbridge");
        assertThat(doc.path("o").path("sw").asText()).isEqualTo(rig.bridge.api().bridgeVersion());
        JsonNode cmps = doc.path("cmps");
        assertThat(cmps.size()).as("one component per light").isEqualTo(4);
        List<String> modes = List.of("onoff", "brightness", "rgb", "rgb");
        List<String> names = List.of("Status LED", "Desk lamp", "RGB LED", "Strip");
        List<List<String>> effects = List.of(
                List.of("none", "blink"),
                List.of("none", "blink", "breathe"),
                List.of("none", "blink", "breathe", "rainbow"),
                List.of("none", "blink", "breathe", "rainbow"));
        Set<String> uniqueIds = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            JsonNode c = cmps.path("light" + i);
            assertThat(c.path("p").asText()).isEqualTo("light");
            assertThat(c.path("schema").asText()).isEqualTo("json");
            assertThat(c.path("name").asText()).isEqualTo(names.get(i));
            assertThat(c.path("supported_color_modes")).hasSize(1);
            assertThat(c.path("supported_color_modes").get(0).asText())
                    .as("light %d", i)
                    .isEqualTo(modes.get(i));
            assertThat(c.path("brightness_scale").asInt()).isEqualTo(255);
            assertThat(c.path("effect").asBoolean()).isTrue();
            assertThat(texts(c.path("effect_list"))).as("light %d's effects", i).isEqualTo(effects.get(i));
            assertThat(c.path("command_topic").asText()).isEqualTo(t.set("board0", i));
            assertThat(c.path("state_topic").asText()).isEqualTo(t.state("board0", i));
            assertThat(texts(c.path("availability"))).containsExactly(t.status(), t.availability("board0"));
            assertThat(c.path("availability_mode").asText()).isEqualTo("all");
            uniqueIds.add(c.path("unique_id").asText());
        }
        assertThat(uniqueIds).as("unique ids").hasSize(4);
        assertThat(ha.payload(t.availability("board0"))).isEqualTo("online");
        assertThat(ha.payload(t.status())).isEqualTo("online");
    }

    private static List<String> texts(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false)
                .map(n -> n.isObject() ? n.path("topic").asText() : n.asText())
                .toList();
    }

    @Test
    void theExampleCommandReachesTheBoardTheRetainedStateAndEveryWebSocketClient() throws Exception {
        try (WsClient ws = WsClient.connect("ws", rig.wsUri())) {
            ws.hello.get(5, java.util.concurrent.TimeUnit.SECONDS);
            JsonNode reply = ha.commandAndWait(
                    t.set("board0", 2),
                    "{\"state\":\"ON\",\"brightness\":128,\"color\":{\"r\":0,\"g\":255,\"b\":0},\"transition\":1}");
            assertThat(reply.path("type").asText()).as(reply.toString()).isEqualTo("ack");
            Schemas.assertValid("mqtt-reply.json", reply);

            JsonNode state = ha.awaitJson(
                    t.state("board0", 2),
                    s -> s.path("brightness").asInt() == 128
                            && s.path("color").path("g").asInt() == 255,
                    "the new state");
            Schemas.assertValid("mqtt-state.json", state);
            assertThat(state.path("state").asText()).isEqualTo("ON");
            assertThat(state.path("color_mode").asText()).isEqualTo("rgb");
            assertThat(state.path("color").path("r").asInt()).isZero();
            assertThat(state.path("color").path("b").asInt()).isZero();

            var board = rig.board("board0").lights().get(2);
            assertThat(board.on()).as("the board itself").isTrue();
            assertThat(board.brightness()).isEqualTo(128);
            assertThat(board.color().hex()).isEqualTo("#00ff00");

            await("the WebSocket client's view").atMost(Duration.ofSeconds(10)).until(() -> {
                JsonNode v = ws.view().get("board0:2");
                return v != null
                        && v.path("on").asBoolean()
                        && v.path("brightness").asInt() == 128
                        && v.path("color").asText().equals("#00ff00");
            });

            // A client arriving later (Home Assistant after a restart) gets the state from the broker, retained.
            try (HaClient late = HaClient.connect(broker.port(), t.state("board0", 2))) {
                late.awaitJson(t.state("board0", 2), s -> s.equals(state), "the retained state");
                assertThat(late.received.get(0).retained()).isTrue();
            }
        }
    }

    @Test
    void aChangeIsPublishedOnceRetainedAndANonChangeNotAtAll() {
        String topic = t.state("board0", 0);
        boolean wasOn = ha.awaitJson(topic, s -> true, "light 0's state")
                .path("state")
                .asText()
                .equals("ON");
        long before = ha.count(topic);
        rig.board("board0").pressButton(0);
        JsonNode s =
                ha.awaitJson(topic, n -> n.path("state").asText().equals(wasOn ? "OFF" : "ON"), "the toggled light");
        Schemas.assertValid("mqtt-state.json", s);
        assertThat(s.has("brightness")).as("an on/off light has no brightness").isFalse();
        // The same command twice: the board reports its state after each, but only the first is a change.
        String same = "{\"state\":\"" + (wasOn ? "OFF" : "ON") + "\"}";
        assertThat(ha.commandAndWait(t.set("board0", 0), same).path("type").asText())
                .isEqualTo("ack");
        assertThat(ha.commandAndWait(t.set("board0", 0), same).path("type").asText())
                .isEqualTo("ack");
        // Home Assistant restarting makes the bridge announce the board again, but its states are retained already.
        String config = "homeassistant/device/ha1_board0/config";
        long configs = ha.count(config);
        ha.publish("homeassistant/status", "online", false);
        await("discovery again").atMost(Duration.ofSeconds(10)).until(() -> ha.count(config) > configs);
        // A later change on another topic arrives after any repeat of light 0's state would have (one connection,
        // in order).
        int marker = (int) (before % 200) + 7;
        assertThat(ha.commandAndWait(t.set("board0", 1), "{\"state\":\"ON\",\"brightness\":" + marker + "}")
                        .path("type")
                        .asText())
                .isEqualTo("ack");
        ha.awaitJson(t.state("board0", 1), n -> n.path("brightness").asInt() == marker, "the marker");
        assertThat(ha.count(topic) - before)
                .as("state messages for one button press, two no-op commands and Home Assistant coming online")
                .isEqualTo(1);
    }

    @Test
    void homeAssistantComingOnlineGetsTheDiscoveryAgain() {
        String topic = "homeassistant/device/ha1_board0/config";
        ha.awaitJson(topic, d -> d.has("cmps"), "discovery");
        long before = ha.count(topic);
        ha.publish("homeassistant/status", "online", false);
        await("discovery published again").atMost(Duration.ofSeconds(10)).until(() -> ha.count(topic) > before);
    }
}
