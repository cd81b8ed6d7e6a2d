package io.hilbridge.firmware;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hilbridge.api.WsClient;
import io.hilbridge.app.Bridge;
import io.hilbridge.lights.DeviceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole bridge (link, API, WebSocket, HTTP) with {@code --serial <pty>} through jSerialComm, against the
 * firmware's C core running as {@code hilbridge-sim}: what a user gets with a board on USB, minus the board.
 * WebSocket clients see handshake and capabilities, every light kind's set/ack/state, the board's own button
 * press, and recovery after the board reboots or disappears.
 */
class SimBridgeE2ETest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private SimBridge rig;
    private SimProcess sim;
    private Bridge bridge;

    @BeforeEach
    void start() throws Exception {
        rig = SimBridge.start(dir);
        sim = rig.sim();
        bridge = rig.bridge();
    }

    @AfterEach
    void stop() throws Exception {
        if (rig != null) rig.close();
    }

    private WsClient client(String name) throws Exception {
        return rig.client(name);
    }

    private static ObjectNode set(int light) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "set");
        n.put("device", "board0");
        n.put("light", light);
        return n;
    }

    private static JsonNode reply(WsClient c, ObjectNode msg) throws Exception {
        return c.request(msg).get(SimProcess.WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static void awaitState(WsClient c, Predicate<JsonNode> p) {
        await().atMost(SimProcess.WAIT).until(() -> c.ofType("state").stream().anyMatch(p));
    }

    private static void awaitStatus(WsClient c, String status) {
        await().atMost(SimProcess.WAIT)
                .until(() -> c.ofType("device").stream()
                        .anyMatch(d -> d.path("status").asText().equals(status)));
    }

    @Test
    void handshakeAndCapabilitiesReachTheClient() throws Exception {
        WsClient c = client("a");
        JsonNode device = c.hello.get().path("devices").get(0);
        assertThat(device.path("status").asText()).isEqualTo("online");
        assertThat(device.path("firmware").asText()).isEqualTo("0.1.0");
        assertThat(device.path("protocolVersion").asInt()).isEqualTo(1);
        assertThat(device.path("transport").asText()).contains(sim.link().toString());
        JsonNode lights = device.path("lights");
        assertThat(lights).hasSize(4);
        assertThat(List.of(
                        lights.get(0).path("kind").asText(),
                        lights.get(1).path("kind").asText(),
                        lights.get(2).path("kind").asText(),
                        lights.get(3).path("kind").asText()))
                .containsExactly("onoff", "dimmable", "rgb", "strip");
        assertThat(lights.get(0).path("name").asText()).isEqualTo("Status LED");
        assertThat(lights.get(3).path("pixels").asInt()).isEqualTo(8);
        assertThat(lights.get(0).path("effects").toString()).isEqualTo("[\"blink\"]");
        assertThat(lights.get(1).path("effects").toString()).isEqualTo("[\"blink\",\"breathe\"]");
        assertThat(lights.get(2).path("effects").toString()).isEqualTo("[\"blink\",\"breathe\",\"rainbow\"]");
        for (JsonNode l : lights) {
            assertThat(l.path("state").path("on").asBoolean()).isFalse();
        }
    }

    @Test
    void setAckStateForEveryLightKind() throws Exception {
        WsClient a = client("a");
        WsClient b = client("b");
        int mark = sim.mark();

        assertThat(reply(a, set(0).put("on", true)).path("type").asText()).isEqualTo("ack");
        sim.awaitLine(mark, l -> l.startsWith("light 0 on=1 brightness=255 color=ffffff effect=none"));

        assertThat(reply(a, set(1).put("on", true).put("brightness", 40).put("transitionMs", 300))
                        .path("type")
                        .asText())
                .isEqualTo("ack");
        sim.awaitLine(mark, l -> l.equals("light 1 on=1 brightness=40 color=ffffff effect=none fade_ms=300"));

        assertThat(reply(a, set(2).put("on", true).put("color", "#00ff80").put("effect", "breathe"))
                        .path("type")
                        .asText())
                .isEqualTo("ack");
        sim.awaitLine(mark, l -> l.startsWith("light 2 on=1 brightness=255 color=00ff80 effect=breathe"));

        assertThat(reply(
                                a,
                                set(3).put("on", true)
                                        .put("brightness", 90)
                                        .put("color", "#102030")
                                        .put("effect", "rainbow"))
                        .path("type")
                        .asText())
                .isEqualTo("ack");
        sim.awaitLine(mark, l -> l.startsWith("light 3 on=1 brightness=90 color=102030 effect=rainbow"));

        // Every client, not only the sender, sees what the board confirmed.
        for (WsClient c : List.of(a, b)) {
            awaitState(
                    c,
                    s -> s.path("light").asInt() == 3
                            && s.path("cause").asText().equals("command")
                            && s.path("color").asText().equals("#102030")
                            && s.path("effect").asText().equals("rainbow"));
            await().atMost(SimProcess.WAIT)
                    .until(() -> c.view().get("board0:1") != null
                            && c.view().get("board0:1").path("brightness").asInt() == 40);
        }

        // A change the light cannot do is refused by name and never reaches the board.
        JsonNode err = reply(a, set(1).put("color", "#ff0000"));
        assertThat(err.path("type").asText()).isEqualTo("error");
        assertThat(err.path("code").asText()).isEqualTo("unsupported");
        assertThat(sim.lines().subList(mark, sim.mark()))
                .noneMatch(l -> l.startsWith("light 1") && l.contains("ff0000"));
    }

    @Test
    void aButtonPressOnTheBoardReachesEveryClient() throws Exception {
        List<WsClient> all = List.of(client("a"), client("b"), client("c"));
        sim.command("button 0");
        for (WsClient c : all) {
            awaitState(
                    c,
                    s -> s.path("light").asInt() == 0
                            && s.path("cause").asText().equals("button")
                            && s.path("on").asBoolean());
        }
        sim.signal("USR1");
        for (WsClient c : all) {
            awaitState(
                    c,
                    s -> s.path("light").asInt() == 0
                            && s.path("cause").asText().equals("button")
                            && !s.path("on").asBoolean());
        }
    }

    @Test
    void aBoardRebootMakesTheBridgeReplayTheDesiredState() throws Exception {
        WsClient a = client("a");
        assertThat(reply(a, set(2).put("on", true).put("color", "#0000ff"))
                        .path("type")
                        .asText())
                .isEqualTo("ack");
        assertThat(reply(a, set(1).put("on", true).put("brightness", 17))
                        .path("type")
                        .asText())
                .isEqualTo("ack");
        int mark = sim.mark();

        sim.signal("HUP"); // reboot: ROM boot text, new boot id, every light off

        sim.awaitLine(mark, l -> l.startsWith("reboot boot_id="));
        sim.awaitLine(mark, l -> l.startsWith("light 2 on=1 brightness=255 color=0000ff "));
        sim.awaitLine(mark, l -> l.startsWith("light 1 on=1 brightness=17 "));
        await().atMost(SimProcess.WAIT)
                .until(() -> bridge.boards().get(0).status() == DeviceStatus.ONLINE
                        && bridge.boards().get(0).stats().resets() == 1);
        await().atMost(SimProcess.WAIT)
                .until(() -> a.view().get("board0:2").path("color").asText().equals("#0000ff")
                        && a.view().get("board0:1").path("brightness").asInt() == 17
                        && a.view().get("board0:1").path("on").asBoolean());
    }

    @Test
    void killingAndRestartingTheBoardMakesTheBridgeReconnect() throws Exception {
        WsClient a = client("a");
        assertThat(reply(a, set(3).put("on", true).put("color", "#abcdef"))
                        .path("type")
                        .asText())
                .isEqualTo("ack");

        sim.killHard(); // like pulling the USB cable
        awaitStatus(a, "offline");
        JsonNode err = reply(a, set(0).put("on", true));
        assertThat(err.path("code").asText()).isEqualTo("device_offline");

        sim.restart(); // plugged in again: same path, new pty, new boot id
        sim.awaitLine(0, l -> l.startsWith("light 3 on=1 brightness=255 color=abcdef "));
        awaitStatus(a, "online");
        assertThat(reply(a, set(0).put("on", true)).path("type").asText()).isEqualTo("ack");
        sim.awaitLine(0, l -> l.startsWith("light 0 on=1 "));
    }

    /** The command line a user types: {@code hilbridge --serial <port>}, in its own JVM. */
    @Test
    void theCommandLineBridgeDrivesTheBoard() throws Exception {
        bridge.close(); // this test runs its own bridge process on the same board
        bridge = null;
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        "io.hilbridge.cli.Main",
                        "--serial",
                        sim.link().toString(),
                        "--http-port",
                        "0")
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            Pattern listening = Pattern.compile("Listening on (http://\\S+?)/?$");
            String base = null;
            for (String line; base == null && (line = out.readLine()) != null; ) {
                Matcher m = listening.matcher(line);
                if (m.find()) base = m.group(1);
            }
            assertThat(base).as("the bridge printed its URL").isNotNull();
            Thread drain = new Thread(() -> out.lines().forEach(l -> {}));
            drain.setDaemon(true);
            drain.start();

            HttpClient http = HttpClient.newHttpClient();
            URI device = URI.create(base + "/api/devices/board0");
            await().atMost(SimProcess.WAIT)
                    .until(() -> JSON.readTree(http.send(
                                            HttpRequest.newBuilder(device).build(),
                                            HttpResponse.BodyHandlers.ofString())
                                    .body())
                            .path("status")
                            .asText()
                            .equals("online"));
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/devices/board0/lights/0"))
                            .PUT(HttpRequest.BodyPublishers.ofString("{\"on\":true}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            sim.awaitLine(0, l -> l.startsWith("light 0 on=1 "));
            assertThat(JSON.readTree(r.body())
                            .path("lights")
                            .get(0)
                            .path("state")
                            .path("on")
                            .asBoolean())
                    .isTrue();
        } finally {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
        }
    }
}
