package io.hilbridge.client;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The client's connection life against a {@link ScriptedBridge} (websocket-api.md section 1 and 2, client/README.md):
 * connect returns after the hello and fails with the reason when none comes or the bridge closes first; a dropped
 * connection fails waiting commands, tells the listeners and reconnects (or stays down with reconnect off); a
 * message the client cannot read after the hello is counted and ignored; close ends everything once.
 */
class ClientLifecycleTest {
    static final String HELLO = "{\"type\":\"hello\",\"apiVersion\":1,\"bridgeVersion\":\"t\",\"devices\":[{\"id\":"
            + "\"board0\",\"status\":\"online\",\"firmware\":\"0.1.0\",\"protocolVersion\":1,\"transport\":\"script\","
            + "\"lights\":[{\"id\":0,\"name\":\"Status LED\",\"kind\":\"onoff\",\"pixels\":1,\"effects\":[\"blink\"],"
            + "\"state\":{\"on\":false,\"brightness\":255,\"color\":\"#ffffff\",\"effect\":\"none\"},\"desired\":null,"
            + "\"pending\":false,\"fault\":null}]}]}";
    static final String STATE_ON = "{\"type\":\"state\",\"device\":\"board0\",\"light\":0,\"cause\":\"button\","
            + "\"on\":true,\"brightness\":255,\"color\":\"#ffffff\",\"effect\":\"none\"}";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ClientOptions ONCE = ClientOptions.defaults().withReconnect(false);

    private ScriptedBridge bridge;
    private HilbridgeClient client;

    @AfterEach
    void closeBoth() {
        if (client != null) client.close();
        if (bridge != null) bridge.close();
    }

    static JsonNode json(String text) {
        try {
            return ClientMessages.mapper().readTree(text);
        } catch (IOException e) {
            throw new AssertionError(text, e);
        }
    }

    private static HilbridgeException failureOf(CompletableFuture<?> f) {
        Throwable t = f.handle((v, e) -> e).orTimeout(15, TimeUnit.SECONDS).join();
        HilbridgeException h = HilbridgeException.of(t);
        assertThat(h).as("a HilbridgeException inside " + t).isNotNull();
        return h;
    }

    private void awaitReceived(int n) {
        await("the scripted bridge received " + n + " message(s)")
                .atMost(WAIT)
                .until(() -> bridge.received.size() >= n);
    }

    /** The client timer threads alive now. */
    private static java.util.Set<Thread> timerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("hilbridge-client-timer") && t.isAlive())
                .collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void connectFailsWithTheBridgesCloseCodeWhenItClosesBeforeItsHelloAndLeavesNoThreadBehind() {
        bridge = new ScriptedBridge();
        bridge.closeOnOpen(1013, "too many WebSocket clients");
        java.util.Set<Thread> before = timerThreads();
        assertThatThrownBy(() -> HilbridgeClient.connect(bridge.ws(), null, ONCE))
                .isInstanceOfSatisfying(
                        HilbridgeException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CONNECT_FAILED))
                .hasMessage("client:connect_failed: " + bridge.ws() + ": the connection ended before the bridge's"
                        + " hello: the bridge closed the connection (1013 too many WebSocket clients)");
        await("the failed client's timer thread ended").atMost(WAIT).until(() -> before.containsAll(timerThreads()));
    }

    @Test
    void connectFailsAtItsDeadlineWhenTheBridgeOpensButSendsNoHello() {
        bridge = new ScriptedBridge();
        ClientOptions quick = ONCE.withConnectTimeout(Duration.ofMillis(2000));
        assertThatThrownBy(() -> HilbridgeClient.connect(bridge.ws(), null, quick))
                .isInstanceOfSatisfying(
                        HilbridgeException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CONNECT_FAILED))
                .hasMessage("client:connect_failed: " + bridge.ws()
                        + ": connected, but no hello from the bridge within 2000 ms");
        await("the client closed the connection it gave up on")
                .atMost(WAIT)
                .until(() -> bridge.opened.get() == 1 && bridge.connections() == 0);
    }

    @Test
    void aWssAddressIsAcceptedAndNamedWhenNothingAnswers() throws IOException {
        int freePort;
        try (ServerSocket s = new ServerSocket(0)) {
            freePort = s.getLocalPort();
        }
        URI nowhere = URI.create("wss://127.0.0.1:" + freePort + "/ws");
        assertThatThrownBy(() -> HilbridgeClient.connect(nowhere, null, ONCE.withConnectTimeout(Duration.ofSeconds(2))))
                .isInstanceOfSatisfying(
                        HilbridgeException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CONNECT_FAILED))
                .hasMessageContaining(nowhere.toString());
    }

    @Test
    void aMessageTheClientCannotReadAfterTheHelloIsCountedAndTheConnectionStays() {
        bridge = new ScriptedBridge(HELLO);
        client = HilbridgeClient.connect(bridge.ws(), null, ONCE);
        assertThat(client.malformedMessages()).isZero();

        bridge.send("this is not JSON");
        bridge.send("{\"no\":\"type\"}");
        bridge.send(STATE_ON);

        client.awaitState("board0", 0, LightChange.turnOn(), WAIT);
        assertThat(client.malformedMessages()).isEqualTo(2);
        assertThat(client.connected()).isTrue();
    }

    @Test
    void aDroppedConnectionFailsWaitingCommandsAndWithReconnectOffStaysDown() {
        bridge = new ScriptedBridge(HELLO);
        client = HilbridgeClient.connect(bridge.ws(), null, ONCE);
        Recorder r = new Recorder();
        client.addListener(r);
        CompletableFuture<Ack> unanswered = client.set("board0", 0, LightChange.turnOn());
        awaitReceived(1);

        bridge.closeEach(1001, "bridge stopping");

        HilbridgeException e = failureOf(unanswered);
        assertThat(e.errorCode()).isEqualTo(ErrorCode.DISCONNECTED);
        assertThat(e)
                .hasMessage("client:disconnected: set board0 light 0 {on=true}: the connection to " + bridge.ws()
                        + " ended before the answer (the bridge closed the connection (1001 bridge stopping)); the"
                        + " command may or may not have been applied");
        await("the listener told the connection is down").atMost(WAIT).until(() -> !r.connection.isEmpty());
        assertThat(r.connection).containsExactly("down");
        assertThat(r.connectionDetails).containsExactly("the bridge closed the connection (1001 bridge stopping)");
        assertThat(client.connected()).isFalse();
        assertThat(client.mirror().connectionState())
                .isEqualTo("down (the bridge closed the connection (1001 bridge stopping))");
        assertThat(bridge.opened).as("no reconnect").hasValue(1);
        assertThat(failureOf(client.set("board0", 0, LightChange.turnOn())).getMessage())
                .isEqualTo("client:disconnected: set board0 light 0 {on=true}: not connected to " + bridge.ws()
                        + " (down (the bridge closed the connection (1001 bridge stopping)))");
    }

    @Test
    void aDroppedConnectionIsReconnectedAndAfterThatSuccessTheBackoffStartsAgain() {
        bridge = new ScriptedBridge(HELLO);
        client = HilbridgeClient.connect(
                bridge.ws(), null, ClientOptions.defaults().withBackoff(Duration.ofMillis(20), Duration.ofSeconds(1)));
        Recorder r = new Recorder();
        client.addListener(r);

        bridge.closeEach(1001, "restart");
        await("reconnected").atMost(WAIT).until(() -> r.connection.contains("up"));
        assertThat(client.connected()).isTrue();
        assertThat(client.mirror().connectionState()).isEqualTo("up");
        assertThat(r.connectionDetails).containsExactly("the bridge closed the connection (1001 restart)", "connected");

        bridge.onOpen(); // the next connection gets no hello: the client keeps the state the drop left
        bridge.closeEach(1001, "restart");
        await("the reconnect's connection opened").atMost(WAIT).until(() -> bridge.opened.get() == 3);

        assertThat(client.mirror().connectionState())
                .as("the success reset the backoff: attempt 1 after the first delay")
                .isEqualTo("down (the bridge closed the connection (1001 restart)); reconnect attempt 1 in 20 ms");
        assertThat(r.connection).containsExactly("down", "up", "down");
        assertThat(client.connected()).isFalse();
    }

    @Test
    void aFailedReconnectIsRetriedAfterTwiceTheDelayAndItsReasonShown() {
        bridge = new ScriptedBridge(HELLO);
        client = HilbridgeClient.connect(
                bridge.ws(), null, ClientOptions.defaults().withBackoff(Duration.ofMillis(20), Duration.ofSeconds(1)));

        bridge.onOpen(); // the second reconnect gets no hello and waits: the state stays as the first failure left it
        bridge.closeOnOpen(1013, "try again later"); // the first reconnect is closed at once
        bridge.closeEach(1001, "restart");
        await("the second reconnect's connection opened").atMost(WAIT).until(() -> bridge.opened.get() == 3);

        assertThat(client.mirror().connectionState())
                .isEqualTo("down (client:connect_failed: " + bridge.ws() + ": the connection ended before the"
                        + " bridge's hello: the bridge closed the connection (1013 try again later)); reconnect attempt"
                        + " 2 in 40 ms");
    }

    @Test
    void aReconnectWithoutHelloIsClosedAtTheConnectDeadlineAndRetried() {
        bridge = new ScriptedBridge(HELLO);
        client = HilbridgeClient.connect(
                bridge.ws(),
                null,
                ClientOptions.defaults()
                        .withConnectTimeout(Duration.ofMillis(1000))
                        .withBackoff(Duration.ofMillis(20), Duration.ofMillis(20)));

        bridge.onOpen(); // reconnects get no hello
        bridge.closeEach(1001, "restart");

        await("two reconnects given up, each connection closed by the client")
                .atMost(WAIT)
                .until(() -> bridge.opened.get() >= 4 && bridge.connections() <= 1);
        assertThat(client.connected()).isFalse();
    }

    @Test
    void aReconnectWhoseFirstMessageCannotBeReadIsClosedAndRetried() {
        bridge = new ScriptedBridge(HELLO);
        client = HilbridgeClient.connect(
                bridge.ws(), null, ClientOptions.defaults().withBackoff(Duration.ofMillis(20), Duration.ofMillis(20)));

        bridge.onOpen("this is not JSON");
        bridge.closeEach(1001, "restart");

        await("two reconnects given up, each connection closed by the client")
                .atMost(WAIT)
                .until(() -> bridge.opened.get() >= 4 && bridge.connections() <= 1);
        assertThat(client.connected()).isFalse();
        assertThat(client.malformedMessages()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aConnectedClientHasOnlyItsHeartbeatOnTheTimerAndADropWithoutReconnectNone() {
        bridge = new ScriptedBridge(HELLO);
        client = HilbridgeClient.connect(bridge.ws(), null, ONCE);
        // connect returns when the hello future completes; the deadline's cancel may still be running
        await("only the heartbeat on the timer; the connect deadline is gone")
                .atMost(WAIT)
                .until(() -> client.scheduledTasks() == 1);

        bridge.closeEach(1001, "bye");
        await("the connection is down").atMost(WAIT).until(() -> !client.connected());
        await("the heartbeat of the ended connection left the timer")
                .atMost(WAIT)
                .until(() -> client.scheduledTasks() == 0);
    }

    @Test
    void aClientLeftOpenDoesNotKeepTheJvmAlive() {
        bridge = new ScriptedBridge(HELLO);
        client = HilbridgeClient.connect(bridge.ws(), null, ONCE);
        assertThat(Thread.getAllStackTraces().keySet())
                .filteredOn(t -> t.getName().equals("hilbridge-client-timer"))
                .isNotEmpty()
                .allMatch(Thread::isDaemon);
    }

    @Test
    void anInterruptedConnectFailsAndKeepsTheInterrupt() {
        bridge = new ScriptedBridge(HELLO);
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> HilbridgeClient.connect(bridge.ws(), null, ONCE))
                    .isInstanceOfSatisfying(
                            HilbridgeException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CONNECT_FAILED))
                    .hasMessageContaining("InterruptedException");
            assertThat(Thread.currentThread().isInterrupted())
                    .as("the interrupt is kept for the caller")
                    .isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void closingEndsAWaitForALogLine() {
        bridge = new ScriptedBridge(HELLO);
        client = HilbridgeClient.connect(bridge.ws(), null, ONCE);
        CompletableFuture<LogLine> waiting = CompletableFuture.supplyAsync(
                () -> client.awaitLog("board0", java.util.regex.Pattern.compile("never"), Duration.ofSeconds(30)));
        await("the log wait started").atMost(WAIT).until(() -> !waiting.isDone() && logWaitRunning());

        client.close();

        HilbridgeException e = failureOf(waiting);
        assertThat(e.errorCode()).isEqualTo(ErrorCode.DISCONNECTED);
        assertThat(e.getMessage()).contains("the client was closed");
    }

    /** True once some thread waits inside the log book (so the close is not before the wait began). */
    private static boolean logWaitRunning() {
        return Thread.getAllStackTraces().values().stream()
                .anyMatch(st -> java.util.Arrays.stream(st)
                        .anyMatch(f -> f.getClassName().equals(LogBook.class.getName())
                                && f.getMethodName().equals("await")));
    }

    @Test
    void aRemovedListenerIsToldNothingMore() {
        bridge = new ScriptedBridge(HELLO);
        client = HilbridgeClient.connect(bridge.ws(), null, ONCE);
        Recorder removed = new Recorder();
        Recorder kept = new Recorder();
        client.addListener(removed);
        client.addListener(kept);
        client.removeListener(removed);

        bridge.send(STATE_ON);

        await("the kept listener got the state").atMost(WAIT).until(() -> kept.states.size() == 1);
        assertThat(removed.states).isEmpty();
    }

    @Test
    void closeFailsWaitingCommandsClosesTheConnectionOnceAndLaterCommandsFailAtOnce() {
        bridge = new ScriptedBridge(HELLO);
        client = HilbridgeClient.connect(bridge.ws(), null, ONCE);
        Recorder r = new Recorder();
        client.addListener(r);
        CompletableFuture<Ack> unanswered = client.set("board0", 0, LightChange.turnOn());
        awaitReceived(1);

        client.close();
        client.close();

        assertThat(failureOf(unanswered))
                .hasMessage("client:disconnected: set board0 light 0 {on=true}: the client was closed before the"
                        + " answer came");
        await("the bridge saw the connection closed").atMost(WAIT).until(() -> bridge.connections() == 0);
        assertThat(client.connected()).isFalse();
        assertThat(r.connection).as("closing is no drop to report").isEmpty();
        assertThat(failureOf(client.get())).hasMessage("client:disconnected: get: the client is closed");
        assertThat(client.scheduledTasks()).as("the timer stopped").isZero();
    }

    @Test
    void getAndResetAnswersAreConvertedAndTheHandleThrowsTheBridgesErrorItself() {
        bridge = new ScriptedBridge(HELLO);
        bridge.answer(text -> {
            JsonNode m = json(text);
            String id = m.path("id").asText();
            return switch (m.path("type").asText()) {
                case "get" -> List.of("{\"type\":\"snapshot\",\"id\":\"" + id + "\",\"devices\":[]}");
                case "reset" ->
                    List.of("{\"type\":\"reset\",\"id\":\"" + id + "\",\"device\":\"board0\",\"bootId\":\"5e1f09a2\"}");
                case "set" ->
                    !m.path("on").asBoolean()
                            ? List.of("{\"type\":\"ack\",\"id\":\"" + id + "\",\"device\":\"board0\",\"light\":0}")
                            : List.of("{\"type\":\"error\",\"id\":\"" + id
                                    + "\",\"code\":\"device_offline\",\"message\":\"board0 is offline\"}");
                default -> List.of();
            };
        });
        client = HilbridgeClient.connect(bridge.ws(), null, ONCE);
        DeviceHandle board = client.board("board0");

        assertThat(board.reset()).isEqualTo(new ResetResult("board0", "5e1f09a2"));
        Ack ack = board.confirm(Lights.of(0), LightChange.turnOff());
        assertThat(ack.device()).isEqualTo("board0");
        assertThat(ack.lights().ids()).containsExactly(0);
        assertThatThrownBy(() -> board.confirm(0, LightChange.turnOn()))
                .isInstanceOfSatisfying(
                        HilbridgeException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.DEVICE_OFFLINE))
                .hasMessage("device_offline: set board0 light 0 {on=true}: board0 is offline");
        assertThat(client.get().join()).as("the snapshot's devices").isEmpty();
        assertThat(client.devices()).as("the view replaced by the snapshot").isEmpty();
        assertThat(json(bridge.received.get(0)).path("device").asText()).isEqualTo("board0");
    }
}
