package io.hilbridge.client;

import java.util.Locale;

/** A light effect, by its API name; {@link #NONE} is a steady light. */
public enum Effect {
    NONE,
    BLINK,
    BREATHE,
    RAINBOW;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the accepted effects when {@code name} is none of them */
    public static Effect fromApi(String name) {
        for (Effect e : values()) {
            if (e.apiName().equals(name)) return e;
        }
        throw new IllegalArgumentException("unknown effect \"" + name + "\" (accepted: none, blink, breathe, rainbow)");
    }
}
