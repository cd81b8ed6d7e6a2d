package io.hilbridge.link;

import java.util.Arrays;

/**
 * The payload codecs of the live view (uart-link.md section 3, PIXELS_SUB and PIXELS): the host's subscription and
 * the board's chunks of what a light shows. Reached as {@code Messages.PixelsSub} and {@code Messages.Pixels}; see
 * {@link Messages} for the conventions every codec follows.
 */
public interface PixelPayloads {

    /** Highest subscription rate, frames per second. */
    int PIXELS_MAX_RATE = 20;
    /** A subscription lapses this long after the PIXELS_SUB that made or renewed it. */
    int PIXELS_LEASE_MS = 3000;
    /** Most pixels in one PIXELS chunk (a 196-byte payload). */
    int PIXELS_MAX_CHUNK = 64;

    /** PIXELS_SUB: light (0xFF every light) at {@code rate} frames per second; rate 0 ends the subscription. */
    record PixelsSub(int light, int rate) {
        public byte[] encode() {
            return new PayloadWriter().u8(light).u8(rate).toArray();
        }

        public static PixelsSub decode(byte[] p) {
            PayloadReader r = new PayloadReader(p, "PIXELS_SUB");
            r.expectLength(2);
            return new PixelsSub(r.u8(), r.u8());
        }
    }

    /**
     * PIXELS: pixels {@code first .. first + count - 1} of {@code light} as the board shows them, {@code rgb} holding
     * r, g, b per pixel. Whether the range fits the light is the receiver's check (it knows the board's HELLO).
     */
    record Pixels(int light, int first, byte[] rgb) {
        public Pixels {
            rgb = rgb.clone();
        }

        public int count() {
            return rgb.length / 3;
        }

        @Override
        public byte[] rgb() {
            return rgb.clone();
        }

        /** Pixel {@code i} of this chunk as 0xRRGGBB. */
        public int color(int i) {
            return ((rgb[3 * i] & 0xFF) << 16) | ((rgb[3 * i + 1] & 0xFF) << 8) | (rgb[3 * i + 2] & 0xFF);
        }

        public byte[] encode() {
            PayloadWriter w = new PayloadWriter().u8(light).u16(first).u8(count());
            for (byte b : rgb) w.u8(b & 0xFF);
            return w.toArray();
        }

        public static Pixels decode(byte[] p) {
            PayloadReader r = new PayloadReader(p, "PIXELS");
            int light = r.u8();
            int first = r.u16();
            int count = r.u8();
            if (count < 1 || count > PIXELS_MAX_CHUNK) {
                throw r.bad("count " + count + " is outside 1.." + PIXELS_MAX_CHUNK);
            }
            r.expectLength(4 + 3 * count);
            return new Pixels(light, first, Arrays.copyOfRange(p, 4, p.length));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Pixels x && x.light == light && x.first == first && Arrays.equals(x.rgb, rgb);
        }

        @Override
        public int hashCode() {
            return (light * 31 + first) * 31 + Arrays.hashCode(rgb);
        }
    }
}
