package io.hilbridge.lights;

import java.util.Locale;

/** Effects that run on the board itself. Wire ids per protocol-spec/uart-link.md (SET, offset 9). */
public enum Effect {
    NONE(0),
    BLINK(1),
    BREATHE(2),
    RAINBOW(3);

    private final int id;

    Effect(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }

    /** The name used in JSON: lower case. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Effect fromId(int id) {
        for (Effect e : values()) {
            if (e.id == id) return e;
        }
        throw new IllegalArgumentException("unknown effect id " + id);
    }

    /** Parses the JSON name; returns null when unknown so callers can answer {@code out_of_range}. */
    public static Effect fromApiName(String name) {
        for (Effect e : values()) {
            if (e.apiName().equals(name)) return e;
        }
        return null;
    }
}
