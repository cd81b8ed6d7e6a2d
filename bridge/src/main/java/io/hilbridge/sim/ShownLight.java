package io.hilbridge.sim;

import io.hilbridge.lights.LightState;
import io.hilbridge.lights.Rgb;

/**
 * What one light of the simulated board shows: its target state, the fade towards it and the effect running on it,
 * rendered pixel by pixel exactly as the firmware's core does (hb_light.c: same integer math, same timing), so the
 * live view of the simulated board and of the real one agree. {@link #render} is the one place that says what a
 * pixel shows; a strip's per-pixel colours (SET_PIXELS) feed its {@link #base}.
 *
 * <p>Thread-safety: not thread-safe; confined to the board's tasks like the rest of {@link BoardFirmware}.
 */
final class ShownLight {
    static final int BLINK_HALF_MS = 500;
    static final int BREATHE_PERIOD_MS = 2000;
    static final int RAINBOW_PERIOD_MS = 3000;

    private LightState target = LightState.BOOT;
    private Rgb fadeFrom = Rgb.BLACK;
    private int fadeMs;
    private long fadeStart;
    private long effectStart;

    /** The boot state, no fade (hb_light_reset). */
    void reset() {
        target = LightState.BOOT;
        fadeFrom = Rgb.BLACK;
        fadeMs = 0;
        fadeStart = 0;
        effectStart = 0;
    }

    /** A new target: fades from what the light shows at {@code nowMs}; a changed effect restarts its phase. */
    void set(LightState next, int fadeMs, long nowMs) {
        // Per-pixel colours, or a change that starts or ends them, never fade (uart-link.md, SET_PIXELS).
        if (target.hasPixels() || next.hasPixels()) fadeMs = 0;
        fadeFrom = base(0, nowMs);
        fadeStart = nowMs;
        this.fadeMs = fadeMs;
        if (next.effect() != target.effect()) effectStart = nowMs;
        target = next;
    }

    /** The colour pixel {@code pixel} of {@code pixels} shows at {@code nowMs} (hb_light_render). */
    Rgb render(int pixel, int pixels, long nowMs) {
        Rgb c = base(pixel, nowMs);
        if (!target.on()) return c; // effects run only while on; a fade to off still plays out
        long t = nowMs - effectStart;
        return switch (target.effect()) {
            case BLINK -> (t / BLINK_HALF_MS) % 2 == 1 ? Rgb.BLACK : c;
            case BREATHE -> {
                long p = (t % BREATHE_PERIOD_MS) * 510 / BREATHE_PERIOD_MS;
                long tri = p <= 255 ? p : 510 - p;
                yield scale(c, (int) (tri * tri / 255));
            }
            case RAINBOW -> {
                long phase = (t % RAINBOW_PERIOD_MS) * 256 / RAINBOW_PERIOD_MS;
                long offset = pixels > 1 ? (long) pixel * 256 / pixels : 0;
                yield hue((int) ((phase + offset) & 0xFF), Math.max(c.r(), Math.max(c.g(), c.b())));
            }
            default -> c;
        };
    }

    /** The faded base colour of {@code pixel} at {@code nowMs}, before any effect. */
    private Rgb base(int pixel, long nowMs) {
        Rgb color = target.pixels() != null ? target.pixels().colorAt(pixel) : target.color();
        Rgb to = target.on() ? scale(color, target.brightness()) : Rgb.BLACK;
        long t = nowMs - fadeStart;
        if (fadeMs == 0 || t >= fadeMs || t < 0) return to;
        return new Rgb(
                mix(fadeFrom.r(), to.r(), t, fadeMs),
                mix(fadeFrom.g(), to.g(), t, fadeMs),
                mix(fadeFrom.b(), to.b(), t, fadeMs));
    }

    /** Hue 0..255 around the colour wheel at value v, saturation full (hb_hue). */
    static Rgb hue(int hue, int v) {
        int region = hue / 43;
        int up = ((hue - region * 43) * 6) & 0xFF;
        int down = 255 - up;
        Rgb c = switch (region) {
            case 0 -> new Rgb(255, up, 0);
            case 1 -> new Rgb(down, 255, 0);
            case 2 -> new Rgb(0, 255, up);
            case 3 -> new Rgb(0, down, 255);
            case 4 -> new Rgb(up, 0, 255);
            default -> new Rgb(255, 0, down);
        };
        return scale(c, v);
    }

    private static int scale8(int v, int by) {
        return (v * by + 127) / 255;
    }

    private static Rgb scale(Rgb c, int by) {
        return new Rgb(scale8(c.r(), by), scale8(c.g(), by), scale8(c.b(), by));
    }

    /** from + (to - from) * t / span, truncated toward zero as C's integer division does. */
    private static int mix(int from, int to, long t, int span) {
        return (int) (from + (to - from) * t / span);
    }
}
