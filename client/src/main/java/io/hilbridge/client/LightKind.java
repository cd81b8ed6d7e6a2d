package io.hilbridge.client;

import java.util.Locale;
import java.util.Set;

/**
 * A light's kind and what it can do, as the capability table of websocket-api.md section 2 says. The effects a
 * light really offers are in {@link Light#effects()}: a board may offer fewer than its kind allows.
 */
public enum LightKind {
    ONOFF(false, false, false, Set.of(Effect.BLINK)),
    DIMMABLE(true, false, true, Set.of(Effect.BLINK, Effect.BREATHE)),
    RGB(true, true, true, Set.of(Effect.BLINK, Effect.BREATHE, Effect.RAINBOW)),
    STRIP(true, true, true, Set.of(Effect.BLINK, Effect.BREATHE, Effect.RAINBOW));

    private final boolean brightness;
    private final boolean color;
    private final boolean transition;
    private final Set<Effect> effectsAllowed;

    LightKind(boolean brightness, boolean color, boolean transition, Set<Effect> effectsAllowed) {
        this.brightness = brightness;
        this.color = color;
        this.transition = transition;
        this.effectsAllowed = effectsAllowed;
    }

    public boolean hasBrightness() {
        return brightness;
    }

    public boolean hasColor() {
        return color;
    }

    public boolean hasTransition() {
        return transition;
    }

    /** The effects (besides none) the kind allows at most. */
    public Set<Effect> effectsAllowed() {
        return effectsAllowed;
    }

    /** The API's name: {@code onoff}, {@code dimmable}, {@code rgb}, {@code strip}. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the accepted kinds when {@code name} is none of them */
    public static LightKind fromApi(String name) {
        for (LightKind k : values()) {
            if (k.apiName().equals(name)) return k;
        }
        throw new IllegalArgumentException(
                "unknown light kind \"" + name + "\" (accepted: onoff, dimmable, rgb, strip)");
    }
}
