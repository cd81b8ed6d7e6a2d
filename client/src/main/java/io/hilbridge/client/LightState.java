package io.hilbridge.client;

import java.util.Objects;

/**
 * A light's full state: what the board confirmed ({@link Light#state()}, {@link StateEvent}) or what clients asked
 * for ({@link Light#desired()}). Immutable.
 *
 * @param color {@code #rrggbb}, lower case
 */
public record LightState(boolean on, int brightness, String color, Effect effect) {
    public LightState {
        Objects.requireNonNull(color, "color");
        Objects.requireNonNull(effect, "effect");
    }

    @Override
    public String toString() {
        return "{on=" + on + ", brightness=" + brightness + ", color=" + color + ", effect=" + effect.apiName() + "}";
    }
}
