package io.hilbridge.lights;

import java.util.Set;

/** One light as the board described it in its HELLO. */
public record LightInfo(int id, String name, LightKind kind, int pixels, Set<Effect> effects) {
    public LightInfo {
        effects = Set.copyOf(effects);
    }
}
