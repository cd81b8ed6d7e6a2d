package io.hilbridge.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hilbridge.lights.BoardInfo;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.Effect;
import io.hilbridge.lights.LightFault;
import io.hilbridge.lights.LightInfo;
import io.hilbridge.lights.LightState;
import io.hilbridge.lights.StateCause;
import io.hilbridge.link.BoardLink;
import io.hilbridge.link.LinkStats;
import io.hilbridge.link.Messages;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The JSON shapes of protocol-spec/websocket-api.md (and the REST bodies, which reuse them), built with Jackson's
 * tree model. Every message the bridge sends is built here (the board's log next door, in {@link LogJson}) and nowhere
 * else (the services only route), so the schemas in protocol-spec/schemas/ have one producer to check.
 *
 * <p>Stateless and thread-safe (the shared mapper is immutable once built).
 */
public final class ApiJson {
    /** Duplicate keys are refused (which of two "on" values did the client mean?); nesting is bounded. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS) // "{...} junk" is not one JSON value
            .build();

    static {
        MAPPER.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(32)
                        .maxStringLength(64 * 1024)
                        .maxNumberLength(64)
                        .build());
    }

    private ApiJson() {}

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode JSON tree", e); // trees always encode
        }
    }

    /** The snapshot of one device: id, status, firmware, transport and every light with its state. */
    public static ObjectNode device(BoardLink board, DeviceStatus status) {
        ObjectNode d = object();
        d.put("id", board.deviceId());
        fillDevice(d, board, status);
        return d;
    }

    /** Every device's snapshot, in the given order (as in {@code hello}, {@code snapshot} and REST). */
    public static ArrayNode devices(Collection<BoardLink> boards) {
        ArrayNode a = MAPPER.createArrayNode();
        for (BoardLink b : boards) a.add(device(b, b.status()));
        return a;
    }

    /**
     * The {@code device} broadcast: identity, status and capabilities, but no light states. States travel only in
     * {@code state} messages, whose coalescing key is per light; a device message carrying states could be
     * overtaken in a slow client's coalescing queue by a newer state and then overwrite it with an older one.
     */
    static ObjectNode deviceMessage(BoardLink board, DeviceStatus status) {
        ObjectNode d = object();
        d.put("type", "device");
        d.put("device", board.deviceId());
        fillDevice(d, board, status, false);
        return d;
    }

    private static void fillDevice(ObjectNode d, BoardLink board, DeviceStatus status) {
        fillDevice(d, board, status, true);
    }

    private static void fillDevice(ObjectNode d, BoardLink board, DeviceStatus status, boolean withStates) {
        d.put("status", status.apiName());
        Optional<BoardInfo> info = board.info();
        if (info.isPresent()) {
            d.put("firmware", info.get().firmwareVersion());
            d.put("protocolVersion", info.get().protocolVersion());
        } else {
            d.putNull("firmware");
            d.putNull("protocolVersion");
        }
        d.put("transport", board.transport());
        ArrayNode lights = d.putArray("lights");
        if (info.isEmpty()) return;
        List<LightState> reported = board.reportedStates();
        List<LightState> desired = board.desiredStates();
        for (LightInfo li : info.get().lights()) {
            ObjectNode l = lights.addObject();
            l.put("id", li.id());
            l.put("name", li.name());
            l.put("kind", li.kind().apiName());
            l.put("pixels", li.pixels());
            ArrayNode fx = l.putArray("effects");
            for (Effect e : Effect.values()) {
                if (e != Effect.NONE && li.effects().contains(e)) fx.add(e.apiName());
            }
            if (!withStates) continue;
            LightState r = li.id() < reported.size() ? reported.get(li.id()) : null;
            LightState w = li.id() < desired.size() ? desired.get(li.id()) : null;
            if (r == null) l.putNull("state");
            else l.set("state", state(r));
            if (w == null) l.putNull("desired");
            else l.set("desired", state(w));
            l.put("pending", board.pending(li.id()));
            putFault(l, Optional.ofNullable(board.faults().get(li.id())));
        }
    }

    static ObjectNode state(LightState s) {
        ObjectNode o = object();
        putState(o, s);
        return o;
    }

    private static void putState(ObjectNode o, LightState s) {
        o.put("on", s.on());
        o.put("brightness", s.brightness());
        o.put("color", s.color().hex());
        o.put("effect", s.effect().apiName());
        PixelsJson.put(o, s);
    }

    private static void putFault(ObjectNode o, Optional<LightFault> fault) {
        if (fault.isPresent()) o.put("fault", fault.get().apiName());
        else o.putNull("fault");
    }

    /** The {@code fault} broadcast: a light's hardware fault appeared, or cleared ({@code fault} null). */
    static ObjectNode faultMessage(String device, int light, Optional<LightFault> fault) {
        ObjectNode o = object();
        o.put("type", "fault");
        o.put("device", device);
        o.put("light", light);
        putFault(o, fault);
        return o;
    }

    /** The live view's {@code pixels} message: one PIXELS chunk, colours as {@code #rrggbb}. */
    static ObjectNode pixelsMessage(String device, Messages.Pixels p) {
        ObjectNode o = object();
        o.put("type", "pixels");
        o.put("device", device);
        o.put("light", p.light());
        o.put("first", p.first());
        ArrayNode colors = o.putArray("colors");
        char[] hex = new char[7];
        hex[0] = '#';
        for (int i = 0; i < p.count(); i++) {
            int c = p.color(i);
            for (int k = 0; k < 6; k++) hex[1 + k] = Character.forDigit((c >> (20 - 4 * k)) & 0xF, 16);
            colors.add(new String(hex));
        }
        return o;
    }

    static ObjectNode stateMessage(String device, int light, LightState s, StateCause cause) {
        ObjectNode o = object();
        o.put("type", "state");
        o.put("device", device);
        o.put("light", light);
        putState(o, s);
        o.put("cause", cause.apiName());
        return o;
    }

    static ObjectNode linkStats(BoardLink board) {
        LinkStats s = board.stats();
        ObjectNode o = object();
        o.put("device", board.deviceId());
        o.put("status", board.status().apiName());
        o.put("framesSent", s.framesSent());
        o.put("framesReceived", s.framesReceived());
        o.put("bytesSent", s.bytesSent());
        o.put("bytesReceived", s.bytesReceived());
        o.put("cobsErrors", s.cobsErrors());
        o.put("runtErrors", s.runtErrors());
        o.put("crcErrors", s.crcErrors());
        o.put("versionErrors", s.versionErrors());
        o.put("oversizeErrors", s.oversizeErrors());
        o.put("decodeErrors", s.decodeErrors());
        o.put("retransmits", s.retransmits());
        o.put("timeouts", s.timeouts());
        o.put("nacks", s.nacks());
        o.put("reconnects", s.reconnects());
        o.put("resets", s.resets());
        if (s.lastRttMicros() < 0) o.putNull("lastRttMicros");
        else o.put("lastRttMicros", s.lastRttMicros());
        o.put("bootText", s.bootText());
        o.put("noiseErrors", s.noiseErrors());
        return o;
    }

    /** A boot id as the API shows it: 8 lower-case hex digits. */
    public static String bootId(long bootId) {
        return String.format("%08x", bootId & 0xFFFFFFFFL);
    }

    /** The lights a command addressed, in the form clients used: a number, a list of numbers, or "all". */
    static JsonNode lightTarget(LightTarget target) {
        if (target.all()) return MAPPER.getNodeFactory().textNode("all");
        if (target.ids().size() == 1)
            return MAPPER.getNodeFactory().numberNode(target.ids().get(0));
        ArrayNode a = MAPPER.createArrayNode();
        target.ids().forEach(a::add);
        return a;
    }

    // ---------------------------------------------------------------- WebSocket messages

    /** The first message on every connection: versions and every device's snapshot. */
    static ObjectNode helloMessage(String bridgeVersion, ArrayNode devices) {
        ObjectNode o = object();
        o.put("type", "hello");
        o.put("apiVersion", ApiService.API_VERSION);
        o.put("bridgeVersion", bridgeVersion);
        o.set("devices", devices);
        return o;
    }

    /** The reply to {@code get}. */
    static ObjectNode snapshotMessage(JsonNode id, ArrayNode devices) {
        ObjectNode o = reply("snapshot", id);
        o.set("devices", devices);
        return o;
    }

    /** The body of a {@code stats} reply: the client count and the link statistics of the given boards. */
    static ObjectNode stats(int clients, Collection<BoardLink> boards) {
        ObjectNode o = object();
        o.put("clients", clients);
        ArrayNode a = o.putArray("devices");
        for (BoardLink b : boards) a.add(linkStats(b));
        return o;
    }

    /** The reply to {@code health}: the body of {@code io.hilbridge.health.HealthJson} with its type and id. */
    static ObjectNode healthMessage(JsonNode id, ObjectNode health) {
        ObjectNode o = reply("health", id);
        o.setAll(health);
        return o;
    }

    /** The reply to {@code stats}: {@link #stats} with its type and id. */
    static ObjectNode statsMessage(JsonNode id, ObjectNode stats) {
        ObjectNode o = reply("stats", id);
        o.setAll(stats);
        return o;
    }

    /** The answer to a {@code set} the board has confirmed for every addressed light. */
    static ObjectNode ackMessage(JsonNode id, String device, LightTarget target) {
        ObjectNode o = reply("ack", id);
        o.put("device", device);
        o.set("light", lightTarget(target));
        return o;
    }

    /** The answer to {@code pixels.subscribe} and {@code pixels.unsubscribe}: the devices the client now watches. */
    static ObjectNode pixelsWatchingMessage(JsonNode id, List<String> devices) {
        ObjectNode o = reply("pixels.watching", id);
        ArrayNode a = o.putArray("devices");
        devices.forEach(a::add);
        return o;
    }

    /** The answer to a {@code reset}, once the board is back with a new boot id. */
    static ObjectNode resetMessage(JsonNode id, String device, long bootId) {
        ObjectNode o = reply("reset", id);
        o.put("device", device);
        o.put("bootId", bootId(bootId));
        return o;
    }

    /** An error body: {@code {"code","message"}}, with "type":"error" and "id" added for WebSocket replies. */
    public static ObjectNode errorBody(String code, String message) {
        ObjectNode o = object();
        o.put("code", code);
        o.put("message", message);
        return o;
    }

    static ObjectNode errorMessage(JsonNode id, String code, String message) {
        ObjectNode o = reply("error", id);
        o.put("code", code);
        o.put("message", message);
        return o;
    }

    /**
     * The start of every reply to a client's message: its type and the client's id echoed (null when none; Jackson
     * stores a null value as JSON null).
     */
    static ObjectNode reply(String type, JsonNode id) {
        ObjectNode o = object();
        o.put("type", type);
        o.set("id", id);
        return o;
    }

    // ---------------------------------------------------------------- REST bodies

    /** {@code GET /api/devices}: versions and every device's snapshot. */
    public static ObjectNode devicesBody(String bridgeVersion, ArrayNode devices) {
        ObjectNode o = object();
        o.put("apiVersion", ApiService.API_VERSION);
        o.put("bridgeVersion", bridgeVersion);
        o.set("devices", devices);
        return o;
    }

    /**
     * {@code GET /api/health}: each device's status and "ok" when all are online, else "degraded". The bridge
     * answering is what health means; devices being offline is reported, not an HTTP failure.
     */
    public static ObjectNode healthBody(String bridgeVersion, List<BoardLink> boards, int clients) {
        ObjectNode o = object();
        boolean allOnline = true;
        ArrayNode devices = o.putArray("devices");
        for (BoardLink b : boards) {
            DeviceStatus s = b.status(); // read once: the verdict and the list must agree
            allOnline &= s == DeviceStatus.ONLINE;
            devices.addObject().put("id", b.deviceId()).put("status", s.apiName());
        }
        o.put("status", allOnline ? "ok" : "degraded");
        o.put("bridgeVersion", bridgeVersion);
        o.put("apiVersion", ApiService.API_VERSION);
        o.put("clients", clients);
        return o;
    }

    /** {@code POST /api/devices/{device}/reset}: the device and its new boot id. */
    public static ObjectNode resetBody(String device, long bootId) {
        ObjectNode o = object();
        o.put("device", device);
        o.put("bootId", bootId(bootId));
        return o;
    }
}
