package io.hilbridge.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.Effect;
import io.hilbridge.lights.LightFault;
import io.hilbridge.lights.LightState;
import io.hilbridge.lights.Rgb;
import io.hilbridge.lights.StateCause;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins the exact bytes (key order included) of every WebSocket message: the hello, each reply, each broadcast. The
 * schema tests accept any key order; this one makes sure that how {@link ApiJson} builds the messages cannot change
 * what clients receive unnoticed.
 */
class ApiJsonTest {
    private final FakeBoardLink board = FakeBoardLink.standard("board0");
    private final ApiService api = new ApiService(List.of(board), "9.9.9", Duration.ofSeconds(5));
    private final FakeWebSocket ws = new FakeWebSocket();
    private final Transcript transcript = new Transcript();

    @AfterEach
    void close() {
        api.close();
    }

    private void sendsSinceLast(int before) {
        for (String m : ws.sent.subList(before, ws.sent.size())) transcript.sent(m);
    }

    private void client(String message) {
        int before = ws.sent.size();
        transcript.did(message);
        api.onText(ws, message);
        sendsSinceLast(before);
    }

    private void boardDoes(String what, Runnable action) {
        int before = ws.sent.size();
        transcript.did("board: " + what);
        action.run();
        sendsSinceLast(before);
    }

    @Test
    void everyMessageKeepsItsExactBytes() throws Exception {
        board.boardChanges(2, new LightState(true, 128, new Rgb(255, 136, 0), Effect.BREATHE), StateCause.BUTTON);
        board.boardFault(3, Optional.of(LightFault.OUTPUT_STUCK));
        transcript.did("connect");
        api.onOpen(ws);
        sendsSinceLast(0);

        client("{\"type\":\"get\",\"id\":\"g\"}");
        client("{\"type\":\"get\"}");
        client("{\"type\":\"stats\",\"id\":1,\"device\":\"board0\"}");
        client("{\"type\":\"stats\"}");
        client("{\"type\":\"set\",\"id\":2,\"light\":1,\"on\":true,\"brightness\":77}");
        client("{\"type\":\"set\",\"id\":\"pair\",\"light\":[2,0],\"on\":false}");
        client("{\"type\":\"set\",\"light\":\"all\",\"on\":true}");
        client("{\"type\":\"reset\",\"id\":\"r\"}");
        client("{\"type\":\"reset\",\"device\":\"nope\"}");
        client("{\"type\":\"dance\",\"id\":5}");
        client("{\"type\":\"set\",\"id\":6,\"light\":9,\"on\":true}");

        boardDoes("status resyncing", () -> board.status(DeviceStatus.RESYNCING));
        boardDoes("fault cleared on 3", () -> board.boardFault(3, Optional.empty()));
        boardDoes("fault on 1", () -> board.boardFault(1, Optional.of(LightFault.UNKNOWN)));
        boardDoes("hello", () -> board.hello(FakeBoardLink.standardInfo()));
        boardDoes(
                "button on 0",
                () -> board.boardChanges(
                        0, new LightState(true, 255, new Rgb(1, 2, 3), Effect.NONE), StateCause.BUTTON));
        client("{\"type\":\"pixels.subscribe\"}");
        boardDoes(
                "pixels of 3",
                () -> board.boardShows(new io.hilbridge.link.Messages.Pixels(
                        3, 0, new byte[] {(byte) 255, 0, 0, 0, (byte) 128, (byte) 255})));

        transcript.assertMatchesGolden(ApiJsonTest.class);
    }

    /** defs.json, a light's "state" and "desired": null until the board reported them (after a HELLO, before STATE). */
    @Test
    void statesAreNullUntilTheBoardReportedThem() {
        board.forgetStates();
        ObjectNode hello = ApiJson.helloMessage("9.9.9", ApiJson.devices(List.of(board)));
        Schemas.assertValid("server-message.json", hello);
        for (JsonNode light : hello.at("/devices/0/lights")) {
            assertThat(light.get("state").isNull()).as("state of %s", light).isTrue();
            assertThat(light.get("desired").isNull()).as("desired of %s", light).isTrue();
        }
        board.setInfo(FakeBoardLink.standardInfo());
        assertThat(ApiJson.devices(List.of(board)).at("/0/lights/3/state/on").isBoolean())
                .as("reported again")
                .isTrue();
    }

    /** The REST error body (rest-error.json): the stable code and the message, nothing else. */
    @Test
    void aRestErrorBodyHoldsTheCodeAndTheMessage() {
        ObjectNode body = ApiJson.errorBody("unknown_light", "light 9 does not exist");
        Schemas.assertValid("rest-error.json", body);
        assertThat(body.toString()).isEqualTo("{\"code\":\"unknown_light\",\"message\":\"light 9 does not exist\"}");
    }
}
