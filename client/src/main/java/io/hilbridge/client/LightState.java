package io.hilbridge.client;

import java.util.List;
import java.util.Objects;

/**
 * A light's full state: what the board confirmed ({@link Light#state()}, {@link StateEvent}) or what clients asked
 * for ({@link Light#desired()}). Immutable.
 *
 * @param color {@code #rrggbb}, lower case
 * @param pixels a strip's per-pixel colours ({@code #rrggbb}, pixel 0 first) while it shows them; empty when every
 *     pixel shows {@code color}; null when the board shows per-pixel colours this bridge did not set
 *     ({@code "pixels": "unknown"} in websocket-api.md)
 */
public record LightState(boolean on, int brightness, String color, Effect effect, List<String> pixels) {
    public LightState {
        Objects.requireNonNull(color, "color");
        Objects.requireNonNull(effect, "effect");
        pixels = pixels == null ? null : List.copyOf(pixels);
    }

    /** A state without per-pixel colours: every pixel shows {@code color}. */
    public LightState(boolean on, int brightness, String color, Effect effect) {
        this(on, brightness, color, effect, List.of());
    }

    @Override
    public String toString() {
        return "{on=" + on + ", brightness=" + brightness + ", color=" + color + ", effect=" + effect.apiName()
                + (pixels == null ? ", pixels=unknown" : pixels.isEmpty() ? "" : ", pixels=" + pixels) + "}";
    }
}
