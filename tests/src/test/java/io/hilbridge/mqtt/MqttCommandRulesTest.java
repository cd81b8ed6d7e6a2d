package io.hilbridge.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import io.hilbridge.api.Schemas;
import io.hilbridge.api.WsClient;
import io.hilbridge.lights.LightState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules of MQTT commands through a real Mosquitto: every kind of bad payload is refused with its stable code on
 * the response topic and one log line, moving no light and disturbing no other client; a retained command never
 * moves a light; two bridges share a broker; a board configured away loses its discovery.
 */
class MqttCommandRulesTest {
    private static MosquittoBroker broker;
    private static BridgeWithMqtt rig;
    private static HaClient ha;
    private static MqttTopics t;

    @BeforeAll
    static void start() throws Exception {
        broker = MosquittoBroker.plain();
        ha = HaClient.connect(broker.port(), "hilbridge/#", "homeassistant/#");
        rig = BridgeWithMqtt.start(MqttConfig.of(URI.create(broker.tcpUrl()), "rules"));
        t = rig.topics();
        ha.awaitPayload(t.status(), "online"::equals, "the bridge's status");
    }

    @AfterAll
    static void stop() {
        if (rig != null) rig.close();
        if (ha != null) ha.close();
        if (broker != null) broker.close();
    }

    private record Bad(String topic, byte[] payload, String code) {
        Bad(String topic, String payload, String code) {
            this(topic, payload.getBytes(StandardCharsets.UTF_8), code);
        }
    }

    @Test
    void badPayloadsAreRefusedWithTheirCodeAndOneLogLineEachAndMoveNothing() throws Exception {
        byte[] huge = new byte[1_000_000];
        Arrays.fill(huge, (byte) ' ');
        huge[0] = '{';
        huge[huge.length - 1] = '}';
        List<Bad> bad = List.of(
                new Bad(t.set("board0", 2), "not json", "bad_request"),
                new Bad(t.set("board0", 2), "[1,2]", "bad_request"),
                new Bad(t.set("board0", 2), "{\"state\":1}", "bad_request"),
                new Bad(t.set("board0", 2), "{\"state\":\"on\"}", "bad_request"),
                new Bad(t.set("board0", 2), "{\"brightness\":\"high\"}", "bad_request"),
                new Bad(t.set("board0", 2), "{\"color\":\"#ff0000\"}", "bad_request"),
                new Bad(t.set("board0", 2), "{\"state\":\"ON\",\"brigthness\":5}", "bad_request"),
                new Bad(t.set("board0", 2), "{}", "bad_request"),
                new Bad(t.set("board0", 2), "{\"brightness\":300}", "out_of_range"),
                new Bad(t.set("board0", 2), "{\"color\":{\"r\":0,\"g\":0,\"b\":999}}", "out_of_range"),
                new Bad(t.set("board0", 2), "{\"state\":\"ON\",\"transition\":99}", "out_of_range"),
                new Bad(t.set("board0", 2), "{\"effect\":\"disco\"}", "out_of_range"),
                new Bad(t.set("board0", 0), "{\"brightness\":10}", "unsupported"),
                new Bad(t.set("board0", 9), "{\"state\":\"ON\"}", "unknown_light"),
                new Bad("hilbridge/rules/board0/x/set", "{\"state\":\"ON\"}", "unknown_light"),
                new Bad("hilbridge/rules/board7/0/set", "{\"state\":\"ON\"}", "unknown_device"),
                new Bad(t.set("board0", 2), huge, "too_large"));
        List<LightState> before = rig.board("board0").lights();
        try (WsClient ws = WsClient.connect("bystander", rig.wsUri());
                LogCapture log = new LogCapture(MqttCommands.class)) {
            ws.hello.get(5, TimeUnit.SECONDS);
            for (Bad b : bad) {
                JsonNode reply = ha.command(b.topic(), b.payload()).get(15, TimeUnit.SECONDS);
                String shown = b.payload().length > 80
                        ? b.payload().length + " bytes"
                        : new String(b.payload(), StandardCharsets.UTF_8);
                assertThat(reply.path("type").asText()).as(shown).isEqualTo("error");
                assertThat(reply.path("code").asText()).as(shown + ": " + reply).isEqualTo(b.code());
                Schemas.assertValid("mqtt-reply.json", reply);
            }
            assertThat(rig.board("board0").lights()).as("no light moved").isEqualTo(before);
            assertThat(log.lines("refused"))
                    .as("one log line per refused command")
                    .hasSize(bad.size());

            // The bridge, its MQTT side and its other clients carry on.
            JsonNode ok = ha.commandAndWait(t.set("board0", 1), "{\"state\":\"ON\",\"brightness\":77}");
            assertThat(ok.path("type").asText()).isEqualTo("ack");
            org.awaitility.Awaitility.await("the bystander sees the good command")
                    .atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> ws.view().get("board0:1") != null
                            && ws.view().get("board0:1").path("brightness").asInt() == 77);
            assertThat(ws.closed).as("the WebSocket client stays connected").isNotDone();
        }
    }

    @Test
    void aRetainedCommandNeverMovesALight() throws Exception {
        try (BridgeWithMqtt other = BridgeWithMqtt.start(MqttConfig.of(URI.create(broker.tcpUrl()), "replayed"))) {
            MqttTopics ot = other.topics();
            ha.awaitPayload(ot.status(), "online"::equals, "the second bridge's status");
            other.stopMqtt();
            ha.awaitPayload(ot.status(), "offline"::equals, "the second bridge going away");
            // Someone published a command retained while the bridge was away: the broker keeps it for new subscribers.
            ha.publish(ot.set("board0", 1), "{\"state\":\"ON\",\"brightness\":200}", true);
            other.startMqtt();
            ha.awaitPayload(ot.status(), "online"::equals, "the second bridge back");
            // A live command sent after the bridge subscribed is handled after anything the broker replayed.
            JsonNode marker = ha.commandAndWait(ot.set("board0", 2), "{\"state\":\"ON\"}");
            assertThat(marker.path("type").asText()).isEqualTo("ack");
            assertThat(other.board("board0").lights().get(1).on())
                    .as("the retained command moved light 1")
                    .isFalse();
        } finally {
            ha.publish("hilbridge/replayed/board0/1/set", new byte[0], true); // clears the retained command
        }
    }

    @Test
    void twoBridgesWithTheirOwnIdsShareOneBroker() {
        try (BridgeWithMqtt second = BridgeWithMqtt.start(MqttConfig.of(URI.create(broker.tcpUrl()), "second"))) {
            ha.awaitJson(
                    "homeassistant/device/second_board0/config", d -> d.has("cmps"), "the second bridge's discovery");
            ha.awaitJson(
                    "homeassistant/device/rules_board0/config", d -> d.has("cmps"), "the first bridge's discovery");
            boolean firstWasOn = rig.board("board0").lights().get(3).on();
            JsonNode reply =
                    ha.commandAndWait(second.topics().set("board0", 3), "{\"state\":\"ON\",\"effect\":\"rainbow\"}");
            assertThat(reply.path("type").asText()).isEqualTo("ack");
            assertThat(second.board("board0").lights().get(3).on()).isTrue();
            ha.awaitJson(
                    second.topics().state("board0", 3),
                    s -> s.path("effect").asText().equals("rainbow"),
                    "its state");
            assertThat(rig.board("board0").lights().get(3).on())
                    .as("the other bridge's board")
                    .isEqualTo(firstWasOn);
            assertThat(ha.payload(t.status()))
                    .as("the first bridge is still online")
                    .isEqualTo("online");
        }
    }

    @Test
    void aBoardConfiguredAwayIsRemovedFromHomeAssistant() {
        URI url = URI.create(broker.tcpUrl());
        String gone = "homeassistant/device/shrinking_board1/config";
        try (BridgeWithMqtt two = BridgeWithMqtt.start(2, MqttConfig.of(url, "shrinking"))) {
            ha.awaitJson(gone, d -> d.has("cmps"), "board1's discovery");
            ha.awaitJson("hilbridge/shrinking/devices", d -> d.path("devices").size() == 2, "the device list");
        }
        try (BridgeWithMqtt one = BridgeWithMqtt.start(1, MqttConfig.of(url, "shrinking"))) {
            ha.awaitPayload(gone, String::isEmpty, "board1's discovery removed (empty retained config)");
            ha.awaitJson("hilbridge/shrinking/devices", d -> d.path("devices").size() == 1, "the new device list");
            assertThat(ha.payload("homeassistant/device/shrinking_board0/config"))
                    .isNotEmpty();
        }
    }
}
