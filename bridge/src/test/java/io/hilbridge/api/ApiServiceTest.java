package io.hilbridge.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.hilbridge.lights.BoardInfo;
import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.Effect;
import io.hilbridge.lights.ErrorCode;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.LightFault;
import io.hilbridge.lights.LightState;
import io.hilbridge.lights.Rgb;
import io.hilbridge.lights.StateCause;
import io.hilbridge.link.BoardLink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static io.hilbridge.api.ApiFixture.json;
import static io.hilbridge.api.ApiFixture.last;
import static io.hilbridge.api.ApiFixture.ofType;
import static org.assertj.core.api.Assertions.assertThat;

class ApiServiceTest {
    @RegisterExtension
    final ApiFixture fx = ApiFixture.twoBoards(Duration.ofMillis(200));

    private final FakeBoardLink board = fx.board;
    private final FakeBoardLink board1 = fx.board1;
    private final ApiService api = fx.api;

    private JsonNode send(FakeWebSocket ws, String message) {
        int before = ws.sent.size();
        api.onText(ws, message);
        assertThat(ws.sent.size()).as("a reply to %s", message).isGreaterThan(before);
        return last(ws);
    }

    private JsonNode error(FakeWebSocket ws, String message, String code) {
        JsonNode reply = send(ws, message);
        assertThat(reply.path("type").asText())
                .as("reply to %s: %s", message, reply)
                .isEqualTo("error");
        assertThat(reply.path("code").asText())
                .as("code for %s (%s)", message, reply)
                .isEqualTo(code);
        assertThat(reply.path("message").asText()).isNotBlank();
        assertThat(ws.isOpen()).as("a bad message never closes the connection").isTrue();
        return reply;
    }

    @Test
    void helloIsFirstAndCarriesVersionsAndEveryDevice() {
        board.boardChanges(2, new LightState(true, 128, new Rgb(255, 136, 0), Effect.NONE), StateCause.BUTTON);
        FakeWebSocket ws = fx.connect();

        JsonNode hello = json(ws.sent.get(0));
        assertThat(hello.path("type").asText()).isEqualTo("hello");
        assertThat(hello.path("apiVersion").asInt()).isEqualTo(1);
        assertThat(hello.path("bridgeVersion").asText()).isEqualTo("9.9.9");
        assertThat(hello.path("devices")).hasSize(2);
        JsonNode d = hello.path("devices").get(0);
        assertThat(d.path("id").asText()).isEqualTo("board0");
        assertThat(d.path("status").asText()).isEqualTo("online");
        assertThat(d.path("firmware").asText()).isEqualTo("0.1.0");
        assertThat(d.path("transport").asText()).isEqualTo("simulated (fake)");
        JsonNode rgb = d.path("lights").get(2);
        assertThat(rgb.path("kind").asText()).isEqualTo("rgb");
        assertThat(rgb.path("effects")).extracting(JsonNode::asText).containsExactly("blink", "breathe", "rainbow");
        assertThat(rgb.path("state").path("on").asBoolean()).isTrue();
        assertThat(rgb.path("state").path("color").asText()).isEqualTo("#ff8800");
        assertThat(d.path("lights").get(3).path("pixels").asInt()).isEqualTo(8);
        assertThat(api.clientCount()).isEqualTo(1);
    }

    @Test
    void setIsAckedAfterTheBoardConfirmsAndTheStateReachesEveryClient() {
        board.mode(FakeBoardLink.Mode.MANUAL);
        FakeWebSocket a = fx.connect();
        FakeWebSocket b = fx.connect();
        api.onText(
                a, "{\"type\":\"set\",\"id\":\"c1\",\"device\":\"board0\",\"light\":1,\"on\":true,\"brightness\":77}");

        assertThat(board.calls).hasSize(1);
        assertThat(board.calls.get(0).light()).isEqualTo(1);
        assertThat(board.calls.get(0).change()).isEqualTo(new LightChange(true, 77, null, null, null));
        assertThat(ofType(a, "ack")).as("no ack before the board confirmed").isEmpty();

        LightState s = new LightState(true, 77, Rgb.WHITE, Effect.NONE);
        board.boardChanges(1, s, StateCause.COMMAND);
        board.calls.get(0).future().complete(null);

        JsonNode ack = last(a);
        assertThat(ack.path("type").asText()).isEqualTo("ack");
        assertThat(ack.path("id").asText()).isEqualTo("c1");
        assertThat(ack.path("device").asText()).isEqualTo("board0");
        assertThat(ack.path("light").asInt()).isEqualTo(1);
        for (FakeWebSocket ws : List.of(a, b)) {
            List<JsonNode> states = ofType(ws, "state");
            assertThat(states).hasSize(1);
            assertThat(states.get(0).path("brightness").asInt()).isEqualTo(77);
            assertThat(states.get(0).path("on").asBoolean()).isTrue();
            assertThat(states.get(0).path("cause").asText()).isEqualTo("command");
        }
        assertThat(ofType(b, "ack")).as("only the sender gets the ack").isEmpty();
    }

    @Test
    void stateIsEncodedOnceAndCarriesAPerLightCoalescingKey() {
        FakeWebSocket a = fx.connect();
        FakeWebSocket b = fx.connect();
        board.boardChanges(3, new LightState(true, 9, Rgb.BLACK, Effect.RAINBOW), StateCause.EFFECT);
        assertThat(a.frames).hasSize(1);
        assertThat(b.frames).hasSize(1);
        assertThat(a.frames.get(0)).isSameAs(b.frames.get(0));
        assertThat(a.frames.get(0).coalesceKey()).isEqualTo("state:board0:3");
        JsonNode st = json(FakeWebSocket.textOf(a.frames.get(0)));
        assertThat(st.path("effect").asText()).isEqualTo("rainbow");
        assertThat(st.path("cause").asText()).isEqualTo("effect");
    }

    @Test
    void severalFieldsAndSeveralLightsAndAll() {
        FakeWebSocket ws = fx.connect();
        JsonNode ack = send(
                ws,
                "{\"type\":\"set\",\"id\":7,\"light\":[2,3,2],\"color\":\"#00FF00\","
                        + "\"brightness\":10,\"transitionMs\":500,\"effect\":\"breathe\",\"on\":true}");
        // light 3 (the strip) offers only rainbow: all-or-nothing, nothing is sent
        assertThat(ack.path("code").asText()).isEqualTo("unsupported");
        assertThat(ack.path("id").asInt()).isEqualTo(7);
        assertThat(board.calls).isEmpty();

        ack = send(
                ws,
                "{\"type\":\"set\",\"id\":8,\"light\":[2,3,2],\"color\":\"#00FF00\","
                        + "\"brightness\":10,\"transitionMs\":500,\"on\":true}");
        assertThat(ack.path("type").asText()).isEqualTo("ack");
        assertThat(ack.path("light")).extracting(JsonNode::asInt).containsExactly(2, 3);
        assertThat(board.calls).extracting(FakeBoardLink.Call::light).containsExactly(2, 3);
        assertThat(board.calls.get(0).change()).isEqualTo(new LightChange(true, 10, new Rgb(0, 255, 0), 500, null));

        ack = send(ws, "{\"type\":\"set\",\"id\":\"off\",\"light\":\"all\",\"on\":false}");
        assertThat(ack.path("type").asText()).isEqualTo("ack");
        assertThat(ack.path("light").asText()).isEqualTo("all");
        assertThat(board.calls.get(2).light()).isEqualTo(BoardLink.ALL_LIGHTS);
        assertThat(board.reportedStates()).allMatch(s -> !s.on());
    }

    @Test
    void deviceDefaultsToTheFirstAndCanNameAnother() {
        FakeWebSocket ws = fx.connect();
        send(ws, "{\"type\":\"set\",\"light\":0,\"on\":true}");
        assertThat(board.calls).hasSize(1);
        JsonNode ack = send(ws, "{\"type\":\"set\",\"device\":\"board1\",\"light\":0,\"on\":true}");
        assertThat(ack.path("id").isNull()).isTrue();
        assertThat(ack.path("device").asText()).isEqualTo("board1");
        assertThat(board1.calls).hasSize(1);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "not json at all                                                       | bad_request",
                "[1,2]                                                                 | bad_request",
                "{\"type\":\"get\"} {\"type\":\"get\"}                                | bad_request",
                "''                                                                    | bad_request",
                "{\"id\":\"x\"}                                                        | bad_request",
                "{\"type\":\"dance\"}                                                  | bad_request",
                "{\"type\":\"set\",\"light\":0,\"on\":true,\"brigthness\":3}           | bad_request",
                "{\"type\":\"set\",\"light\":0}                                        | bad_request",
                "{\"type\":\"set\",\"on\":true}                                        | bad_request",
                "{\"type\":\"set\",\"light\":0,\"on\":1}                               | bad_request",
                "{\"type\":\"set\",\"light\":0,\"brightness\":12.5}                    | bad_request",
                "{\"type\":\"set\",\"light\":0,\"brightness\":\"12\"}                  | bad_request",
                "{\"type\":\"set\",\"light\":-1,\"on\":true}                           | bad_request",
                "{\"type\":\"set\",\"light\":\"some\",\"on\":true}                     | bad_request",
                "{\"type\":\"set\",\"light\":[],\"on\":true}                           | bad_request",
                "{\"type\":\"set\",\"light\":2,\"color\":\"red\"}                      | bad_request",
                "{\"type\":\"set\",\"light\":0,\"on\":true,\"on\":false}               | bad_request",
                "{\"type\":\"set\",\"id\":{\"a\":1},\"light\":0,\"on\":true}           | bad_request",
                "{\"type\":\"set\",\"device\":5,\"light\":0,\"on\":true}               | bad_request",
                "{\"type\":\"get\",\"extra\":1}                                        | bad_request",
                "{\"type\":\"set\",\"device\":\"nope\",\"light\":0,\"on\":true}        | unknown_device",
                "{\"type\":\"stats\",\"device\":\"nope\"}                              | unknown_device",
                "{\"type\":\"reset\",\"device\":\"nope\"}                              | unknown_device",
                "{\"type\":\"reset\",\"device\":5}                                   | bad_request",
                "{\"type\":\"reset\",\"hard\":true}                                  | bad_request",
                "{\"type\":\"set\",\"light\":4,\"on\":true}                            | unknown_light",
                "{\"type\":\"set\",\"light\":[0,99],\"on\":true}                       | unknown_light",
                "{\"type\":\"set\",\"light\":1,\"brightness\":256}                     | out_of_range",
                "{\"type\":\"set\",\"light\":1,\"brightness\":-1}                      | out_of_range",
                "{\"type\":\"set\",\"light\":1,\"brightness\":99999999999999}          | out_of_range",
                "{\"type\":\"set\",\"light\":1,\"transitionMs\":65536}                 | out_of_range",
                "{\"type\":\"set\",\"light\":1,\"effect\":\"disco\"}                   | out_of_range",
                "{\"type\":\"set\",\"light\":0,\"color\":\"#ff0000\"}                  | unsupported",
                "{\"type\":\"set\",\"light\":0,\"brightness\":3}                       | unsupported",
                "{\"type\":\"set\",\"light\":0,\"effect\":\"rainbow\"}                 | unsupported",
                "{\"type\":\"set\",\"light\":1,\"color\":\"#ff0000\"}                  | unsupported",
                "{\"type\":\"set\",\"light\":\"all\",\"color\":\"#ff0000\"}            | unsupported",
            })
    void badMessagesGetStableCodesAndChangeNothing(String message, String code) {
        FakeWebSocket ws = fx.connect();
        error(ws, message.trim(), code);
        assertThat(board.calls).as("nothing sent to the board").isEmpty();
    }

    @Test
    void theClientsIdIsEchoedInErrors() {
        FakeWebSocket ws = fx.connect();
        JsonNode e = error(ws, "{\"type\":\"set\",\"id\":\"abc\",\"light\":9,\"on\":true}", "unknown_light");
        assertThat(e.path("id").asText()).isEqualTo("abc");
        e = error(ws, "{\"type\":\"set\",\"id\":\"" + "x".repeat(65) + "\",\"light\":0,\"on\":true}", "bad_request");
        assertThat(e.path("id").isNull()).isTrue();
    }

    @Test
    void tooLargeMessagesAndLightListsAreRefusedWithoutClosing() {
        FakeWebSocket ws = fx.connect();
        String big = "{\"type\":\"get\",\"id\":\"" + "x".repeat(ApiService.MAX_MESSAGE_CHARS) + "\"}";
        error(ws, big, "too_large");
        StringBuilder list = new StringBuilder("[0");
        for (int i = 1; i <= RequestParser.MAX_LIGHTS_IN_LIST; i++)
            list.append(',').append(i);
        error(ws, "{\"type\":\"set\",\"light\":" + list + "],\"on\":true}", "too_large");
        // still usable
        assertThat(send(ws, "{\"type\":\"get\",\"id\":1}").path("type").asText())
                .isEqualTo("snapshot");
    }

    @Test
    void offlineOrNotYetConnectedDevicesRefuseAtOnce() {
        FakeWebSocket ws = fx.connect();
        board.status(DeviceStatus.OFFLINE);
        error(ws, "{\"type\":\"set\",\"light\":0,\"on\":true}", "device_offline");
        board.setInfo(null);
        board.status(DeviceStatus.CONNECTING);
        error(ws, "{\"type\":\"set\",\"light\":0,\"on\":true}", "device_offline");
        assertThat(board.calls).isEmpty();
    }

    @Test
    void linkFailuresArePassedOnWithTheirCodes() {
        FakeWebSocket ws = fx.connect();
        for (CommandException e : List.of(
                new CommandException(ErrorCode.DEVICE_OFFLINE, "unplugged"),
                new CommandException(ErrorCode.TIMEOUT, "no answer after 5 tries"),
                new CommandException(ErrorCode.BUSY, "board busy"),
                new CommandException(ErrorCode.NACK, "nack:malformed", "board said malformed"))) {
            board.failWith(e);
            JsonNode reply = error(ws, "{\"type\":\"set\",\"id\":\"q\",\"light\":0,\"on\":true}", e.apiCode());
            assertThat(reply.path("message").asText()).isEqualTo(e.getMessage());
        }
    }

    @Test
    void aCommandTheBoardNeverAnswersEndsInTimeout() {
        board.mode(FakeBoardLink.Mode.MANUAL);
        FakeWebSocket ws = fx.connect();
        api.onText(ws, "{\"type\":\"set\",\"id\":\"slow\",\"light\":0,\"on\":true}");
        org.awaitility.Awaitility.await().until(() -> !ofType(ws, "error").isEmpty());
        JsonNode e = ofType(ws, "error").get(0);
        assertThat(e.path("code").asText()).isEqualTo("timeout");
        assertThat(e.path("id").asText()).isEqualTo("slow");
    }

    @Test
    void aClientWithTooManyCommandsWaitingGetsBusy() {
        board.mode(FakeBoardLink.Mode.MANUAL);
        FakeWebSocket ws = fx.connect();
        FakeWebSocket other = fx.connect();
        for (int i = 0; i < ApiService.MAX_OUTSTANDING_PER_CLIENT; i++) {
            api.onText(ws, "{\"type\":\"set\",\"id\":" + i + ",\"light\":0,\"on\":true}");
        }
        error(ws, "{\"type\":\"set\",\"id\":\"more\",\"light\":0,\"on\":true}", "busy");
        api.onText(other, "{\"type\":\"set\",\"id\":\"o\",\"light\":0,\"on\":true}");
        assertThat(board.calls).as("another client is not affected").hasSize(ApiService.MAX_OUTSTANDING_PER_CLIENT + 1);
        board.calls.get(0).future().complete(null);
        api.onText(ws, "{\"type\":\"set\",\"id\":\"again\",\"light\":0,\"on\":true}");
        assertThat(board.calls).as("room again after an ack").hasSize(ApiService.MAX_OUTSTANDING_PER_CLIENT + 2);
    }

    @Test
    void getAnswersWithASnapshotAndStatsWithLinkCounters() {
        FakeWebSocket ws = fx.connect();
        fx.connect();
        JsonNode snap = send(ws, "{\"type\":\"get\",\"id\":\"g\"}");
        assertThat(snap.path("type").asText()).isEqualTo("snapshot");
        assertThat(snap.path("id").asText()).isEqualTo("g");
        assertThat(snap.path("devices")).hasSize(2);

        JsonNode stats = send(ws, "{\"type\":\"stats\",\"id\":\"s\",\"device\":\"board0\"}");
        assertThat(stats.path("type").asText()).isEqualTo("stats");
        assertThat(stats.path("clients").asInt()).isEqualTo(2);
        assertThat(stats.path("devices")).hasSize(1);
        JsonNode s = stats.path("devices").get(0);
        assertThat(s.path("crcErrors").asLong()).isEqualTo(2);
        assertThat(s.path("decodeErrors").asLong()).isEqualTo(3);
        assertThat(s.path("retransmits").asLong()).isEqualTo(3);
        assertThat(s.path("lastRttMicros").asLong()).isEqualTo(850);
        assertThat(send(ws, "{\"type\":\"stats\"}").path("devices")).hasSize(2);
    }

    @Test
    void resetAnswersWithTheNewBootIdOrTheLinksError() {
        FakeWebSocket ws = fx.connect();
        JsonNode done = send(ws, "{\"type\":\"reset\",\"id\":\"r\"}");
        assertThat(done.path("type").asText()).as(done.toString()).isEqualTo("reset");
        assertThat(done.path("id").asText()).isEqualTo("r");
        assertThat(done.path("device").asText()).isEqualTo("board0");
        assertThat(done.path("bootId").asText()).isEqualTo("1234abcd");
        Schemas.assertValid("reset.json", done);
        board.failWith(new CommandException(ErrorCode.RESET_FAILED, "the reset had no effect"));
        JsonNode e = error(ws, "{\"type\":\"reset\",\"id\":7,\"device\":\"board0\"}", "reset_failed");
        assertThat(e.path("id").asInt()).isEqualTo(7);
        Schemas.assertValid("error.json", e);
        assertThat(board.resets.get()).isEqualTo(2);
    }

    @Test
    void statusChangesAndHellosAreBroadcastAsDeviceMessages() {
        FakeWebSocket ws = fx.connect();
        board.status(DeviceStatus.OFFLINE);
        JsonNode d = last(ws);
        assertThat(d.path("type").asText()).isEqualTo("device");
        assertThat(d.path("device").asText()).isEqualTo("board0");
        assertThat(d.path("status").asText()).isEqualTo("offline");
        assertThat(ws.frames.get(ws.frames.size() - 1).coalesceKey()).isEqualTo("device:board0");

        board.status(DeviceStatus.RESYNCING);
        board.hello(new BoardInfo(1, "0.2.0", 43, FakeBoardLink.standardInfo().lights()));
        d = last(ws);
        assertThat(d.path("firmware").asText()).isEqualTo("0.2.0");
        assertThat(d.path("lights")).hasSize(4);
        assertThat(d.path("lights").get(0).has("state"))
                .as("states travel only in state messages")
                .isFalse();
    }

    @Test
    void aLightsHardwareFaultIsBroadcastAndShownInSnapshotsUntilItClears() {
        FakeWebSocket ws = fx.connect();
        board.boardFault(3, Optional.of(LightFault.OUTPUT_STUCK));
        JsonNode f = last(ws);
        assertThat(f.path("type").asText()).isEqualTo("fault");
        assertThat(f.path("device").asText()).isEqualTo("board0");
        assertThat(f.path("light").asInt()).isEqualTo(3);
        assertThat(f.path("fault").asText()).isEqualTo("output_stuck");
        assertThat(ws.frames.get(ws.frames.size() - 1).coalesceKey()).isEqualTo("fault:board0:3");

        JsonNode lights = send(ws, "{\"type\":\"get\"}").path("devices").get(0).path("lights");
        assertThat(lights.get(3).path("fault").asText()).isEqualTo("output_stuck");
        assertThat(lights.get(0).path("fault").isNull())
                .as("the other lights work")
                .isTrue();
        assertThat(fx.connect().sentSnapshot().get(0))
                .as("a new client's hello shows it")
                .contains("\"fault\":\"output_stuck\"");

        board.boardFault(3, Optional.empty());
        assertThat(last(ws).path("fault").isNull()).isTrue();
        assertThat(send(ws, "{\"type\":\"get\"}")
                        .path("devices")
                        .get(0)
                        .path("lights")
                        .get(3)
                        .path("fault")
                        .isNull())
                .isTrue();
    }

    @Test
    void broadcastsDuringHelloAreHeldBackAndFollowIt() {
        FakeWebSocket ws = new FakeWebSocket();
        ClientSession s = new ClientSession(ws);
        s.deliver(io.hilbridge.ws.OutboundFrame.text("{\"n\":1}", "k"));
        s.deliver(io.hilbridge.ws.OutboundFrame.text("{\"n\":2}", "k"));
        assertThat(ws.sent).isEmpty();
        assertThat(s.finishHello("{\"hello\":1}")).isTrue();
        assertThat(ws.sent).containsExactly("{\"hello\":1}", "{\"n\":1}", "{\"n\":2}");
        s.deliver(io.hilbridge.ws.OutboundFrame.text("{\"n\":3}"));
        assertThat(ws.last()).isEqualTo("{\"n\":3}");
    }

    @Test
    void tooManyHeldBackBroadcastsMeanAFreshSnapshot() {
        FakeWebSocket ws = new FakeWebSocket();
        ClientSession s = new ClientSession(ws);
        for (int i = 0; i <= ClientSession.MAX_HELD_BACK; i++) s.deliver(io.hilbridge.ws.OutboundFrame.text("{}"));
        assertThat(s.finishHello("{\"stale\":1}")).isFalse();
        assertThat(ws.sent).isEmpty();
        assertThat(s.finishHello("{\"fresh\":1}")).isTrue();
        assertThat(ws.sent).containsExactly("{\"fresh\":1}");
    }

    @Test
    void closedClientsGetNoMoreBroadcasts() {
        FakeWebSocket ws = fx.connect();
        api.onClose(ws, 1000, "bye");
        int n = ws.sent.size();
        board.boardChanges(0, new LightState(true, 255, Rgb.WHITE, Effect.NONE), StateCause.BUTTON);
        assertThat(ws.sent).hasSize(n);
        assertThat(api.clientCount()).isZero();
    }

    @Test
    void binaryMessagesAreRefusedByTheDefault() {
        FakeWebSocket ws = fx.connect();
        api.onBinary(ws, new byte[] {1});
        assertThat(ws.closeCode).isEqualTo(1003);
    }

    @Test
    void closeGoesAwayAndStopsListening() {
        FakeWebSocket ws = fx.connect();
        assertThat(board.listenerCount())
                .as("the API's broadcasts, the link health's and the scenes' (boots)")
                .isEqualTo(3);
        api.close();
        assertThat(ws.closeCode).isEqualTo(1001);
        assertThat(api.clientCount()).as("closed clients are forgotten").isZero();
        assertThat(board.listenerCount()).isZero();
        FakeWebSocket late = new FakeWebSocket();
        api.onOpen(late);
        assertThat(late.closeCode).isEqualTo(1001);
    }

    @Test
    void duplicateDeviceIdsAreRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new ApiService(List.of(FakeBoardLink.standard("x"), FakeBoardLink.standard("x")), "v"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x");
    }
}
