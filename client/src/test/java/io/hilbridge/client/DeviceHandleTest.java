package io.hilbridge.client;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import static io.hilbridge.client.ClientLifecycleTest.HELLO;
import static io.hilbridge.client.ClientLifecycleTest.STATE_ON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link DeviceHandle} (client/README.md): the client's calls for one device without its id, each giving what the
 * client's call gives, against a {@link ScriptedBridge} that acks every {@code set}; and the client's waits for a
 * status and for log lines ({@code skipLog} starts afresh), which the handle passes on.
 */
class DeviceHandleTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String OFFLINE = "{\"type\":\"device\",\"device\":\"board0\",\"status\":\"offline\","
            + "\"firmware\":\"0.1.0\",\"protocolVersion\":1,\"transport\":\"script\",\"lights\":[{\"id\":0,\"name\":"
            + "\"Status LED\",\"kind\":\"onoff\",\"pixels\":1,\"effects\":[\"blink\"]}]}";

    private ScriptedBridge bridge;
    private HilbridgeClient client;
    private DeviceHandle board;

    private static String log(int seq, String text) {
        return "{\"type\":\"log\",\"device\":\"board0\",\"seq\":" + seq + ",\"time\":\"2026-12-06T23:51:07.318Z\","
                + "\"level\":\"info\",\"source\":\"log\",\"text\":\"" + text + "\",\"dropped\":0}";
    }

    @BeforeEach
    void connect() {
        bridge = new ScriptedBridge(HELLO);
        bridge.answer(text -> {
            JsonNode m = ClientLifecycleTest.json(text);
            return List.of(
                    "{\"type\":\"ack\",\"id\":\"" + m.path("id").asText() + "\",\"device\":\"board0\",\"light\":0}");
        });
        client = HilbridgeClient.connect(
                bridge.ws(), null, ClientOptions.defaults().withReconnect(false));
        board = client.board("board0");
    }

    @AfterEach
    void close() {
        client.close();
        bridge.close();
    }

    @Test
    void itNamesItsDevice() {
        assertThat(board.id()).isEqualTo("board0");
        assertThat(board).hasToString("DeviceHandle[board0]");
    }

    @Test
    void setAndConfirmGiveTheBridgesAckForTheDevice() {
        Ack set = board.set(0, LightChange.turnOn()).join();
        Ack confirmed = board.confirm(0, LightChange.turnOff());
        Ack list = board.set(Lights.all(), LightChange.turnOff()).join();

        assertThat(List.of(set, confirmed, list)).extracting(Ack::device).containsOnly("board0");
        assertThat(set.lights().ids()).containsExactly(0);
        assertThat(confirmed.lights().ids()).containsExactly(0);
        assertThat(list.lights().isAll()).isTrue();
        assertThat(bridge.received)
                .extracting(t -> ClientLifecycleTest.json(t).path("device").asText())
                .containsExactly("board0", "board0", "board0");
    }

    @Test
    void stateAndAwaitStateGiveTheConfirmedStateAndAnUnknownLightFailsAtOnce() {
        assertThat(board.state(0).on()).isFalse();
        assertThatThrownBy(() -> board.state(1))
                .isInstanceOfSatisfying(
                        HilbridgeException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNKNOWN_LIGHT))
                .hasMessage("unknown_light: board0 has no light 1");

        bridge.send(STATE_ON);

        assertThat(board.awaitState(0, LightChange.turnOn(), WAIT).on()).isTrue();
        assertThat(board.awaitState(0, LightState::on, WAIT).on()).isTrue();
    }

    @Test
    void awaitStatusWaitsForTheStatusAndGivesTheDevice() {
        assertThatThrownBy(() -> board.awaitStatus(DeviceStatus.OFFLINE, Duration.ZERO))
                .as("online is not offline")
                .isInstanceOfSatisfying(
                        HilbridgeException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CLIENT_TIMEOUT));
        bridge.send(OFFLINE);

        Device d = board.awaitStatus(DeviceStatus.OFFLINE, WAIT);

        assertThat(d.id()).isEqualTo("board0");
        assertThat(d.status()).isEqualTo(DeviceStatus.OFFLINE);
    }

    @Test
    void awaitLogTakesTheNextMatchingLineAndSkipLogStartsAfterTheLinesReceived() {
        bridge.send(log(1, "boot done"));
        await("the first log line received")
                .atMost(WAIT)
                .until(() -> board.logLines().size() == 1);
        assertThat(board.logLines()).extracting(LogLine::text).containsExactly("boot done");

        client.skipLog("board0");
        bridge.send(log(2, "tick 1"));

        assertThat(board.awaitLog(Pattern.compile("."), WAIT).text())
                .as("the line before skipLog is not looked at")
                .isEqualTo("tick 1");
        assertThatThrownBy(() -> client.awaitLog("board7", Pattern.compile("."), WAIT))
                .as("an unknown device fails at once")
                .isInstanceOfSatisfying(
                        HilbridgeException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNKNOWN_DEVICE));
    }
}
