package io.hilbridge.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import io.hilbridge.api.LightTarget;
import io.hilbridge.api.SetRequest;
import io.hilbridge.lights.LightChange;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bridge against a broker that is down, restarts, refuses the credentials, or speaks TLS: the bridge always
 * serves its boards locally, says what happens in one log line, and publishes everything again when the broker is
 * back (Mosquitto runs without persistence, so a restart loses every retained message).
 */
class MqttResilienceTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** The bridge's own commands still work: the page, REST and WebSocket do not need the broker. */
    private static void assertServesLocally(BridgeWithMqtt rig) throws Exception {
        rig.bridge
                .api()
                .execute(new SetRequest(
                        "board0", LightTarget.of(List.of(1)), new LightChange(true, 33, null, null, null)))
                .get(10, TimeUnit.SECONDS);
        assertThat(rig.board("board0").lights().get(1).brightness()).isEqualTo(33);
    }

    @Test
    void brokerDownAtStartIsRetriedWithOneLogLineAndEverythingIsPublishedWhenItComes() throws Exception {
        MosquittoBroker.require();
        int port = MosquittoBroker.freePort();
        try (LogCapture log = new LogCapture(BrokerConnection.class);
                BridgeWithMqtt rig =
                        BridgeWithMqtt.start(MqttConfig.of(URI.create("tcp://127.0.0.1:" + port), "late"))) {
            await("two failed attempts").atMost(WAIT).until(() -> rig.mqtt().failedConnects() >= 2);
            assertServesLocally(rig);
            try (MosquittoBroker broker = MosquittoBroker.onPort(port);
                    HaClient ha = HaClient.connect(port, "hilbridge/#", "homeassistant/#")) {
                rig.awaitMqttConnected();
                ha.awaitPayload("hilbridge/late/status", "online"::equals, "status");
                ha.awaitJson(
                        "hilbridge/late/board0/1/state",
                        s -> s.path("brightness").asInt() == 33,
                        "the state");
                ha.awaitJson("homeassistant/device/late_board0/config", d -> d.has("cmps"), "discovery");
                assertThat(log.lines("unreachable"))
                        .as("one line for the outage, not one per attempt")
                        .hasSize(1);
                assertThat(log.lines("is back")).hasSize(1);
            }
        }
    }

    @Test
    void brokerRestartMeansResubscribeAndRepublish() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.plain();
                BridgeWithMqtt rig = BridgeWithMqtt.start(MqttConfig.of(URI.create(broker.tcpUrl()), "restart"))) {
            rig.awaitMqttConnected();
            broker.stop();
            await("the bridge noticed").atMost(WAIT).until(() -> !rig.mqtt().connected());
            assertServesLocally(rig);
            broker.start(); // without persistence: no retained message survived
            try (HaClient ha = HaClient.connect(broker.port(), "hilbridge/#", "homeassistant/#")) {
                ha.awaitPayload("hilbridge/restart/status", "online"::equals, "status republished");
                ha.awaitPayload("hilbridge/restart/board0/availability", "online"::equals, "availability republished");
                ha.awaitJson("homeassistant/device/restart_board0/config", d -> d.has("cmps"), "discovery republished");
                ha.awaitJson(
                        "hilbridge/restart/board0/1/state",
                        s -> s.path("brightness").asInt() == 33,
                        "the state changed during the outage, republished");
                JsonNode reply = ha.commandAndWait("hilbridge/restart/board0/2/set", "{\"state\":\"ON\"}");
                assertThat(reply.path("type").asText())
                        .as("commands arrive: resubscribed")
                        .isEqualTo("ack");
            }
        }
    }

    @Test
    void wrongPasswordIsReportedOnceAndTheBridgeRunsLocally() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.withPassword("hass", "right-one");
                LogCapture log = new LogCapture(BrokerConnection.class)) {
            MqttConfig base = MqttConfig.of(URI.create(broker.tcpUrl()), "pw");
            try (BridgeWithMqtt rig =
                    BridgeWithMqtt.start(base.withCredentials("hass", "wrong".getBytes(StandardCharsets.UTF_8)))) {
                await("the refusal logged")
                        .atMost(WAIT)
                        .until(() ->
                                !log.lines("refused the bridge's credentials").isEmpty());
                assertServesLocally(rig);
                assertThat(rig.mqtt().connected()).isFalse();
                assertThat(log.lines("refused the bridge's credentials").get(0)).contains("NOT_AUTHORIZED");
                assertThat(rig.mqtt().failedConnects())
                        .as("no retries after a refusal")
                        .isEqualTo(1);
            }
            try (BridgeWithMqtt rig = BridgeWithMqtt.start(
                            base.withCredentials("hass", "right-one".getBytes(StandardCharsets.UTF_8)));
                    HaClient ha = HaClient.connectAs(broker.port(), "hass", "right-one", "hilbridge/#")) {
                rig.awaitMqttConnected();
                ha.awaitPayload("hilbridge/pw/status", "online"::equals, "status with the right password");
            }
        }
    }

    @Test
    void tlsWithTheGivenCaConnectsAndAnotherCaIsRefused() throws Exception {
        MosquittoBroker.require();
        TestCerts certs = TestCerts.generate();
        try (MosquittoBroker broker = MosquittoBroker.withTls(certs)) {
            URI url = URI.create("ssl://127.0.0.1:" + broker.port());
            try (BridgeWithMqtt rig =
                    BridgeWithMqtt.start(MqttConfig.of(url, "tls").withCaFile(certs.ca()))) {
                rig.awaitMqttConnected();
                assertThat(rig.mqtt().retainedPublished())
                        .as("it publishes over TLS")
                        .isPositive();
            }
            try (BridgeWithMqtt rig =
                    BridgeWithMqtt.start(MqttConfig.of(url, "tls2").withCaFile(certs.otherCa()))) {
                await("a failed TLS attempt")
                        .atMost(WAIT)
                        .until(() -> rig.mqtt().failedConnects() >= 1);
                assertThat(rig.mqtt().connected())
                        .as("a broker certificate from another CA")
                        .isFalse();
                assertServesLocally(rig);
            }
        }
    }
}
