package io.hilbridge.lights;

/**
 * What a light is doing (or, as desired state, should be doing). {@code pixels}: a strip's per-pixel colours, shown
 * instead of {@code color} while present (null: none, or, in a reported state, ones this bridge does not know; see
 * {@link #pixelsUnknown}). Immutable.
 */
public record LightState(
        boolean on, int brightness, Rgb color, Effect effect, PixelRuns pixels, boolean pixelsUnknown) {
    /** The state of every light after boot. */
    public static final LightState BOOT = new LightState(false, 255, Rgb.WHITE, Effect.NONE);

    /** A state without per-pixel colours. */
    public LightState(boolean on, int brightness, Rgb color, Effect effect) {
        this(on, brightness, color, effect, null, false);
    }

    /** The same state with these per-pixel colours (null: none). */
    public LightState withPixels(PixelRuns p) {
        return new LightState(on, brightness, color, effect, p, false);
    }

    /** Per-pixel colours are in force (STATE's PIXELS flag), known or not. */
    public boolean hasPixels() {
        return pixels != null || pixelsUnknown;
    }

    public LightState {
        if (brightness < 0 || brightness > 255) throw new IllegalArgumentException("brightness " + brightness);
        if (color == null || effect == null) throw new IllegalArgumentException("null colour or effect");
        if (pixels != null && pixelsUnknown) throw new IllegalArgumentException("pixels both known and unknown");
    }

    /** This state with the given change applied; absent fields stay as they are. */
    public LightState apply(LightChange c) {
        return new LightState(
                c.on() != null ? c.on() : on,
                c.brightness() != null ? c.brightness() : brightness,
                c.color() != null ? c.color() : color,
                c.effect() != null ? c.effect() : (Boolean.FALSE.equals(c.on()) ? Effect.NONE : effect),
                c.pixels() != null ? c.pixels() : (c.color() != null ? null : pixels),
                c.pixels() == null && c.color() == null && pixelsUnknown);
    }
}
