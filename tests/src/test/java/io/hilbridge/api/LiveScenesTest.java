package io.hilbridge.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.Effect;
import io.hilbridge.lights.LightState;
import io.hilbridge.lights.Rgb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenes end to end on the real bridge with the simulated board, over WebSocket and REST: saved, listed to every
 * client, applied all-or-nothing, renamed, deleted; kept across a bridge restart; the power-on scene applied after
 * the board reboots by itself; bad names, clashes, unknown scenes, a corrupt file and a data folder that cannot be
 * written each get their stable error and change nothing.
 */
class LiveScenesTest {
    private static final LightState EVENING_RGB = new LightState(true, 200, new Rgb(0xff, 0x88, 0x00), Effect.NONE);

    @TempDir
    Path dataDir;

    private LiveBridge bridge;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (bridge != null) bridge.close();
    }

    private WsClient client(String name) throws Exception {
        WsClient c = WsClient.connect(name, bridge.wsUri(null));
        c.hello.get(10, TimeUnit.SECONDS);
        return c;
    }

    private static ObjectNode msg(String type) {
        ObjectNode n = WsClient.JSON.createObjectNode();
        n.put("type", type);
        return n;
    }

    private static JsonNode answer(WsClient c, ObjectNode m) throws Exception {
        JsonNode r = c.request(m).get(15, TimeUnit.SECONDS);
        Schemas.assertValid("server-message.json", r);
        return r;
    }

    private static void set(WsClient c, int light, String field, Object value) throws Exception {
        ObjectNode m = msg("set").put("light", light);
        if (value instanceof Boolean b) m.put(field, b);
        else if (value instanceof Integer i) m.put(field, i);
        else m.put(field, (String) value);
        assertThat(answer(c, m).path("type").asText()).isEqualTo("ack");
    }

    /** Lights 1 and 2 in the "evening" look: dimmed desk lamp, orange RGB LED. */
    private static void evening(WsClient c) throws Exception {
        assertThat(answer(c, msg("set").put("light", 1).put("on", true).put("brightness", 40))
                        .path("type")
                        .asText())
                .isEqualTo("ack");
        assertThat(answer(
                                c,
                                msg("set")
                                        .put("light", 2)
                                        .put("on", true)
                                        .put("brightness", 200)
                                        .put("color", "#ff8800"))
                        .path("type")
                        .asText())
                .isEqualTo("ack");
    }

    private static void allOff(WsClient c) throws Exception {
        assertThat(answer(c, msg("set").put("light", "all").put("on", false))
                        .path("type")
                        .asText())
                .isEqualTo("ack");
    }

    private void awaitBoardShowsEvening() {
        await().atMost(Duration.ofSeconds(15))
                .alias("the simulated board's lights 1 and 2 in the evening scene")
                .until(() -> bridge.board().lights().get(1).on()
                        && bridge.board().lights().get(1).brightness() == 40
                        && bridge.board().lights().get(2).equals(EVENING_RGB));
    }

    private HttpResponse<String> rest(String method, String path, String body) throws Exception {
        HttpRequest.BodyPublisher p =
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(bridge.uri(path))
                        .method(method, p)
                        .header("Content-Type", "application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode json = WsClient.JSON.readTree(r.body());
        if (r.statusCode() >= 400) Schemas.assertValid("rest-error.json", json);
        return r;
    }

    @Test
    void saveListApplyRenameDeleteOverWebSocketReachEveryClient() throws Exception {
        bridge = LiveBridge.startWithDataDir(dataDir);
        try (WsClient a = client("a");
                WsClient b = client("b")) {
            evening(a);
            JsonNode saved = answer(a, msg("scene.save").put("name", "Evening"));
            assertThat(saved.path("type").asText()).isEqualTo("scene.list");
            assertThat(saved.path("scenes").get(0).path("name").asText()).isEqualTo("Evening");
            assertThat(saved.path("scenes").get(0).path("lights").get(2))
                    .isEqualTo(WsClient.JSON.readTree(
                            "{\"light\":2,\"on\":true,\"brightness\":200,\"color\":\"#ff8800\",\"effect\":\"none\"}"));
            assertThat(saved.path("scenes").get(0).path("lights").get(0).has("brightness"))
                    .as("an on/off light's scene entry has no brightness")
                    .isFalse();
            await().atMost(Duration.ofSeconds(10))
                    .alias("client b got the scene.list broadcast")
                    .until(() -> b.ofType("scene.list").stream()
                            .anyMatch(m ->
                                    m.path("id").isNull() && m.path("scenes").size() == 1));

            allOff(a);
            JsonNode applied = answer(b, msg("scene.apply").put("name", "evening")); // names ignore case
            assertThat(applied.path("type").asText()).as(applied.toString()).isEqualTo("scene.applied");
            assertThat(applied.path("name").asText()).isEqualTo("Evening");
            awaitBoardShowsEvening();
            assertThat(bridge.board().lights().get(0).on()).isFalse();
            await().atMost(Duration.ofSeconds(10))
                    .alias("client a's view shows the scene's colour on light 2")
                    .until(() -> "#ff8800"
                            .equals(a.view().get("board0:2").path("color").asText()));

            JsonNode renamed =
                    answer(a, msg("scene.rename").put("name", "Evening").put("to", "Dusk"));
            assertThat(renamed.path("scenes").get(0).path("name").asText()).isEqualTo("Dusk");
            JsonNode deleted = answer(a, msg("scene.delete").put("name", "Dusk"));
            assertThat(deleted.path("scenes")).isEmpty();
            for (JsonNode m : b.received) Schemas.assertValid("server-message.json", m);
        }
    }

    @Test
    void badNamesClashesAndUnknownScenesGetStableCodesAndChangeNothing() throws Exception {
        bridge = LiveBridge.startWithDataDir(dataDir);
        try (WsClient a = client("a")) {
            answer(a, msg("scene.save").put("name", "Evening"));
            answer(a, msg("scene.save").put("name", "Night"));
            List<Object[]> cases = List.of(
                    new Object[] {msg("scene.save").put("name", ""), "bad_scene_name"},
                    new Object[] {msg("scene.save").put("name", "x".repeat(41)), "bad_scene_name"},
                    new Object[] {msg("scene.save").put("name", "a/b"), "bad_scene_name"},
                    new Object[] {msg("scene.save").put("name", "EVENING"), "scene_exists"},
                    new Object[] {msg("scene.rename").put("name", "Night").put("to", "evening"), "scene_exists"},
                    new Object[] {msg("scene.apply").put("name", "Morning"), "unknown_scene"},
                    new Object[] {msg("scene.delete").put("name", "Morning"), "unknown_scene"},
                    new Object[] {msg("scene.powerOn").put("name", "Morning"), "unknown_scene"},
                    new Object[] {msg("scene.save").put("name", "x").put("device", "board9"), "unknown_device"},
                    new Object[] {msg("scene.save").put("nme", "x"), "bad_request"});
            for (Object[] c : cases) {
                JsonNode r = answer(a, (ObjectNode) c[0]);
                assertThat(r.path("type").asText()).as(c[0].toString()).isEqualTo("error");
                assertThat(r.path("code").asText()).as(c[0].toString()).isEqualTo(c[1]);
            }
            JsonNode list = answer(a, msg("scene.list"));
            assertThat(list.path("scenes").findValuesAsText("name")).containsExactly("Evening", "Night");
            assertThat(list.path("powerOn").isNull()).isTrue();
        }
    }

    @Test
    void aSceneThatNoLongerFitsTheBoardIsRefusedWholeAndNothingChanges() throws Exception {
        // Written as a bridge for another firmware would have: colour on light 0, which is on/off here.
        Files.createDirectories(dataDir.resolve("scenes"));
        Files.writeString(
                dataDir.resolve("scenes").resolve("board0.json"),
                "{\"format\":1,\"device\":\"board0\",\"powerOn\":null,\"scenes\":[{\"name\":\"Other\",\"lights\":["
                        + "{\"light\":0,\"on\":true,\"color\":\"#00ff00\"},"
                        + "{\"light\":1,\"on\":true,\"brightness\":9},"
                        + "{\"light\":2,\"on\":true,\"color\":\"#0000ff\"}]}]}");
        bridge = LiveBridge.startWithDataDir(dataDir);
        List<LightState> before = bridge.board().lights();
        long setsBefore = bridge.board().setsApplied();
        try (WsClient a = client("a")) {
            JsonNode r = answer(a, msg("scene.apply").put("name", "Other"));
            assertThat(r.path("code").asText()).as(r.toString()).isEqualTo("unsupported");
            assertThat(r.path("message").asText()).contains("light 0").contains("color");
            HttpResponse<String> rr = rest("POST", "/api/devices/board0/scenes/Other/apply", null);
            assertThat(rr.statusCode()).as(rr.body()).isEqualTo(400);
            // A set afterwards is acknowledged: had any SET of the scene gone out, it would be on the board by now.
            set(a, 3, "on", true);
        }
        assertThat(bridge.board().setsApplied()).isEqualTo(setsBefore + 1);
        assertThat(bridge.board().lights().subList(0, 3)).isEqualTo(before.subList(0, 3));
    }

    @Test
    void restSavesAppliesRenamesMarksAndDeletes() throws Exception {
        bridge = LiveBridge.startWithDataDir(dataDir);
        try (WsClient a = client("a")) {
            evening(a);
            HttpResponse<String> r = rest("POST", "/api/devices/board0/scenes", "{\"name\":\"Evening glow\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            Schemas.assertValid("rest-scenes.json", WsClient.JSON.readTree(r.body()));
            assertThat(rest("POST", "/api/devices/board0/scenes", "{\"name\":\"evening GLOW\"}")
                            .statusCode())
                    .isEqualTo(409);
            assertThat(rest("POST", "/api/devices/board0/scenes", "{\"name\":\"evening GLOW\",\"replace\":true}")
                            .statusCode())
                    .isEqualTo(201);
            allOff(a);

            String path = "/api/devices/board0/scenes/"
                    + URLEncoder.encode("evening GLOW", StandardCharsets.UTF_8).replace("+", "%20");
            r = rest("POST", path + "/apply", null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            Schemas.assertValid("rest-scene-applied.json", WsClient.JSON.readTree(r.body()));
            awaitBoardShowsEvening();

            r = rest("PATCH", path, "{\"name\":\"Glow\",\"powerOn\":true}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode list = WsClient.JSON.readTree(r.body());
            Schemas.assertValid("rest-scenes.json", list);
            assertThat(list.path("powerOn").asText()).isEqualTo("Glow");
            assertThat(list.path("scenes").get(0).path("powerOn").asBoolean()).isTrue();

            r = rest("GET", "/api/devices/board0/scenes", null);
            assertThat(WsClient.JSON.readTree(r.body())).isEqualTo(list);
            assertThat(rest("PATCH", "/api/devices/board0/scenes/Glow", "{}").statusCode())
                    .isEqualTo(400);
            assertThat(rest("PUT", "/api/devices/board0/scenes/Glow", "{}").statusCode())
                    .isEqualTo(405);
            assertThat(rest("GET", "/api/devices/board7/scenes", null).statusCode())
                    .isEqualTo(404);
            assertThat(rest("DELETE", "/api/devices/board0/scenes/Nope", null).statusCode())
                    .isEqualTo(404);
            r = rest("DELETE", "/api/devices/board0/scenes/Glow", null);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(WsClient.JSON.readTree(r.body()).path("powerOn").isNull())
                    .isTrue();
        }
    }

    @Test
    void scenesSurviveABridgeRestart() throws Exception {
        bridge = LiveBridge.startWithDataDir(dataDir);
        try (WsClient a = client("a")) {
            evening(a);
            answer(a, msg("scene.save").put("name", "Evening"));
        }
        bridge.stop();
        bridge.startAgain(); // a new process's state: a new simulated board, booted with every light off
        assertThat(bridge.board().lights().get(2).on()).isFalse();
        try (WsClient a = client("a")) {
            JsonNode list = answer(a, msg("scene.list"));
            assertThat(list.path("scenes").findValuesAsText("name")).containsExactly("Evening");
            assertThat(answer(a, msg("scene.apply").put("name", "Evening"))
                            .path("type")
                            .asText())
                    .isEqualTo("scene.applied");
        }
        awaitBoardShowsEvening();
    }

    @Test
    void thePowerOnSceneIsAppliedAfterTheBoardRebootsAndWinsOverTheReplay() throws Exception {
        bridge = LiveBridge.startWithDataDir(dataDir);
        try (WsClient a = client("a")) {
            evening(a);
            answer(a, msg("scene.save").put("name", "Evening"));
            answer(a, msg("scene.powerOn").put("name", "Evening"));
            // What clients want now (and the link replays after a reset) differs from the scene.
            set(a, 2, "color", "#0000ff");
            set(a, 1, "on", false);
            long boot = bridge.board().bootId();

            bridge.board().faults().reset(); // the board restarts by itself (a brown-out, a watchdog)

            await().atMost(Duration.ofSeconds(15))
                    .alias("the board booted again (a new boot id)")
                    .until(() -> bridge.board().bootId() != boot);
            bridge.awaitStatus(DeviceStatus.ONLINE);
            awaitBoardShowsEvening();
            await().atMost(Duration.ofSeconds(10))
                    .alias("the desired state is now the scene's, so a later reset replays it")
                    .until(() -> bridge.link().desiredStates().get(2).equals(EVENING_RGB));

            answer(a, msg("scene.powerOn").putNull("name"));
            set(a, 2, "color", "#0000ff");
            long boot2 = bridge.board().bootId();
            bridge.board().faults().reset();
            await().atMost(Duration.ofSeconds(15)).until(() -> bridge.board().bootId() != boot2);
            bridge.awaitStatus(DeviceStatus.ONLINE);
            await().atMost(Duration.ofSeconds(10))
                    .alias("without the mark, the replay alone restores the client's blue")
                    .until(() -> bridge.board().lights().get(2).color().equals(new Rgb(0, 0, 0xff)));
        }
    }

    @Test
    void aDataFolderThatCannotBeWrittenLeavesTheBridgeRunningWithAClearError() throws Exception {
        Path notAFolder = dataDir.resolve("data");
        Files.writeString(notAFolder, "a file where the data folder should be");
        bridge = LiveBridge.startWithDataDir(notAFolder);
        try (WsClient a = client("a")) {
            JsonNode r = answer(a, msg("scene.save").put("name", "Evening"));
            assertThat(r.path("code").asText()).as(r.toString()).isEqualTo("storage_unavailable");
            assertThat(r.path("message").asText()).contains(notAFolder.toString());
            JsonNode list = answer(a, msg("scene.list"));
            assertThat(list.path("scenes")).isEmpty();
            assertThat(list.path("problem").asText()).contains("cannot write");
            set(a, 0, "on", true); // lights work as before
            assertThat(rest("POST", "/api/devices/board0/scenes", "{\"name\":\"x\"}")
                            .statusCode())
                    .isEqualTo(503);
        }
    }

    @Test
    void aCorruptSceneFileIsKeptAsideAndTheBridgeRuns() throws Exception {
        Path file = dataDir.resolve("scenes").resolve("board0.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"format\":1,\"sce");
        bridge = LiveBridge.startWithDataDir(dataDir);
        try (WsClient a = client("a")) {
            assertThat(answer(a, msg("scene.list")).path("scenes")).isEmpty();
            answer(a, msg("scene.save").put("name", "Fresh"));
        }
        try (var files = Files.list(file.getParent())) {
            List<String> names =
                    files.map(p -> p.getFileName().toString()).sorted().toList();
            assertThat(names).hasSize(2).contains("board0.json");
            assertThat(names.get(1)).startsWith("board0.json.corrupt-");
            assertThat(Files.readString(file.getParent().resolve(names.get(1)))).isEqualTo("{\"format\":1,\"sce");
        }
    }
}
