package io.hilbridge.lights;

/** A colour, each channel 0..255. */
public record Rgb(int r, int g, int b) {
    public static final Rgb WHITE = new Rgb(255, 255, 255);
    public static final Rgb BLACK = new Rgb(0, 0, 0);

    public Rgb {
        if ((r | g | b) < 0 || r > 255 || g > 255 || b > 255) {
            throw new IllegalArgumentException("colour channel out of 0..255: " + r + "," + g + "," + b);
        }
    }

    /** {@code #rrggbb}, as HTML colour inputs use. */
    public String hex() {
        return String.format("#%02x%02x%02x", r, g, b);
    }

    /** Parses {@code #rrggbb}; throws IllegalArgumentException otherwise. */
    public static Rgb parseHex(String s) {
        if (s == null || s.length() != 7 || s.charAt(0) != '#') {
            throw new IllegalArgumentException("colour must be #rrggbb: " + s);
        }
        int v;
        try {
            v = Integer.parseInt(s.substring(1), 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("colour must be #rrggbb: " + s, e);
        }
        return new Rgb((v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF);
    }
}
