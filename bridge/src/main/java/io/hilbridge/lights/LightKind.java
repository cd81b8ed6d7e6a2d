package io.hilbridge.lights;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What a light can do. The wire codes are those of protocol-spec/uart-link.md, section 3 (HELLO). */
public enum LightKind {
    ONOFF(0, false, false, EnumSet.of(Effect.BLINK)),
    DIMMABLE(1, true, false, EnumSet.of(Effect.BLINK, Effect.BREATHE)),
    RGB(2, true, true, EnumSet.of(Effect.BLINK, Effect.BREATHE, Effect.RAINBOW)),
    STRIP(3, true, true, EnumSet.of(Effect.BLINK, Effect.BREATHE, Effect.RAINBOW));

    private final int code;
    private final boolean dimmable;
    private final boolean colored;
    private final Set<Effect> possibleEffects;

    LightKind(int code, boolean dimmable, boolean colored, Set<Effect> possibleEffects) {
        this.code = code;
        this.dimmable = dimmable;
        this.colored = colored;
        this.possibleEffects = possibleEffects;
    }

    public int code() {
        return code;
    }

    /** The name used in JSON and in messages: lower case. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Brightness and transitions are meaningful for this kind. */
    public boolean dimmable() {
        return dimmable;
    }

    /** Colour is meaningful for this kind. */
    public boolean colored() {
        return colored;
    }

    /** Effects the protocol allows for this kind; a board may offer fewer (see {@link LightInfo#effects()}). */
    public Set<Effect> possibleEffects() {
        return possibleEffects;
    }

    public static LightKind fromCode(int code) {
        for (LightKind k : values()) {
            if (k.code == code) return k;
        }
        throw new IllegalArgumentException("unknown light kind code " + code);
    }
}
