package io.hilbridge.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hilbridge.api.ApiJson;
import io.hilbridge.api.Schemas;
import io.hilbridge.lights.BoardInfo;
import io.hilbridge.lights.LightInfo;
import io.hilbridge.lights.LightKind;
import io.hilbridge.sim.SimulatedBoard;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The discovery document against the spec's schema, including a light without effects. */
class HaDiscoveryTest {
    private final MqttTopics topics = new MqttTopics(MqttConfig.of(URI.create("tcp://h"), "lab1"));
    private final HaDiscovery discovery = new HaDiscovery(topics, "lab1", "1.2.3");

    @Test
    void everyLightIsAComponentAndTheSchemaHolds() throws Exception {
        BoardInfo info = new BoardInfo(1, "fw-9", 7, SimulatedBoard.DEFAULT_LIGHTS);
        JsonNode doc = ApiJson.MAPPER.readTree(discovery.config("board0", info));
        Schemas.assertValid("mqtt-discovery.json", doc);
        assertThat(doc.path("cmps").size()).isEqualTo(4);
        assertThat(doc.path("dev").path("sw").asText()).isEqualTo("fw-9");
        assertThat(doc.path("cmps").path("light3").path("unique_id").asText()).isEqualTo("hilbridge_lab1_board0_3");

        ((ObjectNode) doc.path("cmps").path("light1")).remove("unique_id");
        assertThat(Schemas.errors("mqtt-discovery.json", doc))
                .as("the schema requires unique ids")
                .isNotEmpty();
    }

    @Test
    void aLightWithoutEffectsSaysSoAndHasNoList() throws Exception {
        BoardInfo info = new BoardInfo(1, "fw", 7, List.of(new LightInfo(0, "Plain", LightKind.ONOFF, 1, Set.of())));
        JsonNode doc = ApiJson.MAPPER.readTree(discovery.config("board0", info));
        Schemas.assertValid("mqtt-discovery.json", doc);
        assertThat(doc.path("cmps").path("light0").path("effect").asBoolean()).isFalse();
        assertThat(doc.path("cmps").path("light0").has("effect_list")).isFalse();
    }
}
