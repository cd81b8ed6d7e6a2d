package io.hilbridge.lights;

/**
 * A partial update of one light, as a client asks for it: null fields are left unchanged.
 * {@code transitionMs} is how long the board fades brightness and colour (0..65535). {@code pixels}: a strip's
 * per-pixel colours (SET_PIXELS); a {@code color} without them ends the light's per-pixel colours.
 */
public record LightChange(
        Boolean on, Integer brightness, Rgb color, Integer transitionMs, Effect effect, PixelRuns pixels) {

    /** A change without per-pixel colours. */
    public LightChange(Boolean on, Integer brightness, Rgb color, Integer transitionMs, Effect effect) {
        this(on, brightness, color, transitionMs, effect, null);
    }

    /** Only per-pixel colours. */
    public static LightChange pixels(PixelRuns pixels) {
        return new LightChange(null, null, null, null, null, pixels);
    }

    public boolean isEmpty() {
        return on == null
                && brightness == null
                && color == null
                && transitionMs == null
                && effect == null
                && pixels == null;
    }

    /**
     * This change followed by {@code later}: later fields win, used to coalesce pending commands. A later colour
     * without runs ends the per-pixel colours, as on the board.
     */
    public LightChange then(LightChange later) {
        return new LightChange(
                later.on != null ? later.on : on,
                later.brightness != null ? later.brightness : brightness,
                later.color != null ? later.color : color,
                later.transitionMs != null ? later.transitionMs : transitionMs,
                later.effect != null ? later.effect : effect,
                later.pixels != null ? later.pixels : (later.color != null ? null : pixels));
    }

    /** The first field this light's kind or board does not support, or null when all are allowed. */
    public String unsupportedField(LightInfo light) {
        LightKind k = light.kind();
        if (brightness != null && !k.dimmable()) return "brightness";
        if (transitionMs != null && !k.dimmable()) return "transitionMs";
        if (color != null && !k.colored()) return "color";
        if (effect != null && effect != Effect.NONE && !light.effects().contains(effect)) return "effect";
        if (pixels != null && k != LightKind.STRIP) return "pixels";
        return null;
    }
}
