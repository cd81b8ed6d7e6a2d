package io.hilbridge.link;

import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.PixelRuns;
import io.hilbridge.lights.Rgb;

import java.util.ArrayList;
import java.util.List;

/**
 * The SET_PIXELS payload codec (uart-link.md section 3): a SET payload, {@code run_count}, then that many runs of
 * {@code count u8, r, g, b}. Reached as {@code Messages.SetPixels}; see {@link Messages} for the conventions.
 */
public interface SetPixelsPayloads {

    /** Bytes of one run on the wire. */
    int RUN_BYTES = 4;

    /**
     * A SET_PIXELS with raw wire values: run counts as sent (the board refuses a 0), the colours as bytes.
     *
     * @param counts one per run, in order
     * @param colors one per run, in order
     */
    record SetPixels(Messages.SetCommand set, List<Integer> counts, List<Rgb> colors) {
        public SetPixels {
            counts = List.copyOf(counts);
            colors = List.copyOf(colors);
            if (counts.size() != colors.size()) throw new IllegalArgumentException("a count and a colour per run");
        }

        /** The SET_PIXELS carrying {@code change} (whose pixels are set) for {@code light}. */
        public static SetPixels of(int light, LightChange c) {
            List<Integer> counts = new ArrayList<>();
            List<Rgb> colors = new ArrayList<>();
            for (PixelRuns.Run r : c.pixels().runs()) {
                counts.add(r.count());
                colors.add(r.color());
            }
            return new SetPixels(Messages.SetCommand.of(light, c), counts, colors);
        }

        /**
         * The change this SET_PIXELS asks for; throws MalformedPayloadException when a SET value is out of range or
         * a run has no pixel.
         */
        public LightChange toChange() {
            LightChange base = set.toChange();
            List<PixelRuns.Run> runs = new ArrayList<>(counts.size());
            for (int i = 0; i < counts.size(); i++) {
                if (counts.get(i) == 0) throw new MalformedPayloadException("SET_PIXELS: run " + i + " has no pixel");
                runs.add(new PixelRuns.Run(counts.get(i), colors.get(i)));
            }
            return new LightChange(
                    base.on(),
                    base.brightness(),
                    base.color(),
                    base.transitionMs(),
                    base.effect(),
                    new PixelRuns(runs));
        }

        public byte[] encode() {
            PayloadWriter w = new PayloadWriter();
            w.bytes(set.encode()).u8(counts.size());
            for (int i = 0; i < counts.size(); i++) {
                Rgb c = colors.get(i);
                w.u8(counts.get(i)).u8(c.r()).u8(c.g()).u8(c.b());
            }
            return w.toArray();
        }

        /** Throws MalformedPayloadException unless the length is exactly 11 + 4 * run_count, run_count 1..47. */
        public static SetPixels decode(byte[] p) {
            PayloadReader r = new PayloadReader(p, "SET_PIXELS");
            Messages.SetCommand set =
                    new Messages.SetCommand(r.u8(), r.u8(), r.u8(), r.u8(), r.u8(), r.u8(), r.u8(), r.u16(), r.u8());
            int n = r.u8();
            if (n < 1 || n > PixelRuns.MAX_RUNS)
                throw r.bad("run_count must be 1.." + PixelRuns.MAX_RUNS + ", got " + n);
            r.expectLength(11 + RUN_BYTES * n);
            List<Integer> counts = new ArrayList<>(n);
            List<Rgb> colors = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                counts.add(r.u8());
                colors.add(new Rgb(r.u8(), r.u8(), r.u8()));
            }
            return new SetPixels(set, counts, colors);
        }
    }
}
