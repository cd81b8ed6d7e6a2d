package io.hilbridge.client;

import java.util.Set;

/**
 * One light of a device as the client last saw it: capabilities from the bridge's {@code hello}/{@code snapshot},
 * {@link #state} kept current by {@code state} messages. Immutable: a change gives a new record.
 *
 * @param effects what the light offers besides {@link Effect#NONE} (the truth; its kind may allow more)
 * @param state   what the board confirmed; null until the board has reported it (between its HELLO and its first
 *                STATE, a moment a client connecting then can see); waits never take null for any state
 * @param desired what the last client asked for, as of the last snapshot ({@code state} messages do not carry it);
 *                null when nobody has asked yet
 * @param pending a change was waiting for the board's acknowledgement, as of the last snapshot
 * @param fault   null while the hardware works, else the fault code ({@code output_stuck}, ...)
 */
public record Light(
        int id,
        String name,
        LightKind kind,
        int pixels,
        Set<Effect> effects,
        LightState state,
        LightState desired,
        boolean pending,
        String fault) {
    public Light {
        effects = Set.copyOf(effects);
    }

    public boolean supports(Effect e) {
        return e == Effect.NONE || effects.contains(e);
    }

    Light withState(LightState s) {
        return new Light(id, name, kind, pixels, effects, s, desired, pending, fault);
    }

    Light withFault(String f) {
        return new Light(id, name, kind, pixels, effects, state, desired, pending, f);
    }
}
