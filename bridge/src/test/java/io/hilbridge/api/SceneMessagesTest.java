package io.hilbridge.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.hilbridge.api.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * websocket-api.md section 5, "Scenes", through the WebSocket: every {@code scene.*} request gets exactly one answer
 * ({@code scene.list} with its id, {@code scene.applied}, or {@code error} with its stable code), every change is
 * broadcast to every client with id null, and a refused request changes nothing.
 */
class SceneMessagesTest {
    @RegisterExtension
    final ApiFixture fx = ApiFixture.twoBoards(Duration.ofMinutes(1));

    private final FakeBoardLink board = fx.board;
    private final ApiService api = fx.api;

    /** What {@code ws} was sent while {@code message} was handled. */
    private List<JsonNode> exchange(FakeWebSocket ws, FakeWebSocket watcher, String message, List<JsonNode> seen) {
        int before = ws.sent.size();
        int watcherBefore = watcher.sent.size();
        api.onText(ws, message);
        for (String m : watcher.sent.subList(watcherBefore, watcher.sent.size())) seen.add(json(m));
        List<JsonNode> out = new ArrayList<>();
        for (String m : ws.sent.subList(before, ws.sent.size())) out.add(json(m));
        return out;
    }

    /** The one answer to {@code message}: the sender's message that echoes an id (the request's). */
    private static JsonNode answer(List<JsonNode> sent, String id) {
        List<JsonNode> answers =
                sent.stream().filter(m -> m.path("id").asText().equals(id)).toList();
        assertThat(answers).as("exactly one answer with id %s in %s", id, sent).hasSize(1);
        return answers.get(0);
    }

    private static List<String> names(JsonNode list) {
        return list.path("scenes").findValuesAsText("name");
    }

    @Test
    void eachChangeAnswersTheSenderAndIsBroadcastToEveryClientWithIdNull() {
        FakeWebSocket ws = fx.connect();
        FakeWebSocket other = fx.connect();
        List<JsonNode> broadcasts = new ArrayList<>();
        api.onText(ws, "{\"type\":\"set\",\"light\":1,\"on\":true,\"brightness\":80}");

        JsonNode saved = answer(
                exchange(ws, other, "{\"type\":\"scene.save\",\"id\":\"sc1\",\"name\":\"Evening\"}", broadcasts),
                "sc1");
        assertThat(saved.path("type").asText()).isEqualTo("scene.list");
        assertThat(saved.path("device").asText()).as("no device: the first").isEqualTo("board0");
        assertThat(saved.path("powerOn").isNull()).isTrue();
        assertThat(saved.path("problem").isNull()).isTrue();
        assertThat(names(saved)).containsExactly("Evening");
        JsonNode evening = saved.path("scenes").get(0);
        assertThat(evening.path("powerOn").asBoolean(true)).isFalse();
        assertThat(evening.path("lights")).hasSize(4);
        assertThat(evening.path("lights").get(1).path("brightness").asInt()).isEqualTo(80);
        assertThat(broadcasts).as("the other client hears of the change").hasSize(1);
        assertThat(broadcasts.get(0).path("id").isNull()).isTrue();
        assertThat(broadcasts.get(0).path("scenes")).isEqualTo(saved.path("scenes"));

        JsonNode listed = answer(exchange(ws, other, "{\"type\":\"scene.list\",\"id\":\"l\"}", broadcasts), "l");
        assertThat(names(listed)).containsExactly("Evening");
        assertThat(broadcasts).as("a list changes nothing: no broadcast").hasSize(1);

        JsonNode marked = answer(
                exchange(ws, other, "{\"type\":\"scene.powerOn\",\"id\":\"p\",\"name\":\"evening\"}", broadcasts), "p");
        assertThat(marked.path("powerOn").asText())
                .as("the scene's own spelling")
                .isEqualTo("Evening");
        assertThat(marked.path("scenes").get(0).path("powerOn").asBoolean()).isTrue();

        JsonNode renamed = answer(
                exchange(
                        ws,
                        other,
                        "{\"type\":\"scene.rename\",\"id\":\"r\",\"name\":\"Evening\",\"to\":\"Night\"}",
                        broadcasts),
                "r");
        assertThat(names(renamed)).containsExactly("Night");
        assertThat(renamed.path("powerOn").asText())
                .as("the mark follows the scene")
                .isEqualTo("Night");

        JsonNode unmarked =
                answer(exchange(ws, other, "{\"type\":\"scene.powerOn\",\"id\":\"u\",\"name\":null}", broadcasts), "u");
        assertThat(unmarked.path("powerOn").isNull()).isTrue();
        assertThat(unmarked.path("scenes").get(0).path("powerOn").asBoolean(true))
                .isFalse();

        JsonNode deleted = answer(
                exchange(ws, other, "{\"type\":\"scene.delete\",\"id\":\"d\",\"name\":\"Night\"}", broadcasts), "d");
        assertThat(names(deleted)).isEmpty();
        assertThat(broadcasts).as("save, mark, rename, unmark, delete").hasSize(5);
        assertThat(broadcasts).allSatisfy(b -> assertThat(b.path("id").isNull()).isTrue());
    }

    @Test
    void aDeviceNamedInTheRequestIsTheOneChanged() {
        FakeWebSocket ws = fx.connect();
        JsonNode saved = answer(
                exchange(
                        ws,
                        fx.connect(),
                        "{\"type\":\"scene.save\",\"id\":1,\"device\":\"board1\",\"name\":\"A\"}",
                        new ArrayList<>()),
                "1");
        assertThat(saved.path("device").asText()).isEqualTo("board1");
        assertThat(names(answer(exchange(ws, ws, "{\"type\":\"scene.list\",\"id\":2}", new ArrayList<>()), "2")))
                .as("board0 has none")
                .isEmpty();
    }

    /** A device of null is the first device; scene.powerOn needs a name, or null to remove the mark. */
    @Test
    void aNullDeviceIsTheFirstAndPowerOnNeedsItsName() {
        FakeWebSocket ws = fx.connect();
        JsonNode saved = fx.reply(ws, "{\"type\":\"scene.save\",\"id\":\"n\",\"device\":null,\"name\":\"A\"}");
        assertThat(saved.path("type").asText()).isEqualTo("scene.list");
        assertThat(saved.path("device").asText()).isEqualTo("board0");
        JsonNode e = fx.reply(ws, "{\"type\":\"scene.powerOn\",\"id\":\"p\"}");
        assertThat(e.path("code").asText()).isEqualTo("bad_request");
        assertThat(e.path("message").asText()).isEqualTo("name is required: a scene name, or null to remove the mark");
    }

    /** "scene_exists ... scene.save without replace": with replace the scene keeps its place and its mark. */
    @Test
    void saveReplacesOnlyWhenAsked() {
        FakeWebSocket ws = fx.connect();
        api.onText(ws, "{\"type\":\"scene.save\",\"name\":\"A\"}");
        api.onText(ws, "{\"type\":\"scene.save\",\"name\":\"B\"}");
        api.onText(ws, "{\"type\":\"scene.powerOn\",\"name\":\"A\"}");
        api.onText(ws, "{\"type\":\"set\",\"light\":0,\"on\":true}");
        JsonNode refused = answer(
                exchange(ws, ws, "{\"type\":\"scene.save\",\"id\":\"x\",\"name\":\"a\"}", new ArrayList<>()), "x");
        assertThat(refused.path("code").asText()).isEqualTo("scene_exists");
        JsonNode replaced = answer(
                exchange(
                        ws,
                        ws,
                        "{\"type\":\"scene.save\",\"id\":\"y\",\"name\":\"A\",\"replace\":true}",
                        new ArrayList<>()),
                "y");
        assertThat(names(replaced)).containsExactly("A", "B");
        assertThat(replaced.path("powerOn").asText()).isEqualTo("A");
        assertThat(replaced.path("scenes")
                        .get(0)
                        .path("lights")
                        .get(0)
                        .path("on")
                        .asBoolean())
                .isTrue();
        JsonNode notReplaced = answer(
                exchange(
                        ws,
                        ws,
                        "{\"type\":\"scene.save\",\"id\":\"z\",\"name\":\"B\",\"replace\":false}",
                        new ArrayList<>()),
                "z");
        assertThat(notReplaced.path("code").asText()).isEqualTo("scene_exists");
    }

    @Test
    void applyAnswersOnceTheBoardConfirmedEveryLight() {
        FakeWebSocket ws = fx.connect();
        api.onText(ws, "{\"type\":\"set\",\"light\":2,\"on\":true,\"color\":\"#ff8800\"}");
        api.onText(ws, "{\"type\":\"scene.save\",\"name\":\"Evening\"}");
        board.calls.clear();
        board.mode(FakeBoardLink.Mode.MANUAL);

        int before = ws.sent.size();
        api.onText(ws, "{\"type\":\"scene.apply\",\"id\":\"sc3\",\"name\":\"evening\"}");
        assertThat(board.calls).extracting(FakeBoardLink.Call::light).containsExactly(0, 1, 2, 3);
        assertThat(ws.sent.subList(before, ws.sent.size()))
                .as("no answer before the board's acks")
                .isEmpty();
        for (FakeBoardLink.Call c : board.calls) c.future().complete(null);
        JsonNode applied = json(ws.sent.get(ws.sent.size() - 1));
        assertThat(applied.path("type").asText()).isEqualTo("scene.applied");
        assertThat(applied.path("id").asText()).isEqualTo("sc3");
        assertThat(applied.path("device").asText()).isEqualTo("board0");
        assertThat(applied.path("name").asText()).as("the scene's own spelling").isEqualTo("Evening");
    }

    @Test
    void anApplyTheBoardRefusesIsAnErrorWithTheLinksCode() {
        FakeWebSocket ws = fx.connect();
        api.onText(ws, "{\"type\":\"scene.save\",\"name\":\"Evening\"}");
        board.failWith(new io.hilbridge.lights.CommandException(io.hilbridge.lights.ErrorCode.BUSY, "board busy"));
        JsonNode e = answer(
                exchange(ws, ws, "{\"type\":\"scene.apply\",\"id\":7,\"name\":\"Evening\"}", new ArrayList<>()), "7");
        assertThat(e.path("type").asText()).isEqualTo("error");
        assertThat(e.path("code").asText()).isEqualTo("busy");
        assertThat(e.path("message").asText()).isEqualTo("board busy");
    }

    /** "A scene.apply counts towards the client's 32 commands waiting (busy)", and an answer frees its slot. */
    @Test
    void applyCountsTowardsTheClientsCommandsWaiting() {
        FakeWebSocket ws = fx.connect();
        api.onText(ws, "{\"type\":\"scene.save\",\"name\":\"S\"}");
        board.mode(FakeBoardLink.Mode.MANUAL);
        for (int i = 0; i < ApiService.MAX_OUTSTANDING_PER_CLIENT; i++) {
            api.onText(ws, "{\"type\":\"scene.apply\",\"id\":" + i + ",\"name\":\"S\"}");
        }
        JsonNode busy = answer(
                exchange(ws, ws, "{\"type\":\"scene.apply\",\"id\":\"more\",\"name\":\"S\"}", new ArrayList<>()),
                "more");
        assertThat(busy.path("code").asText()).isEqualTo("busy");
        assertThat(busy.path("message").asText())
                .isEqualTo("this client already has 32 commands waiting for the board; wait for their answers");
        for (int light = 0; light < 4; light++) board.calls.get(light).future().complete(null);
        JsonNode applied = json(ws.sent.get(ws.sent.size() - 1));
        assertThat(applied.path("type").asText()).isEqualTo("scene.applied");
        int calls = board.calls.size();
        api.onText(ws, "{\"type\":\"scene.apply\",\"id\":\"again\",\"name\":\"S\"}");
        assertThat(board.calls).as("room again after an answer").hasSize(calls + 4);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"type\":\"scene.save\",\"id\":1}                                        | bad_request",
                "{\"type\":\"scene.save\",\"id\":1,\"name\":5}                             | bad_request",
                "{\"type\":\"scene.save\",\"id\":1,\"name\":\"A\",\"replace\":\"yes\"}     | bad_request",
                "{\"type\":\"scene.save\",\"id\":1,\"name\":\"A\",\"powerOn\":true}        | bad_request",
                "{\"type\":\"scene.save\",\"id\":1,\"name\":\"\"}                          | bad_scene_name",
                "{\"type\":\"scene.save\",\"id\":1,\"name\":\"a/b\"}                       | bad_scene_name",
                "{\"type\":\"scene.save\",\"id\":1,\"name\":\"Kept\"}                      | scene_exists",
                "{\"type\":\"scene.save\",\"id\":1,\"device\":\"\",\"name\":\"A\"}         | bad_request",
                "{\"type\":\"scene.save\",\"id\":1,\"device\":7,\"name\":\"A\"}            | bad_request",
                "{\"type\":\"scene.save\",\"id\":1,\"device\":\"nope\",\"name\":\"A\"}     | unknown_device",
                "{\"type\":\"scene.list\",\"id\":1,\"name\":\"Kept\"}                      | bad_request",
                "{\"type\":\"scene.list\",\"id\":1,\"device\":\"nope\"}                    | unknown_device",
                "{\"type\":\"scene.rename\",\"id\":1,\"name\":\"Kept\"}                    | bad_request",
                "{\"type\":\"scene.rename\",\"id\":1,\"to\":\"B\"}                         | bad_request",
                "{\"type\":\"scene.rename\",\"id\":1,\"name\":\"Kept\",\"to\":\" B\"}      | bad_scene_name",
                "{\"type\":\"scene.rename\",\"id\":1,\"name\":\"Gone\",\"to\":\"B\"}       | unknown_scene",
                "{\"type\":\"scene.rename\",\"id\":1,\"name\":\"Kept\",\"to\":\"B\",\"x\":0} | bad_request",
                "{\"type\":\"scene.delete\",\"id\":1,\"name\":\"Gone\"}                    | unknown_scene",
                "{\"type\":\"scene.delete\",\"id\":1}                                      | bad_request",
                "{\"type\":\"scene.delete\",\"id\":1,\"name\":\"Kept\",\"to\":\"B\"}       | bad_request",
                "{\"type\":\"scene.powerOn\",\"id\":1}                                     | bad_request",
                "{\"type\":\"scene.powerOn\",\"id\":1,\"name\":true}                       | bad_request",
                "{\"type\":\"scene.powerOn\",\"id\":1,\"name\":\"Gone\"}                   | unknown_scene",
                "{\"type\":\"scene.powerOn\",\"id\":1,\"name\":\"Kept\",\"on\":true}       | bad_request",
                "{\"type\":\"scene.apply\",\"id\":1,\"name\":\"Gone\"}                     | unknown_scene",
                "{\"type\":\"scene.apply\",\"id\":1}                                       | bad_request",
                "{\"type\":\"scene.apply\",\"id\":1,\"name\":\"Kept\",\"replace\":true}    | bad_request",
            })
    void badSceneRequestsGetStableCodesAndChangeNothing(String message, String code) {
        FakeWebSocket ws = fx.connect();
        api.onText(ws, "{\"type\":\"scene.save\",\"name\":\"Kept\"}");
        FakeWebSocket other = fx.connect();
        board.calls.clear();
        List<JsonNode> broadcasts = new ArrayList<>();
        JsonNode e = answer(exchange(ws, other, message.trim(), broadcasts), "1");
        assertThat(e.path("type").asText()).isEqualTo("error");
        assertThat(e.path("code").asText()).isEqualTo(code);
        assertThat(broadcasts).as("nothing changed, nothing broadcast").isEmpty();
        assertThat(board.calls).as("nothing sent to the board").isEmpty();
        JsonNode list = answer(exchange(ws, ws, "{\"type\":\"scene.list\",\"id\":\"after\"}", broadcasts), "after");
        assertThat(names(list)).containsExactly("Kept");
        assertThat(list.path("powerOn").isNull()).isTrue();
    }
}
