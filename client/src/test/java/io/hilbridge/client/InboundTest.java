package io.hilbridge.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the client does with each server message of websocket-api.md section 2, without a connection: the view is
 * updated first, then the listeners are told, then the waiting command is answered (HilbridgeClient's class
 * comment), and a type from a later API version is ignored.
 */
class InboundTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** websocket-api.md's hello example: board0 with light 0 (off) and light 2 (on, #ff8800). */
    private static final String HELLO = """
            {"type": "hello", "apiVersion": 1, "bridgeVersion": "0.1.0", "devices": [{"id": "board0",
             "status": "online", "firmware": "0.1.0", "protocolVersion": 1, "transport": "simulated (loopback)",
             "lights": [
              {"id": 0, "name": "Onboard LED", "kind": "onoff", "pixels": 1, "effects": ["blink"],
               "state": {"on": false, "brightness": 255, "color": "#ffffff", "effect": "none"},
               "desired": {"on": false, "brightness": 255, "color": "#ffffff", "effect": "none"},
               "pending": false, "fault": null},
              {"id": 2, "name": "RGB LED", "kind": "rgb", "pixels": 1, "effects": ["blink", "breathe", "rainbow"],
               "state": {"on": true, "brightness": 128, "color": "#ff8800", "effect": "none"},
               "desired": {"on": true, "brightness": 128, "color": "#ff8800", "effect": "none"},
               "pending": false, "fault": null}]}]}""";

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final DeviceMirror mirror = new DeviceMirror();
    private final PendingCommands pending = new PendingCommands(timer, 8);
    private final LogBook logBook = new LogBook();
    private final Recorder recorder = new Recorder();
    /** What happened, in order: listener calls and the connection's marks. */
    private final List<String> order = new CopyOnWriteArrayList<>();

    private final Inbound inbound = new Inbound(mirror, pending, logBook, call -> call.accept(recorder));
    private final Inbound.Connection connection = new Inbound.Connection() {
        @Override
        public void up() {
            // Up before the listeners hear of the hello: one reacting to it may already send a command.
            order.add("up with " + mirror.devices().size() + " device(s) in the view, " + recorder.devices.size()
                    + " told");
        }

        @Override
        public void announced() {
            order.add("announced after " + recorder.connection + " " + recorder.devices.size() + " device(s)");
        }
    };

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private void handle(String message) {
        try {
            inbound.handle(JSON.readTree(message), connection);
        } catch (java.io.IOException e) {
            throw new AssertionError(message, e);
        }
    }

    private CompletableFuture<JsonNode> waitFor(String id) {
        return pending.register(id, "command " + id, Duration.ofSeconds(30), m -> m);
    }

    @Test
    void aHelloFillsTheViewBeforeTheConnectionIsUpAndTellsListenersBeforeConnectReturns() {
        handle(HELLO);

        assertThat(order)
                .containsExactly("up with 1 device(s) in the view, 0 told", "announced after [up] 1 device(s)");
        assertThat(mirror.device("board0").lights()).extracting(Light::id).containsExactly(0, 2);
        assertThat(recorder.devices).extracting(Device::id).containsExactly("board0");
        assertThat(recorder.states)
                .as("every reported light is new to the view: one SNAPSHOT event each")
                .extracting(e -> e.light() + " " + e.cause())
                .containsExactly("0 SNAPSHOT", "2 SNAPSHOT");
        assertThat(recorder.connectionDetails).containsExactly("connected");
    }

    @Test
    void aSnapshotReportsOnlyTheLightsThatChangedAndThenAnswersTheGet() {
        handle(HELLO);
        recorder.states.clear();
        recorder.devices.clear();
        CompletableFuture<JsonNode> get = waitFor("g1");
        List<String> seenWhenAnswered = new CopyOnWriteArrayList<>();
        get.thenRun(() -> seenWhenAnswered.add(recorder.states.size() + " event(s), light 2 "
                + mirror.device("board0").light(2).orElseThrow().state()));

        handle(HELLO.replace("\"hello\"", "\"snapshot\", \"id\": \"g1\"")
                .replace("\"on\": true, \"brightness\": 128", "\"on\": true, \"brightness\": 9"));

        assertThat(recorder.states)
                .extracting(e -> e.light() + " " + e.state().brightness() + " " + e.cause())
                .containsExactly("2 9 SNAPSHOT");
        assertThat(recorder.devices).extracting(Device::id).containsExactly("board0");
        assertThat(seenWhenAnswered)
                .containsExactly("1 event(s), light 2 {on=true, brightness=9, color=#ff8800, effect=none}");
        assertThat(get.join().path("type").asText()).isEqualTo("snapshot");
        assertThat(order).as("a snapshot is no new connection").hasSize(2);
    }

    @Test
    void aStateUpdatesTheViewBeforeTheListenerHearsIt() {
        handle(HELLO);
        recorder.states.clear();
        List<LightState> viewWhenTold = new CopyOnWriteArrayList<>();
        Inbound watched = new Inbound(
                mirror,
                pending,
                logBook,
                call -> call.accept(new ClientListener() {
                    @Override
                    public void onState(StateEvent e) {
                        viewWhenTold.add(mirror.device(e.device())
                                .light(e.light())
                                .orElseThrow()
                                .state());
                    }
                }));

        watched.handle(
                json("{\"type\": \"state\", \"device\": \"board0\", \"light\": 2, \"on\": true, \"brightness\": 200,"
                        + " \"color\": \"#00ff00\", \"effect\": \"none\", \"cause\": \"command\"}"),
                connection);

        LightState confirmed = new LightState(true, 200, "#00ff00", Effect.NONE);
        assertThat(viewWhenTold).containsExactly(confirmed);
        assertThat(mirror.device("board0").light(0).orElseThrow().state().on())
                .as("only the addressed light changes")
                .isFalse();
    }

    @Test
    void aDeviceMessageKeepsTheStatesOfLightsTheViewKnows() {
        handle(HELLO);
        recorder.devices.clear();

        handle("{\"type\": \"device\", \"device\": \"board0\", \"status\": \"offline\", \"firmware\": \"0.1.0\","
                + " \"protocolVersion\": 1, \"transport\": \"simulated (loopback)\", \"lights\": [{\"id\": 0,"
                + " \"name\": \"Onboard LED\", \"kind\": \"onoff\", \"pixels\": 1, \"effects\": [\"blink\"]}]}");

        Device d = mirror.device("board0");
        assertThat(d.status()).isEqualTo(DeviceStatus.OFFLINE);
        assertThat(d.lights()).extracting(Light::id).containsExactly(0);
        assertThat(d.light(0).orElseThrow().state()).isEqualTo(new LightState(false, 255, "#ffffff", Effect.NONE));
        assertThat(recorder.devices).containsExactly(d);
    }

    @Test
    void aFaultMarksTheLightAndReachesTheListener() {
        handle(HELLO);

        handle("{\"type\": \"fault\", \"device\": \"board0\", \"light\": 2, \"fault\": \"output_stuck\"}");
        assertThat(mirror.device("board0").light(2).orElseThrow().fault()).isEqualTo("output_stuck");
        assertThat(mirror.device("board0").light(0).orElseThrow().fault()).isNull();
        handle("{\"type\": \"fault\", \"device\": \"board0\", \"light\": 2, \"fault\": null}");

        assertThat(mirror.device("board0").light(2).orElseThrow().fault()).isNull();
        assertThat(recorder.faults).containsExactly("board0/2=output_stuck", "board0/2=null");
    }

    @Test
    void aResetIsToldToListenersAndAnswersItsCommand() {
        CompletableFuture<JsonNode> reset = waitFor("r1");
        List<Boolean> answeredWhenTold = new CopyOnWriteArrayList<>();
        Inbound watched = new Inbound(
                mirror,
                pending,
                logBook,
                call -> call.accept(new ClientListener() {
                    @Override
                    public void onReset(ResetResult r) {
                        answeredWhenTold.add(reset.isDone());
                    }
                }));

        watched.handle(
                json("{\"type\": \"reset\", \"id\": \"r1\", \"device\": \"board0\", \"bootId\": \"5e1f09a2\"}"),
                connection);

        assertThat(answeredWhenTold).containsExactly(false);
        assertThat(reset.join().path("bootId").asText()).isEqualTo("5e1f09a2");
        handle("{\"type\": \"reset\", \"id\": \"r9\", \"device\": \"board0\", \"bootId\": \"00000001\"}");
        assertThat(recorder.resets).containsExactly(new ResetResult("board0", "00000001"));
    }

    @Test
    void aLogLineGoesToTheLogBookAndTheListeners() {
        handle(HELLO);

        handle("{\"type\": \"log\", \"device\": \"board0\", \"seq\": 42, \"time\": \"2026-12-06T23:51:07.318Z\","
                + " \"level\": \"warn\", \"source\": \"log\", \"text\": \"W (81234) hilbridge: host silent\","
                + " \"dropped\": 0}");

        LogLine line = new LogLine(
                "board0",
                42,
                Instant.parse("2026-12-06T23:51:07.318Z"),
                LogLine.Level.WARN,
                false,
                "W (81234) hilbridge: host silent",
                0);
        assertThat(logBook.lines("board0")).containsExactly(line);
        assertThat(recorder.logs).containsExactly(line);
    }

    @Test
    void ackErrorAndStatsAnswerTheirCommandsById() {
        CompletableFuture<JsonNode> ack = waitFor("c17");
        CompletableFuture<JsonNode> error = waitFor("c18");
        CompletableFuture<JsonNode> stats = waitFor("s1");

        handle("{\"type\": \"ack\", \"id\": \"c17\", \"device\": \"board0\", \"light\": 2}");
        handle("{\"type\": \"error\", \"id\": \"c18\", \"code\": \"unsupported\", \"message\": \"no color\"}");
        handle("{\"type\": \"stats\", \"id\": \"s1\", \"clients\": 2, \"devices\": []}");

        assertThat(ack.join().path("light").asInt()).isEqualTo(2);
        assertThat(HilbridgeException.of(error.handle((v, e) -> e).join()).errorCode())
                .isEqualTo(ErrorCode.UNSUPPORTED);
        assertThat(stats.join().path("clients").asInt()).isEqualTo(2);
        assertThat(pending.size()).isZero();
    }

    @Test
    void aTypeOfALaterVersionIsIgnoredAndAMessageWithoutTypeIsRefused() {
        handle(HELLO);
        order.clear();
        CompletableFuture<JsonNode> waiting = waitFor("x1");

        handle("{\"type\": \"hologram\", \"id\": \"x1\", \"device\": \"board0\"}");

        assertThat(waiting).as("an unknown type answers nothing").isNotDone();
        assertThat(order).isEmpty();
        assertThatThrownBy(() -> handle("{\"id\": \"x1\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("message without \"type\"");
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(text, e);
        }
    }
}
