package io.hilbridge.lights;

import java.util.ArrayList;
import java.util.List;

/**
 * A strip's per-pixel colours as runs of one colour (uart-link.md section 3, SET_PIXELS): pixel 0 on, the first
 * run's {@code count} pixels take its colour, and so on. Always normalised, so that two equal patterns are equal
 * records: adjacent runs of the same colour are merged and runs are split at {@link #MAX_RUN} pixels, the most one
 * run on the wire holds. Immutable and thread-safe.
 */
public record PixelRuns(List<Run> runs) {
    /** The most pixels one run on the wire holds (its count is a byte). */
    public static final int MAX_RUN = 255;
    /** The most runs one SET_PIXELS frame holds: (200 - 11) / 4. */
    public static final int MAX_RUNS = 47;

    /** {@code count} pixels (at least 1) of one colour. */
    public record Run(int count, Rgb color) {
        public Run {
            if (count < 1) throw new IllegalArgumentException("a run needs at least one pixel, not " + count);
            if (color == null) throw new IllegalArgumentException("a run needs a colour");
        }
    }

    public PixelRuns {
        if (runs == null || runs.isEmpty()) throw new IllegalArgumentException("per-pixel colours need a run");
        runs = normalise(runs);
    }

    /** One colour per pixel, in order. */
    public static PixelRuns ofColors(List<Rgb> colors) {
        List<Run> runs = new ArrayList<>(colors.size());
        for (Rgb c : colors) runs.add(new Run(1, c));
        return new PixelRuns(runs);
    }

    public int pixelCount() {
        int n = 0;
        for (Run r : runs) n += r.count();
        return n;
    }

    /**
     * The colour of {@code pixel} (0-based), as the board's renderer picks it (hb_light.c run_color): past the end,
     * the last run's.
     */
    public Rgb colorAt(int pixel) {
        int end = 0;
        for (Run r : runs) {
            end += r.count();
            if (pixel < end) return r.color();
        }
        return runs.get(runs.size() - 1).color();
    }

    /** Every pixel's colour, in order (as long as {@link #pixelCount()}). */
    public List<Rgb> colors() {
        List<Rgb> out = new ArrayList<>(pixelCount());
        for (Run r : runs) {
            for (int i = 0; i < r.count(); i++) out.add(r.color());
        }
        return out;
    }

    private static List<Run> normalise(List<Run> in) {
        List<Run> merged = new ArrayList<>(in.size());
        for (Run r : in) {
            if (r == null) throw new IllegalArgumentException("null run");
            int last = merged.size() - 1;
            if (last >= 0 && merged.get(last).color().equals(r.color())) {
                merged.set(last, new Run(merged.get(last).count() + r.count(), r.color()));
            } else {
                merged.add(r);
            }
        }
        List<Run> out = new ArrayList<>(merged.size());
        for (Run r : merged) {
            for (int left = r.count(); left > 0; left -= MAX_RUN) out.add(new Run(Math.min(left, MAX_RUN), r.color()));
        }
        return List.copyOf(out);
    }
}
