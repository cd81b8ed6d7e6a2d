package io.hilbridge.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client's view (HilbridgeClient.devices, awaitState, awaitStatus; client/README.md): a snapshot replaces it and
 * reports the lights that changed with cause SNAPSHOT, states and faults change one light, and every wait ends with
 * the confirmed state, a typed error at once, or a deadline whose message says what was wanted and what was seen.
 */
class DeviceMirrorTest {
    private static final LightState OFF = new LightState(false, 255, "#ffffff", Effect.NONE);
    private static final LightState GREEN = new LightState(true, 200, "#00ff00", Effect.NONE);
    private static final Duration NOW = Duration.ZERO;

    private static Light light(int id, LightState state) {
        return new Light(id, "RGB LED", LightKind.RGB, 1, Set.of(Effect.BLINK), state, state, false, null);
    }

    private static Device device(String id, DeviceStatus status, Light... lights) {
        return new Device(id, status, "0.1.0", 1, "simulated (loopback)", List.of(lights));
    }

    private static HilbridgeException thrown(Runnable r) {
        try {
            r.run();
        } catch (HilbridgeException e) {
            return e;
        }
        throw new AssertionError("expected a HilbridgeException");
    }

    @Test
    void aSnapshotReportsNewAndChangedLightsButNotUnchangedOrUnreportedOnes() {
        DeviceMirror m = new DeviceMirror();
        assertThat(m.replaceAll(List.of(device("board0", DeviceStatus.ONLINE, light(0, OFF), light(1, null)))))
                .containsExactly(new StateEvent("board0", 0, OFF, StateCause.SNAPSHOT));

        List<StateEvent> changed = m.replaceAll(List.of(
                device("board0", DeviceStatus.ONLINE, light(0, OFF), light(1, GREEN)),
                device("board1", DeviceStatus.ONLINE, light(0, OFF))));

        assertThat(changed)
                .containsExactly(
                        new StateEvent("board0", 1, GREEN, StateCause.SNAPSHOT),
                        new StateEvent("board1", 0, OFF, StateCause.SNAPSHOT));
        m.replaceAll(List.of(device("board1", DeviceStatus.OFFLINE)));
        assertThat(m.devices())
                .as("a snapshot replaces the view: board0 is gone")
                .extracting(Device::id)
                .containsExactly("board1");
    }

    @Test
    void aStateChangesOnlyItsLightAndOneForAnUnknownDeviceIsDropped() {
        DeviceMirror m = new DeviceMirror();
        m.replaceAll(List.of(device("board0", DeviceStatus.ONLINE, light(0, OFF), light(1, OFF))));

        m.applyState(new StateEvent("board0", 1, GREEN, StateCause.BUTTON));
        m.applyState(new StateEvent("board9", 1, GREEN, StateCause.BUTTON));
        m.applyFault("board0", 0, "output_stuck");
        m.applyFault("board9", 0, "output_stuck");

        Device d = m.device("board0");
        assertThat(d.light(0).orElseThrow().state()).isEqualTo(OFF);
        assertThat(d.light(0).orElseThrow().fault()).isEqualTo("output_stuck");
        assertThat(d.light(1).orElseThrow().state()).isEqualTo(GREEN);
        assertThat(d.light(1).orElseThrow().fault()).isNull();
        assertThat(d.firmware()).isEqualTo("0.1.0");
        assertThat(m.device("board9")).isNull();
        m.putDevice(device("board9", DeviceStatus.CONNECTING));
        assertThat(m.devices()).extracting(Device::id).containsExactly("board0", "board9");
    }

    @Test
    void awaitStateReturnsAMatchingStateAtOnceAndFailsAtOnceForWhatTheBridgeDoesNotHave() {
        DeviceMirror m = new DeviceMirror();
        m.replaceAll(List.of(device("board0", DeviceStatus.ONLINE, light(0, GREEN), light(2, OFF))));

        assertThat(m.awaitLight("board0", 0, s -> s.on(), NOW)).isEqualTo(GREEN);
        HilbridgeException noDevice = thrown(() -> m.awaitLight("board7", 0, s -> true, Duration.ofHours(1)));
        assertThat(noDevice.errorCode()).isEqualTo(ErrorCode.UNKNOWN_DEVICE);
        assertThat(noDevice).hasMessage("unknown_device: the bridge has no device \"board7\" (it has [board0])");
        HilbridgeException noLight = thrown(() -> m.awaitLight("board0", 1, s -> true, Duration.ofHours(1)));
        assertThat(noLight.errorCode()).isEqualTo(ErrorCode.UNKNOWN_LIGHT);
        assertThat(noLight).hasMessage("unknown_light: board0 has no light 1 (it has [0, 2])");
        HilbridgeException noStatus =
                thrown(() -> m.awaitDevice("board7", d -> true, "status online", Duration.ofHours(1)));
        assertThat(noStatus.errorCode()).isEqualTo(ErrorCode.UNKNOWN_DEVICE);
    }

    /** A predicate that names itself, as LightChange's do. */
    private static java.util.function.Predicate<LightState> named(
            String name, java.util.function.Predicate<LightState> p) {
        return new java.util.function.Predicate<>() {
            @Override
            public boolean test(LightState s) {
                return p.test(s);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    @Test
    void beforeTheFirstSnapshotAndBeforeTheBoardsHandshakeAWaitRunsToItsDeadline() {
        DeviceMirror m = new DeviceMirror();
        HilbridgeException early = thrown(() -> m.awaitLight("board0", 0, named("{on=true}", LightState::on), NOW));
        assertThat(early.errorCode()).isEqualTo(ErrorCode.CLIENT_TIMEOUT);
        assertThat(early)
                .hasMessage(
                        "client:timeout: board0 light 0: wanted {on=true} within 0 ms; no state confirmed yet; device unknown;"
                                + " connection not connected yet");
        HilbridgeException noDevice = thrown(() -> m.awaitDevice("board0", d -> true, "status online", NOW));
        assertThat(noDevice.errorCode()).isEqualTo(ErrorCode.CLIENT_TIMEOUT);
        assertThat(noDevice)
                .hasMessage(
                        "client:timeout: board0: wanted status online within 0 ms; last seen nothing; connection not connected yet");

        m.replaceAll(List.of(device("board0", DeviceStatus.CONNECTING)));
        m.connection("up");
        HilbridgeException noLights = thrown(() -> m.awaitLight("board0", 3, named("{on=true}", LightState::on), NOW));
        assertThat(noLights.errorCode())
                .as("a board before its handshake has no lights yet: not unknown_light")
                .isEqualTo(ErrorCode.CLIENT_TIMEOUT);
        assertThat(noLights)
                .hasMessage(
                        "client:timeout: board0 light 3: wanted {on=true} within 0 ms; no state confirmed yet; device connecting;"
                                + " connection up");
        assertThat(thrown(() -> m.awaitDevice("board0", d -> d.status() == DeviceStatus.ONLINE, "status online", NOW)))
                .hasMessage(
                        "client:timeout: board0: wanted status online within 0 ms; last seen status connecting; connection up");
    }

    @Test
    void aTimeoutNamesWantedLastConfirmedStateItsCauseAndAgeTheFaultAndTheStatuses() {
        DeviceMirror m = new DeviceMirror();
        m.replaceAll(List.of(device("board0", DeviceStatus.ONLINE, light(2, OFF))));
        m.connection("down (bridge gone); reconnect attempt 2 in 200 ms");
        m.applyState(new StateEvent("board0", 2, GREEN, StateCause.BUTTON));
        m.applyFault("board0", 2, "output_stuck");

        HilbridgeException e = thrown(() -> m.awaitLight("board0", 2, named("{on=false}", s -> !s.on()), NOW));

        assertThat(e.errorCode()).isEqualTo(ErrorCode.CLIENT_TIMEOUT);
        assertThat(e.getMessage())
                .matches(
                        "client:timeout: board0 light 2 \\(RGB LED, rgb\\): wanted \\{on=false\\} within 0 ms; last confirmed"
                                + " \\{on=true, brightness=200, color=#00ff00, effect=none\\} \\(cause button, \\d+ ms ago\\);"
                                + " hardware fault output_stuck; device online;"
                                + " connection down \\(bridge gone\\); reconnect attempt 2 in 200 ms");
        m.replaceAll(List.of(device("board0", DeviceStatus.ONLINE, light(2, OFF))));
        assertThat(thrown(() -> m.awaitLight("board0", 2, named("{on=true}", LightState::on), NOW))
                        .getMessage())
                .as("a snapshot's change is confirmed with cause snapshot")
                .contains("(cause snapshot, ");
    }

    @Test
    void aWaitEndsWhenAnotherThreadAppliesTheStateOrClosesTheView() throws Exception {
        DeviceMirror m = new DeviceMirror();
        m.replaceAll(List.of(device("board0", DeviceStatus.OFFLINE, light(0, OFF))));
        CompletableFuture<LightState> on =
                CompletableFuture.supplyAsync(() -> m.awaitLight("board0", 0, LightState::on, Duration.ofSeconds(30)));
        CompletableFuture<Device> online = CompletableFuture.supplyAsync(() -> m.awaitDevice(
                "board0", d -> d.status() == DeviceStatus.ONLINE, "status online", Duration.ofSeconds(30)));

        m.applyState(new StateEvent("board0", 0, GREEN, StateCause.COMMAND));
        m.putDevice(device("board0", DeviceStatus.ONLINE, light(0, GREEN)));

        assertThat(on.get(30, TimeUnit.SECONDS)).isEqualTo(GREEN);
        assertThat(online.get(30, TimeUnit.SECONDS).status()).isEqualTo(DeviceStatus.ONLINE);

        CompletableFuture<LightState> off =
                CompletableFuture.supplyAsync(() -> m.awaitLight("board0", 0, s -> !s.on(), Duration.ofSeconds(30)));
        CompletableFuture<Device> offline = CompletableFuture.supplyAsync(() -> m.awaitDevice(
                "board0", d -> d.status() == DeviceStatus.OFFLINE, "status offline", Duration.ofSeconds(30)));
        m.close("the client was closed");
        for (CompletableFuture<?> f : List.of(off, offline)) {
            HilbridgeException e = HilbridgeException.of(f.handle((v, x) -> x).get(30, TimeUnit.SECONDS));
            assertThat(e.errorCode()).isEqualTo(ErrorCode.DISCONNECTED);
            assertThat(e.getMessage()).endsWith(" — ended: the client was closed");
        }
        assertThat(HilbridgeException.of(offline.handle((v, x) -> x).get(30, TimeUnit.SECONDS)))
                .as("what was waited for comes first")
                .hasMessage("client:disconnected: board0: wanted status offline within 30000 ms; last seen status"
                        + " online; connection not connected yet — ended: the client was closed");
    }

    /** Runs {@code wait} on its own thread and returns once that thread blocks in the view's wait. */
    private static <T> CompletableFuture<T> blockedOn(java.util.function.Supplier<T> wait) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(wait.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        t.setDaemon(true);
        t.start();
        org.awaitility.Awaitility.await("the waiting thread blocked in the view")
                .atMost(Duration.ofSeconds(30))
                .until(() -> t.getState() == Thread.State.TIMED_WAITING || result.isDone());
        assertThat(result).as("it had to wait").isNotDone();
        return result;
    }

    @Test
    void aWaiterAlreadyBlockedWakesForASnapshotAStateAndADevice() throws Exception {
        DeviceMirror m = new DeviceMirror();
        CompletableFuture<LightState> first =
                blockedOn(() -> m.awaitLight("board0", 0, s -> true, Duration.ofMinutes(5)));
        m.replaceAll(List.of(device("board0", DeviceStatus.OFFLINE, light(0, OFF))));
        assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(OFF);

        CompletableFuture<LightState> on =
                blockedOn(() -> m.awaitLight("board0", 0, LightState::on, Duration.ofMinutes(5)));
        m.applyState(new StateEvent("board0", 0, GREEN, StateCause.COMMAND));
        assertThat(on.get(30, TimeUnit.SECONDS)).isEqualTo(GREEN);

        CompletableFuture<Device> online = blockedOn(() -> m.awaitDevice(
                "board0", d -> d.status() == DeviceStatus.ONLINE, "status online", Duration.ofMinutes(5)));
        m.putDevice(device("board0", DeviceStatus.ONLINE, light(0, GREEN)));
        assertThat(online.get(30, TimeUnit.SECONDS).status()).isEqualTo(DeviceStatus.ONLINE);

        CompletableFuture<LightState> closed =
                blockedOn(() -> m.awaitLight("board0", 0, s -> !s.on(), Duration.ofMinutes(5)));
        m.close("the client was closed");
        assertThat(HilbridgeException.of(closed.handle((v, x) -> x).get(30, TimeUnit.SECONDS)))
                .hasMessageStartingWith("client:disconnected: board0 light 0 (RGB LED, rgb): wanted ")
                .hasMessageEndingWith(" — ended: the client was closed");
    }

    @Test
    void aWaitWithADeadlineReallyWaitsForItAndAnInterruptEndsIt() {
        DeviceMirror m = new DeviceMirror();
        m.replaceAll(List.of(device("board0", DeviceStatus.ONLINE, light(0, OFF))));
        m.connection("up");
        assertThat(m.connectionState()).isEqualTo("up");

        assertThat(thrown(() -> m.awaitLight("board0", 0, LightState::on, Duration.ofMillis(1)))
                        .errorCode())
                .isEqualTo(ErrorCode.CLIENT_TIMEOUT);
        assertThat(thrown(() -> m.awaitDevice("board0", d -> false, "never", Duration.ofMillis(1)))
                        .errorCode())
                .isEqualTo(ErrorCode.CLIENT_TIMEOUT);

        Thread.currentThread().interrupt();
        HilbridgeException interrupted = thrown(() -> m.awaitLight("board0", 0, LightState::on, Duration.ofMinutes(5)));
        assertThat(Thread.interrupted())
                .as("the interrupt is kept for the caller")
                .isTrue();
        assertThat(interrupted.errorCode()).isEqualTo(ErrorCode.DISCONNECTED);
        assertThat(interrupted).hasMessage("client:disconnected: interrupted while waiting");
    }

    @Test
    void eachLightKeepsItsOwnCauseAndItsAgeIsTheTimeSinceItsConfirmation() {
        DeviceMirror m = new DeviceMirror();
        long before = System.nanoTime();
        m.replaceAll(List.of(device("board0", DeviceStatus.ONLINE, light(0, OFF), light(1, OFF))));
        m.applyState(new StateEvent("board0", 1, GREEN, StateCause.BUTTON));

        String light0 =
                thrown(() -> m.awaitLight("board0", 0, LightState::on, NOW)).getMessage();
        long elapsedMs = (System.nanoTime() - before) / 1_000_000;

        java.util.regex.Matcher age = java.util.regex.Pattern.compile("\\(cause snapshot, (\\d+) ms ago\\)")
                .matcher(light0);
        assertThat(age.find()).as(light0).isTrue();
        assertThat(Long.parseLong(age.group(1))).isBetween(0L, elapsedMs);
        assertThat(thrown(() -> m.awaitLight("board0", 1, s -> !s.on(), NOW)).getMessage())
                .contains("(cause button, ");
    }
}
