package io.hilbridge.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The client against the real bridge with its simulated board, over a real socket: what a test of firmware does
 * with it (set and see the ack, get typed errors, wait for states, see what other clients and the board did).
 */
class HilbridgeClientTest extends BridgeClientFixture {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static HilbridgeException failureOf(CompletableFuture<?> f) {
        Throwable t = f.handle((v, e) -> e).orTimeout(15, TimeUnit.SECONDS).join();
        assertThat(t).as("the future failed").isNotNull();
        HilbridgeException h = HilbridgeException.of(t);
        assertThat(h).as("a HilbridgeException inside " + t).isNotNull();
        return h;
    }

    @Test
    void theHelloGivesEveryDeviceWithItsCapabilities() {
        Device d = client.device("board0").orElseThrow();
        assertThat(d.status()).isEqualTo(DeviceStatus.ONLINE);
        assertThat(d.firmware()).isEqualTo("sim-0.1.0");
        assertThat(d.lights())
                .extracting(Light::kind)
                .containsExactly(LightKind.ONOFF, LightKind.DIMMABLE, LightKind.RGB, LightKind.STRIP);
        Light status = d.light(0).orElseThrow();
        assertThat(status.effects()).containsExactly(Effect.BLINK);
        assertThat(status.kind().hasColor()).isFalse();
        assertThat(d.light(3).orElseThrow().pixels()).isEqualTo(8);
        assertThat(d.light(2).orElseThrow().effects())
                .isEqualTo(EnumSet.of(Effect.BLINK, Effect.BREATHE, Effect.RAINBOW));
    }

    @Test
    void aSetIsAckedAfterTheBoardConfirmedAndTheViewShowsIt() {
        Ack ack = client.set("board0", 2, LightChange.turnOn().brightness(200).color("#00ff00"))
                .join();

        assertThat(ack.device()).isEqualTo("board0");
        assertThat(ack.lights().ids()).containsExactly(2);
        LightState shown =
                client.device("board0").orElseThrow().light(2).orElseThrow().state();
        assertThat(shown).isEqualTo(new LightState(true, 200, "#00ff00", Effect.NONE));
        var onBoard = bridge.board().lights().get(2);
        assertThat(onBoard.on()).isTrue();
        assertThat(onBoard.brightness()).isEqualTo(200);
        assertThat(onBoard.color().hex()).isEqualTo("#00ff00");
    }

    @Test
    void aListAndAllAreOneSetEach() {
        client.set("board0", Lights.of(1, 2), LightChange.turnOn().effect(Effect.BREATHE))
                .join();
        assertThat(bridge.board().lights().get(1).effect().apiName()).isEqualTo("breathe");
        assertThat(bridge.board().lights().get(2).effect().apiName()).isEqualTo("breathe");

        client.set("board0", Lights.all(), LightChange.turnOff()).join();
        assertThat(bridge.board().lights()).allMatch(l -> !l.on());
        assertThat(client.device("board0").orElseThrow().lights())
                .allMatch(l -> !l.state().on());
    }

    @Test
    void aBadLightUnsupportedFieldOrRangeFailWithTheStableCode() {
        HilbridgeException noLight = failureOf(client.set("board0", 9, LightChange.turnOn()));
        assertThat(noLight.errorCode()).isEqualTo(ErrorCode.UNKNOWN_LIGHT);
        assertThat(noLight.code()).isEqualTo("unknown_light");
        assertThat(noLight.getMessage()).contains("set board0 light 9 {on=true}");

        HilbridgeException colourOnOff =
                failureOf(client.set("board0", 0, LightChange.change().color("#ff0000")));
        assertThat(colourOnOff.errorCode()).isEqualTo(ErrorCode.UNSUPPORTED);
        assertThat(colourOnOff.getMessage()).contains("color");

        HilbridgeException tooBright =
                failureOf(client.set("board0", 1, LightChange.change().brightness(300)));
        assertThat(tooBright.errorCode()).isEqualTo(ErrorCode.OUT_OF_RANGE);

        HilbridgeException noDevice = failureOf(client.set("board7", 0, LightChange.turnOn()));
        assertThat(noDevice.errorCode()).isEqualTo(ErrorCode.UNKNOWN_DEVICE);

        assertThat(failureOf(client.set("board0", 0, LightChange.change())).errorCode())
                .as("nothing to change")
                .isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(bridge.board().setsApplied())
                .as("refused sets changed nothing")
                .isZero();
    }

    @Test
    void anUnpluggedBoardIsOfflineForListenersAndCommands() {
        Recorder r = new Recorder();
        client.addListener(r);
        bridge.board().faults().unplug();
        try {
            client.awaitStatus("board0", DeviceStatus.OFFLINE, WAIT);
            // awaitStatus returns once the view shows it; the listener is called right after, on the receive thread
            await("the listener told offline")
                    .atMost(WAIT)
                    .until(() -> r.statuses().contains(DeviceStatus.OFFLINE));
            HilbridgeException e = failureOf(client.set("board0", 0, LightChange.turnOn()));
            assertThat(e.errorCode()).isEqualTo(ErrorCode.DEVICE_OFFLINE);
        } finally {
            bridge.board().faults().replug();
        }
        client.awaitStatus("board0", DeviceStatus.ONLINE, WAIT);
        await("the listener told online again")
                .atMost(WAIT)
                .until(() -> r.statuses().contains(DeviceStatus.ONLINE));
        assertThat(r.statuses()).containsSubsequence(DeviceStatus.OFFLINE, DeviceStatus.ONLINE);
        client.set("board0", 0, LightChange.turnOn()).join();
    }

    @Test
    void awaitStateSeesAChangeTheBoardMadeItself() {
        CompletableFuture<LightState> waiting =
                CompletableFuture.supplyAsync(() -> client.awaitState("board0", 0, LightChange.turnOn(), WAIT));
        bridge.board().pressButton(0);

        assertThat(waiting.join().on()).isTrue();
        assertThat(client.awaitState("board0", 0, s -> s.on(), Duration.ofMillis(1))
                        .on())
                .as("an already confirmed state returns at once")
                .isTrue();
    }

    @Test
    void awaitStateTimesOutWithWantedAndLastConfirmedState() {
        client.set("board0", 1, LightChange.turnOn().brightness(40)).join();

        assertThatThrownBy(() ->
                        client.awaitState("board0", 1, LightChange.change().brightness(99), Duration.ofMillis(300)))
                .isInstanceOfSatisfying(
                        HilbridgeException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CLIENT_TIMEOUT))
                .hasMessageContaining("board0 light 1 (Desk lamp, dimmable)")
                .hasMessageContaining("wanted {brightness=99} within 300 ms")
                .hasMessageContaining("last confirmed {on=true, brightness=40, color=#ffffff, effect=none}")
                .hasMessageContaining("cause command")
                .hasMessageContaining("device online");

        assertThatThrownBy(() -> client.awaitState("board0", 8, LightChange.turnOn(), WAIT))
                .as("an unknown light fails at once")
                .hasMessageContaining("board0 has no light 8");
    }

    @Test
    void aChangeByAnotherClientReachesTheListener() {
        Recorder r = new Recorder();
        client.addListener(r);
        try (HilbridgeClient other = HilbridgeClient.connect(bridge.ws(), null)) {
            other.set("board0", 3, LightChange.turnOn().color("#123456")).join();
        }
        await("client A's listener got the state of light 3")
                .atMost(WAIT)
                .until(() -> r.states.stream()
                        .anyMatch(e -> e.light() == 3 && e.state().color().equals("#123456")));
        StateEvent e = r.states.stream()
                .filter(x -> x.light() == 3)
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(e.cause()).isEqualTo(StateCause.COMMAND);
        assertThat(e.state().on()).isTrue();
        assertThat(client.device("board0")
                        .orElseThrow()
                        .light(3)
                        .orElseThrow()
                        .state()
                        .color())
                .isEqualTo("#123456");
    }

    @Test
    void resetRestartsTheBoardAndReplaysItsLights() {
        Recorder r = new Recorder();
        client.addListener(r);
        client.set("board0", 2, LightChange.turnOn().color("#ff00ff")).join();
        long bootBefore = bridge.board().bootId();

        ResetResult reset = client.reset("board0").join();

        assertThat(reset.device()).isEqualTo("board0");
        assertThat(reset.bootId())
                .matches("[0-9a-f]{8}")
                .isEqualTo(String.format("%08x", bridge.board().bootId()))
                .isNotEqualTo(String.format("%08x", bootBefore));
        assertThat(r.resets).containsExactly(reset);
        assertThat(r.statuses()).contains(DeviceStatus.OFFLINE);
        assertThat(client.awaitState("board0", 2, LightChange.turnOn().color("#ff00ff"), WAIT)
                        .on())
                .isTrue();
    }

    @Test
    void getRefreshesTheViewFromASnapshot() {
        bridge.board().pressButton(1);
        client.awaitState("board0", 1, LightChange.turnOn(), WAIT);

        var devices = client.get().join();

        assertThat(devices).extracting(Device::id).containsExactly("board0");
        assertThat(devices.get(0).light(1).orElseThrow().state().on()).isTrue();
        assertThat(devices.get(0).light(1).orElseThrow().desired()).isNotNull();
    }

    @Test
    void aHardwareFaultReachesListenersAndTheView() {
        Recorder r = new Recorder();
        client.addListener(new ClientListener() {
            @Override
            public void onFault(String device, int light, String fault) {
                throw new IllegalStateException("a listener's bug");
            }
        });
        client.addListener(r);
        bridge.board().faults().stickLight(3, true);
        await("the fault of light 3 reported").atMost(WAIT).until(() -> r.faults.contains("board0/3=output_stuck"));
        assertThat(client.device("board0").orElseThrow().light(3).orElseThrow().fault())
                .isEqualTo("output_stuck");

        bridge.board().faults().stickLight(3, false);
        await("the fault of light 3 cleared").atMost(WAIT).until(() -> r.faults.contains("board0/3=null"));
        assertThat(client.device("board0").orElseThrow().light(3).orElseThrow().fault())
                .isNull();
        assertThat(client.connected())
                .as("the throwing listener did not hurt the connection")
                .isTrue();
    }

    @Test
    void aDeviceHandleConfirmsAndThrowsTheTypedErrorItself() {
        DeviceHandle board = client.board("board0");

        Ack ack = board.confirm(1, LightChange.turnOn().brightness(33));

        assertThat(ack.lights().ids()).containsExactly(1);
        assertThat(board.state(1).brightness()).isEqualTo(33);
        assertThat(board.info().firmware()).isEqualTo("sim-0.1.0");
        assertThatThrownBy(() -> board.confirm(0, LightChange.change().effect(Effect.RAINBOW)))
                .isInstanceOfSatisfying(
                        HilbridgeException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNSUPPORTED));
        assertThatThrownBy(() -> client.board("board9").state(0))
                .isInstanceOfSatisfying(
                        HilbridgeException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNKNOWN_DEVICE))
                .hasMessageContaining("[board0]");
    }

    @Test
    void closingFailsWaitsAndLaterCommands() {
        CompletableFuture<LightState> waiting = CompletableFuture.supplyAsync(
                () -> client.awaitState("board0", 0, LightChange.change().brightness(1), WAIT));
        client.close();

        HilbridgeException e = failureOf(waiting);
        assertThat(e.errorCode()).isEqualTo(ErrorCode.DISCONNECTED);
        assertThat(e.getMessage()).contains("the client was closed");
        assertThat(failureOf(client.set("board0", 0, LightChange.turnOn())).getMessage())
                .contains("the client is closed");
    }
}
