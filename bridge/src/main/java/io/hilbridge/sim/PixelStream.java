package io.hilbridge.sim;

import io.hilbridge.link.Messages;

import java.util.List;
import java.util.function.IntFunction;

/**
 * The simulated board's live view (uart-link.md section 3, PIXELS_SUB and PIXELS), as the firmware's core does it
 * (hb_pixels.c): per light a rate and a lease, frames started no sooner than 1000 / rate ms apart, and each frame
 * sent in chunks of at most {@link #CHUNK} pixels, one chunk per call of {@link #nextChunk}, round robin across lights.
 *
 * <p>Thread-safety: not thread-safe; confined to the board's tasks like the rest of {@link BoardFirmware}.
 */
final class PixelStream {
    /** Pixels per chunk, as the C core (HB_PIXELS_CHUNK). */
    static final int CHUNK = 16;

    private final int[] pixels;
    private final int[] rate;
    private final boolean[] started;
    private final int[] nextPixel;
    private final long[] renewedMs;
    private final long[] frameStartMs;
    private int nextLight;

    PixelStream(int[] pixelsPerLight) {
        int n = pixelsPerLight.length;
        this.pixels = pixelsPerLight.clone();
        this.rate = new int[n];
        this.started = new boolean[n];
        this.nextPixel = new int[n];
        this.renewedMs = new long[n];
        this.frameStartMs = new long[n];
    }

    /** Ends every subscription (boot, HELLO_REQ). */
    void clear() {
        java.util.Arrays.fill(rate, 0);
        nextLight = 0;
    }

    /** A PIXELS_SUB payload: 0 (answer ACK) or the NACK code, checked in the spec's order. */
    int subscribe(byte[] p, long nowMs) {
        if (p.length != 2) return Messages.NACK_MALFORMED;
        int light = p[0] & 0xFF;
        int r = p[1] & 0xFF;
        if (light != 0xFF && light >= rate.length) return Messages.NACK_BAD_LIGHT;
        if (r > Messages.PIXELS_MAX_RATE) return Messages.NACK_OUT_OF_RANGE;
        for (int i = 0; i < rate.length; i++) {
            if (light != 0xFF && light != i) continue;
            if (rate[i] == 0 || lapsed(i, nowMs)) {
                started[i] = false; // a new subscription: its first frame is due at once
                nextPixel[i] = 0;
            }
            rate[i] = r;
            renewedMs[i] = nowMs;
        }
        return 0;
    }

    /** Whether any light is subscribed at {@code nowMs}: the board needs its pixel timer only then. */
    boolean active(long nowMs) {
        for (int i = 0; i < rate.length; i++) {
            if (rate[i] != 0 && !lapsed(i, nowMs)) return true;
        }
        return false;
    }

    /** The next due chunk, its colours from {@code shows} (per light: pixel index to 0xRRGGBB); null if none. */
    Messages.Pixels nextChunk(long nowMs, List<IntFunction<Integer>> shows) {
        int n = rate.length;
        for (int k = 0; k < n; k++) {
            int light = (nextLight + k) % n;
            if (rate[light] != 0 && lapsed(light, nowMs)) rate[light] = 0; // nobody renewed: it ends by itself
            if (!due(light, nowMs)) continue;
            if (nextPixel[light] == 0) {
                started[light] = true;
                frameStartMs[light] = nowMs; // a late frame is not caught up
            }
            int first = nextPixel[light];
            int count = Math.min(CHUNK, pixels[light] - first);
            byte[] rgb = new byte[3 * count];
            for (int i = 0; i < count; i++) {
                int c = shows.get(light).apply(first + i);
                rgb[3 * i] = (byte) (c >> 16);
                rgb[3 * i + 1] = (byte) (c >> 8);
                rgb[3 * i + 2] = (byte) c;
            }
            nextPixel[light] = first + count < pixels[light] ? first + count : 0;
            nextLight = nextPixel[light] == 0 ? (light + 1) % n : light;
            return new Messages.Pixels(light, first, rgb);
        }
        return null;
    }

    private boolean due(int light, long nowMs) {
        if (rate[light] == 0 || lapsed(light, nowMs)) return false;
        if (!started[light] || nextPixel[light] != 0) return true;
        return nowMs - frameStartMs[light] >= 1000 / rate[light];
    }

    private boolean lapsed(int light, long nowMs) {
        return nowMs - renewedMs[light] >= Messages.PIXELS_LEASE_MS;
    }
}
