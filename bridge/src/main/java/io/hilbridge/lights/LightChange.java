package io.hilbridge.lights;

/**
 * A partial update of one light, as a client asks for it: null fields are left unchanged.
 * {@code transitionMs} is how long the board fades brightness and colour (0..65535).
 */
public record LightChange(Boolean on, Integer brightness, Rgb color, Integer transitionMs, Effect effect) {

    public boolean isEmpty() {
        return on == null && brightness == null && color == null && transitionMs == null && effect == null;
    }

    /** This change followed by {@code later}: later fields win, used to coalesce pending commands. */
    public LightChange then(LightChange later) {
        return new LightChange(
                later.on != null ? later.on : on,
                later.brightness != null ? later.brightness : brightness,
                later.color != null ? later.color : color,
                later.transitionMs != null ? later.transitionMs : transitionMs,
                later.effect != null ? later.effect : effect);
    }

    /** The first field this light's kind or board does not support, or null when all are allowed. */
    public String unsupportedField(LightInfo light) {
        LightKind k = light.kind();
        if (brightness != null && !k.dimmable()) return "brightness";
        if (transitionMs != null && !k.dimmable()) return "transitionMs";
        if (color != null && !k.colored()) return "color";
        if (effect != null && effect != Effect.NONE && !light.effects().contains(effect)) return "effect";
        return null;
    }
}
