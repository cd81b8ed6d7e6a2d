package io.hilbridge.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.link.LinkStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The REST bodies of websocket-api.md section 4 that {@link ApiJson} builds, each checked against its schema and its
 * rule: {@code GET /api/health} says ok only when every device is online, a boot id is 8 lower-case hex digits, a
 * device that has not said HELLO has no firmware and no lights, and a link without a round trip has no RTT.
 */
class RestBodiesJsonTest {
    private final FakeBoardLink board0 = FakeBoardLink.standard("board0");
    private final FakeBoardLink board1 = FakeBoardLink.standard("board1");
    private final ApiService api = new ApiService(List.of(board0, board1), "9.9.9", Duration.ofSeconds(5));

    @AfterEach
    void close() {
        api.close();
    }

    private static JsonNode valid(String schema, JsonNode body) {
        Schemas.assertValid(schema, ApiJson.write(body));
        return body;
    }

    @Test
    void healthIsOkOnlyWhenEveryDeviceIsOnline() {
        JsonNode ok = valid("rest-health.json", ApiJson.healthBody("9.9.9", api.boards(), 3));
        assertThat(ok.path("status").asText()).isEqualTo("ok");
        assertThat(ok.path("clients").asInt()).isEqualTo(3);
        assertThat(ok.path("apiVersion").asInt()).isEqualTo(ApiService.API_VERSION);
        assertThat(ok.path("bridgeVersion").asText()).isEqualTo("9.9.9");
        assertThat(ok.path("devices").findValuesAsText("status")).containsExactly("online", "online");
        for (DeviceStatus notOnline : List.of(DeviceStatus.RESYNCING, DeviceStatus.OFFLINE, DeviceStatus.CONNECTING)) {
            board0.status(notOnline);
            JsonNode degraded = valid("rest-health.json", ApiJson.healthBody("9.9.9", api.boards(), 0));
            assertThat(degraded.path("status").asText())
                    .as("board0 %s", notOnline)
                    .isEqualTo("degraded");
            assertThat(degraded.path("devices").get(0).path("status").asText()).isEqualTo(notOnline.apiName());
        }
        board0.status(DeviceStatus.ONLINE);
        board1.status(DeviceStatus.OFFLINE);
        assertThat(ApiJson.healthBody("9.9.9", api.boards(), 0).path("status").asText())
                .as("the last device counts too")
                .isEqualTo("degraded");
    }

    /** "bootId": "5e1f09a2": 8 lower-case hex digits, leading zeros kept, the boot id being a u32. */
    @Test
    void aBootIdIsEightLowerCaseHexDigits() {
        assertThat(ApiJson.bootId(0x5E1F09A2L)).isEqualTo("5e1f09a2");
        assertThat(ApiJson.bootId(0xABL)).isEqualTo("000000ab");
        assertThat(ApiJson.bootId(0xFFFFFFFFL)).isEqualTo("ffffffff");
        assertThat(ApiJson.bootId(0x1_0000_0001L))
                .as("only the u32 of the HELLO")
                .isEqualTo("00000001");
        JsonNode reset = valid("rest-reset.json", ApiJson.resetBody("board1", 0x5E1F09A2L));
        assertThat(ApiJson.write(reset)).isEqualTo("{\"device\":\"board1\",\"bootId\":\"5e1f09a2\"}");
    }

    @Test
    void devicesListsEveryDeviceInOrderWithTheVersions() {
        JsonNode body = valid("rest-devices.json", ApiJson.devicesBody("9.9.9", api.devices()));
        assertThat(body.path("apiVersion").asInt()).isEqualTo(ApiService.API_VERSION);
        assertThat(body.path("bridgeVersion").asText()).isEqualTo("9.9.9");
        assertThat(body.path("devices")).hasSize(2);
        assertThat(body.path("devices").get(0).path("id").asText()).isEqualTo("board0");
        assertThat(body.path("devices").get(1).path("id").asText()).isEqualTo("board1");
        assertThat(api.device("board1").orElseThrow().path("id").asText()).isEqualTo("board1");
        assertThat(api.device("nope")).isEmpty();
    }

    @Test
    void aDeviceWithoutHelloHasNoFirmwareAndNoLights() {
        board1.setInfo(null);
        board1.status(DeviceStatus.CONNECTING);
        JsonNode d = valid("rest-device.json", api.device("board1").orElseThrow());
        assertThat(d.path("status").asText()).isEqualTo("connecting");
        assertThat(d.path("firmware").isNull()).isTrue();
        assertThat(d.path("protocolVersion").isNull()).isTrue();
        assertThat(d.path("transport").asText()).isEqualTo("simulated (fake)");
        assertThat(d.path("lights")).isEmpty();
        JsonNode online = api.device("board0").orElseThrow();
        assertThat(online.path("firmware").asText()).isEqualTo("0.1.0");
        assertThat(online.path("protocolVersion").asInt()).isEqualTo(1);
        assertThat(online.path("lights").get(3).path("pending").asBoolean(true)).isFalse();
        assertThat(ApiJson.write(online.path("lights").get(1).path("effects")))
                .as("effects in their wire order, without none")
                .isEqualTo("[\"blink\",\"breathe\"]");
    }

    /** stats: lastRttMicros is null until the first round trip, then the measured value (0 included). */
    @Test
    void linkStatsShowNoRoundTripAsNull() {
        board0.stats(new LinkStats(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, -1, 15));
        JsonNode none = ApiJson.linkStats(board0);
        assertThat(none.path("lastRttMicros").isNull()).isTrue();
        board0.stats(new LinkStats(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 0, 15));
        assertThat(ApiJson.linkStats(board0).path("lastRttMicros").isNumber()).isTrue();
        assertThat(ApiJson.linkStats(board0).path("lastRttMicros").asLong()).isZero();
        assertThat(api.stats("board1").path("devices").findValuesAsText("device"))
                .containsExactly("board1");
        assertThat(api.stats(null).path("devices").findValuesAsText("device")).containsExactly("board0", "board1");
    }

    /** GET /api/devices/{d}/scenes (rest-scenes.json): the same list a scene.list message carries, without type and id. */
    @Test
    void theScenesBodyIsTheDevicesListOfScenes() {
        api.scenes().save("board1", "Evening", false);
        api.scenes().markPowerOn("board1", "evening");
        JsonNode body =
                valid("rest-scenes.json", SceneMessages.listBody(api.scenes().list("board1")));
        assertThat(body.path("device").asText()).isEqualTo("board1");
        assertThat(body.path("powerOn").asText()).isEqualTo("Evening");
        assertThat(body.path("scenes").findValuesAsText("name")).containsExactly("Evening");
        assertThat(body.has("type")).isFalse();
    }
}
