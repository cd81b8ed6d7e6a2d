package io.hilbridge.lights;

/** What a light is doing (or, as desired state, should be doing). Immutable. */
public record LightState(boolean on, int brightness, Rgb color, Effect effect) {
    /** The state of every light after boot. */
    public static final LightState BOOT = new LightState(false, 255, Rgb.WHITE, Effect.NONE);

    public LightState {
        if (brightness < 0 || brightness > 255) throw new IllegalArgumentException("brightness " + brightness);
        if (color == null || effect == null) throw new IllegalArgumentException("null colour or effect");
    }

    /** This state with the given change applied; absent fields stay as they are. */
    public LightState apply(LightChange c) {
        return new LightState(
                c.on() != null ? c.on() : on,
                c.brightness() != null ? c.brightness() : brightness,
                c.color() != null ? c.color() : color,
                c.effect() != null ? c.effect() : (Boolean.FALSE.equals(c.on()) ? Effect.NONE : effect));
    }
}
