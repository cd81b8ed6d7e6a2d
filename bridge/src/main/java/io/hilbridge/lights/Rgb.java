package io.hilbridge.lights;

import java.util.HexFormat;

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

    /**
     * Parses {@code #rrggbb}; throws IllegalArgumentException otherwise. Each of the six is checked to be a hex digit:
     * Integer.parseInt would take "#-12345" or "#+12345" as a number and give a colour nobody wrote.
     */
    public static Rgb parseHex(String s) {
        if (s == null
                || s.length() != 7
                || s.charAt(0) != '#'
                || !s.chars().skip(1).allMatch(HexFormat::isHexDigit)) {
            throw new IllegalArgumentException("colour must be #rrggbb: " + s);
        }
        int v = HexFormat.fromHexDigits(s, 1, 7);
        return new Rgb((v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF);
    }
}
