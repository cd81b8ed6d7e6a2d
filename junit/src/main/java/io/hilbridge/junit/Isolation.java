package io.hilbridge.junit;

import io.hilbridge.client.Ack;
import io.hilbridge.client.Device;
import io.hilbridge.client.Effect;
import io.hilbridge.client.HilbridgeException;
import io.hilbridge.client.Light;
import io.hilbridge.client.LightChange;
import io.hilbridge.client.LightState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;

/**
 * Brings the board to the known state every test starts from: online, no line noise added by an earlier test, every
 * light off with no effect, as the board confirmed it. Stateless.
 */
final class Isolation {
    static final Duration ONLINE_WAIT = Duration.ofSeconds(30);
    static final Duration CONFIRM_WAIT = Duration.ofSeconds(10);

    private Isolation() {}

    static void reset(BoardRig rig, String test) {
        new BoardFaults(rig).quietLine();
        try {
            Device device =
                    rig.client().awaitStatus(BoardRig.DEVICE, io.hilbridge.client.DeviceStatus.ONLINE, ONLINE_WAIT);
            List<CompletableFuture<Ack>> sent = new ArrayList<>();
            for (Light light : device.lights()) {
                LightChange off = LightChange.turnOff();
                // Only lights that have effects take an effect field; the others never run one.
                if (!light.effects().isEmpty()) off = off.effect(Effect.NONE);
                sent.add(rig.client().set(BoardRig.DEVICE, light.id(), off));
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
            Predicate<LightState> offNoEffect = new Predicate<>() {
                @Override
                public boolean test(LightState s) {
                    return !s.on() && s.effect() == Effect.NONE;
                }

                @Override
                public String toString() {
                    return "{on=false, effect=none}";
                }
            };
            for (Light light : device.lights()) {
                rig.client().awaitState(BoardRig.DEVICE, light.id(), offNoEffect, CONFIRM_WAIT);
            }
        } catch (HilbridgeException | CompletionException e) {
            HilbridgeException h = HilbridgeException.of(e);
            throw new AssertionError(
                    "hilbridge could not bring " + BoardRig.DEVICE + " (" + rig.spec + ") to all "
                            + "lights off, no effect, before " + test + ": " + (h != null ? BoardRig.describe(h) : e)
                            + "\n  recent link events (oldest first):\n" + rig.events.render("    "),
                    e);
        }
        rig.history.clear();
        rig.client().skipLog(BoardRig.DEVICE); // awaitLog sees only what this test made the board log
    }
}
