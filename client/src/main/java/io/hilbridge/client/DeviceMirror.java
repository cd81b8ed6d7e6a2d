package io.hilbridge.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The client's view of the bridge's devices: the last {@code hello} or {@code snapshot} with every later
 * {@code state}, {@code device} and {@code fault} applied, and the waits on it ({@link #awaitLight},
 * {@link #awaitDevice}).
 *
 * <p>Thread-safe: every field is guarded by {@code this}; changes come from the receive thread, reads and waits from
 * any thread. Every change a wait looks at (devices, states, close) wakes the waiters, which re-check their
 * condition; every wait has a deadline.
 */
final class DeviceMirror {
    private record Confirmation(StateCause cause, long atNanos) {}

    private final Map<String, Device> devices = new LinkedHashMap<>();
    private final Map<String, Confirmation> confirmations = new HashMap<>();
    private boolean haveSnapshot;
    private String connection = "not connected yet";
    private String closedReason;

    /**
     * Replaces the view with a snapshot. Returns a state event (cause {@link StateCause#SNAPSHOT}) for every light
     * whose state differs from what the view had, so listeners that missed changes while disconnected catch up.
     */
    synchronized List<StateEvent> replaceAll(List<Device> snapshot) {
        List<StateEvent> changed = new ArrayList<>();
        long now = System.nanoTime();
        for (Device d : snapshot) {
            Device old = devices.get(d.id());
            for (Light l : d.lights()) {
                Light before = old == null ? null : old.light(l.id()).orElse(null);
                if (l.state() == null) continue; // not reported yet: its first state message is the event
                if (before == null || !l.state().equals(before.state())) {
                    changed.add(new StateEvent(d.id(), l.id(), l.state(), StateCause.SNAPSHOT));
                    confirmations.put(key(d.id(), l.id()), new Confirmation(StateCause.SNAPSHOT, now));
                }
            }
        }
        devices.clear();
        snapshot.forEach(d -> devices.put(d.id(), d));
        haveSnapshot = true;
        notifyAll();
        return changed;
    }

    synchronized void applyState(StateEvent e) {
        Device d = devices.get(e.device());
        if (d == null) return; // a device the snapshot did not have: the next get/hello brings it
        List<Light> lights = new ArrayList<>(d.lights());
        lights.replaceAll(l -> l.id() == e.light() ? l.withState(e.state()) : l);
        devices.put(d.id(), withLights(d, lights));
        confirmations.put(key(e.device(), e.light()), new Confirmation(e.cause(), System.nanoTime()));
        notifyAll();
    }

    synchronized void applyFault(String device, int light, String fault) {
        Device d = devices.get(device);
        if (d == null) return;
        List<Light> lights = new ArrayList<>(d.lights());
        lights.replaceAll(l -> l.id() == light ? l.withFault(fault) : l);
        devices.put(device, withLights(d, lights)); // no wait looks at faults: nobody to wake
    }

    synchronized void putDevice(Device d) {
        devices.put(d.id(), d);
        notifyAll();
    }

    synchronized Device device(String id) {
        return devices.get(id);
    }

    synchronized List<Device> devices() {
        return List.copyOf(devices.values());
    }

    /** How the client's connection is, in words, for failure messages. */
    synchronized void connection(String state) {
        connection = state; // only in messages: no wait to wake
    }

    synchronized String connectionState() {
        return connection;
    }

    /** The client was closed: every wait ends now with {@code reason}. */
    synchronized void close(String reason) {
        closedReason = reason;
        notifyAll();
    }

    /**
     * Waits until the confirmed state of a light satisfies {@code wanted}, and returns that state.
     *
     * @throws HilbridgeException {@code unknown_device}/{@code unknown_light} at once when the bridge's snapshot has
     *                            no such device/light; {@link ErrorCode#CLIENT_TIMEOUT} at the deadline, with wanted
     *                            and last confirmed state; {@link ErrorCode#DISCONNECTED} when the client is closed
     */
    synchronized LightState awaitLight(String device, int light, Predicate<LightState> wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<Light> l = lookUp(device, light);
            LightState now = l.map(Light::state).orElse(null);
            if (now != null && wanted.test(now)) return now; // null: not reported yet, which no wait accepts
            checkOpen(() -> describeWait(device, light, wanted, timeout));
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new HilbridgeException(ErrorCode.CLIENT_TIMEOUT, describeWait(device, light, wanted, timeout));
            }
            waitNanos(left);
        }
    }

    /** Waits until a device satisfies {@code wanted} ({@code what} says it in words); errors as {@link #awaitLight}. */
    synchronized Device awaitDevice(String device, Predicate<Device> wanted, String what, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Device d = devices.get(device);
            if (d == null && haveSnapshot) throw unknownDevice(device);
            if (d != null && wanted.test(d)) return d;
            String message = device + ": wanted " + what + " within " + timeout.toMillis() + " ms; last seen "
                    + (d == null ? "nothing" : "status " + d.status().apiName()) + "; connection " + connection;
            checkOpen(() -> message);
            long left = deadline - System.nanoTime();
            if (left <= 0) throw new HilbridgeException(ErrorCode.CLIENT_TIMEOUT, message);
            waitNanos(left);
        }
    }

    private Optional<Light> lookUp(String device, int light) {
        Device d = devices.get(device);
        if (d == null) {
            if (haveSnapshot) throw unknownDevice(device);
            return Optional.empty();
        }
        Optional<Light> l = d.light(light);
        if (l.isEmpty() && !d.lights().isEmpty()) {
            throw new HilbridgeException(
                    ErrorCode.UNKNOWN_LIGHT,
                    device + " has no light " + light + " (it has "
                            + d.lights().stream()
                                    .map(x -> String.valueOf(x.id()))
                                    .toList() + ")");
        }
        return l;
    }

    private HilbridgeException unknownDevice(String device) {
        return new HilbridgeException(
                ErrorCode.UNKNOWN_DEVICE,
                "the bridge has no device \"" + device + "\" (it has " + devices.keySet() + ")");
    }

    private String describeWait(String device, int light, Predicate<LightState> wanted, Duration timeout) {
        Device d = devices.get(device);
        Light l = d == null ? null : d.light(light).orElse(null);
        StringBuilder b = new StringBuilder(device).append(" light ").append(light);
        if (l != null)
            b.append(" (")
                    .append(l.name())
                    .append(", ")
                    .append(l.kind().apiName())
                    .append(')');
        b.append(": wanted ")
                .append(wanted)
                .append(" within ")
                .append(timeout.toMillis())
                .append(" ms; ");
        if (l == null || l.state() == null) {
            b.append("no state confirmed yet");
        } else {
            b.append("last confirmed ").append(l.state());
            Confirmation c = confirmations.get(key(device, light));
            if (c != null) {
                b.append(" (cause ")
                        .append(c.cause().name().toLowerCase(java.util.Locale.ROOT))
                        .append(", ")
                        .append((System.nanoTime() - c.atNanos()) / 1_000_000)
                        .append(" ms ago)");
            }
            if (l.fault() != null) b.append("; hardware fault ").append(l.fault());
        }
        b.append("; device ").append(d == null ? "unknown" : d.status().apiName());
        b.append("; connection ").append(connection);
        return b.toString();
    }

    private void checkOpen(java.util.function.Supplier<String> what) {
        if (closedReason != null) {
            throw new HilbridgeException(ErrorCode.DISCONNECTED, what.get() + " — ended: " + closedReason);
        }
    }

    private void waitNanos(long nanos) {
        try {
            long ms = Math.max(1, nanos / 1_000_000);
            wait(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HilbridgeException(ErrorCode.DISCONNECTED, "interrupted while waiting", e);
        }
    }

    private static Device withLights(Device d, List<Light> lights) {
        return new Device(d.id(), d.status(), d.firmware(), d.protocolVersion(), d.transport(), lights);
    }

    private static String key(String device, int light) {
        return device + '\u0000' + light;
    }
}
