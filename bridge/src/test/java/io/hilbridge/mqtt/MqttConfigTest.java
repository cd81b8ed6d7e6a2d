package io.hilbridge.mqtt;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The MQTT configuration's rules, and the topic names built from it. */
class MqttConfigTest {

    @Test
    void theDefaultBridgeIdIsTheHostNameInTheCharactersHomeAssistantAllows() {
        assertThat(MqttConfig.bridgeIdFrom("Lab-PC.example.org")).isEqualTo("lab-pc_example_org");
        assertThat(MqttConfig.bridgeIdFrom("")).isEqualTo("hilbridge");
        assertThat(MqttConfig.ID.matcher(MqttConfig.defaultBridgeId()).matches())
                .isTrue();
    }

    @Test
    void eachRuleIsNamed() {
        URI tcp = URI.create("tcp://localhost");
        assertThatThrownBy(() -> MqttConfig.of(URI.create("http://x"), "a")).hasMessageContaining("tcp://");
        assertThatThrownBy(() -> MqttConfig.of(tcp, "a b")).hasMessageContaining("--bridge-id");
        assertThatThrownBy(() -> MqttConfig.of(tcp, "a").withCaFile(Path.of("ca.pem")))
                .hasMessageContaining("ssl://");
        assertThatThrownBy(() -> MqttConfig.of(tcp, "a").withCredentials(null, new byte[] {1}))
                .hasMessageContaining("--mqtt-user");
        assertThatThrownBy(() -> new MqttConfig(
                        tcp, null, null, null, "a/#", "b", true, "homeassistant", MqttConfig.DEFAULT_KEEP_ALIVE))
                .hasMessageContaining("--mqtt-prefix");
        assertThat(MqttConfig.of(tcp, "a").port()).isEqualTo(1883);
        assertThat(MqttConfig.of(URI.create("ssl://h"), "a").port()).isEqualTo(8883);
    }

    @Test
    void thePasswordIsNeverPrinted() {
        MqttConfig c = MqttConfig.of(URI.create("tcp://h"), "a").withCredentials("u", "hunter2".getBytes());
        assertThat(c.toString()).doesNotContain("hunter2");
    }

    @Test
    void topicsAreBuiltAndSplitInOnePlace() {
        MqttTopics t = new MqttTopics(MqttConfig.of(URI.create("tcp://h"), "lab1"));
        assertThat(t.state("board0", 2)).isEqualTo("hilbridge/lab1/board0/2/state");
        assertThat(t.discovery("board0")).isEqualTo("homeassistant/device/lab1_board0/config");
        assertThat(t.parseSet(t.set("board1", 3))).contains(new MqttTopics.SetTopic("board1", "3"));
        assertThat(t.parseSet("hilbridge/lab1/board1/3/state")).isEmpty();
        assertThat(t.parseSet("hilbridge/lab2/board1/3/set")).isEmpty();
        assertThat(t.parseSet("hilbridge/lab1/a/b/3/set")).isEmpty();
    }
}
