package io.hilbridge.client;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The change fields of a {@code set}: only the fields given are sent, the others stay as they are on the board.
 * Immutable; each method returns a new change. The client does not check ranges or capabilities itself: the bridge
 * is the one place that validates a command, and its answer comes back as a {@link HilbridgeException} with the
 * stable code ({@code out_of_range}, {@code unsupported}, ...).
 *
 * <p>{@link #asPredicate()} reads a change as "the confirmed state has every field this change names", which is what
 * {@link HilbridgeClient#awaitState(String, int, LightChange, java.time.Duration)} waits for.
 */
public record LightChange(
        Boolean on, Integer brightness, String color, Integer transitionMs, Effect effect, List<String> pixels) {

    private static final LightChange NONE = new LightChange(null, null, null, null, null, null);

    public LightChange {
        pixels = pixels == null ? null : List.copyOf(pixels);
    }

    /** A change without per-pixel colours. */
    public LightChange(Boolean on, Integer brightness, String color, Integer transitionMs, Effect effect) {
        this(on, brightness, color, transitionMs, effect, null);
    }

    /** A change that names nothing yet (the bridge refuses it with {@code bad_request} if sent as is). */
    public static LightChange change() {
        return NONE;
    }

    public static LightChange turnOn() {
        return NONE.on(true);
    }

    public static LightChange turnOff() {
        return NONE.on(false);
    }

    public LightChange on(boolean v) {
        return new LightChange(v, brightness, color, transitionMs, effect, pixels);
    }

    public LightChange brightness(int v) {
        return new LightChange(on, v, color, transitionMs, effect, pixels);
    }

    /** @param v {@code #rrggbb}; compared case-insensitively with the confirmed state */
    public LightChange color(String v) {
        return new LightChange(on, brightness, v, transitionMs, effect, pixels);
    }

    public LightChange transitionMs(int v) {
        return new LightChange(on, brightness, color, v, effect, pixels);
    }

    public LightChange effect(Effect v) {
        return new LightChange(on, brightness, color, transitionMs, v, pixels);
    }

    /**
     * Per-pixel colours for a strip (websocket-api.md, "Per-pixel colours"): one {@code #rrggbb} per pixel, pixel 0
     * first, covering the strip exactly. The board applies them with the change's other fields as one command. The
     * bridge refuses a list of the wrong length ({@code out_of_range}), a bad colour or one given with
     * {@link #color} ({@code bad_request}), a light that is not a strip ({@code unsupported}).
     */
    public LightChange pixels(List<String> v) {
        return new LightChange(on, brightness, color, transitionMs, effect, v);
    }

    /** True when a confirmed state shows every state field this change names ({@code transitionMs} is not a state). */
    public boolean isShownBy(LightState s) {
        return (on == null || on == s.on())
                && (brightness == null || brightness == s.brightness())
                && (color == null || color.equalsIgnoreCase(s.color()))
                && (effect == null || effect == s.effect())
                && (pixels == null || sameColors(pixels, s.pixels()));
    }

    private static boolean sameColors(List<String> wanted, List<String> shown) {
        if (shown == null || shown.size() != wanted.size()) return false;
        for (int i = 0; i < wanted.size(); i++) {
            if (!wanted.get(i).equalsIgnoreCase(shown.get(i))) return false;
        }
        return true;
    }

    /** {@link #isShownBy} as a predicate whose {@code toString} is this change, for failure messages. */
    public Predicate<LightState> asPredicate() {
        LightChange wanted = this;
        return new Predicate<>() {
            @Override
            public boolean test(LightState s) {
                return wanted.isShownBy(s);
            }

            @Override
            public String toString() {
                return wanted.toString();
            }
        };
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        if (on != null) parts.add("on=" + on);
        if (brightness != null) parts.add("brightness=" + brightness);
        if (color != null) parts.add("color=" + color);
        if (effect != null) parts.add("effect=" + effect.apiName());
        if (transitionMs != null) parts.add("transitionMs=" + transitionMs);
        if (pixels != null) parts.add("pixels=" + pixels);
        return "{" + String.join(", ", parts) + "}";
    }
}
