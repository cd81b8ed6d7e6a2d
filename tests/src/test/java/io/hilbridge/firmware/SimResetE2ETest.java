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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reset command against the firmware's C core as {@code hilbridge-sim} behind a pty: a pty has no reset line, so
 * the bridge sends REBOOT_REQ; the core acknowledges it, the simulator reboots (a new boot id on its stdout), and the
 * bridge replays the desired state before answering. Over REST and WebSocket; an offline board is a clear error.
 */
class SimResetE2ETest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BOOT = Pattern.compile("reboot boot_id=0x([0-9a-f]{8})");

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

    private static ObjectNode msg(String type) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", type);
        n.put("device", "board0");
        return n;
    }

    private String bootIdAfter(int mark) {
        String line = sim.awaitLine(mark, l -> BOOT.matcher(l).find());
        Matcher m = BOOT.matcher(line);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static List<String> statuses(WsClient c) {
        return c.ofType("device").stream().map(d -> d.path("status").asText()).toList();
    }

    @Test
    void webSocketResetRebootsTheCoreAndReplaysTheLights() throws Exception {
        WsClient a = client("a");
        WsClient b = client("b");
        assertThat(a.request(msg("set").put("light", 2).put("on", true).put("color", "#00ffaa"))
                        .get(15, TimeUnit.SECONDS)
                        .path("type")
                        .asText())
                .isEqualTo("ack");
        int mark = sim.mark();
        int seenByA = statuses(a).size();
        int seenByB = statuses(b).size();

        JsonNode done = a.request(msg("reset")).get(40, TimeUnit.SECONDS);

        assertThat(done.path("type").asText()).as(done.toString()).isEqualTo("reset");
        sim.awaitLine(mark, l -> l.equals("reboot requested by the host"));
        assertThat(done.path("bootId").asText()).isEqualTo(bootIdAfter(mark));
        // Replayed before the answer: the core printed the light's restored state after its reboot.
        int rebootAt = indexOf(mark, l -> BOOT.matcher(l).find());
        sim.awaitLine(rebootAt, l -> l.startsWith("light 2 on=1 brightness=255 color=00ffaa "));
        assertThat(bridge.boards().get(0).stats().resets()).isEqualTo(1);
        // Every client hears of the reset and ends with the board online. A reset that takes a few milliseconds may
        // reach a client as one "online" device message: device messages are coalesced per device (latest wins).
        for (WsClient c : List.of(a, b)) {
            int before = c == a ? seenByA : seenByB;
            await().atMost(SimProcess.WAIT)
                    .alias("a device message after the reset, the last one online")
                    .until(() -> statuses(c).size() > before
                            && statuses(c).get(statuses(c).size() - 1).equals("online"));
        }
    }

    @Test
    void restResetAnswersOnceTheBoardIsBackAndAKilledBoardIsOffline() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI reset = URI.create("http://127.0.0.1:" + bridge.httpPort() + "/api/devices/board0/reset");
        int mark = sim.mark();
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(reset)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).path("bootId").asText()).isEqualTo(bootIdAfter(mark));

        sim.killHard();
        await().atMost(SimProcess.WAIT).until(() -> bridge.boards().get(0).status() == DeviceStatus.OFFLINE);
        r = http.send(
                HttpRequest.newBuilder(reset)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        assertThat(JSON.readTree(r.body()).path("code").asText()).isEqualTo("device_offline");
    }

    private int indexOf(int from, java.util.function.Predicate<String> p) {
        List<String> lines = sim.lines();
        for (int i = from; i < lines.size(); i++) {
            if (p.test(lines.get(i))) return i;
        }
        throw new AssertionError("no such line after " + from + ": " + lines.subList(from, lines.size()));
    }
}
