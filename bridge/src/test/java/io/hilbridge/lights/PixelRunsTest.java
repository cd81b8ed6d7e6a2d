package io.hilbridge.lights;

import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PixelRuns: normalised so equal patterns are equal, and read per pixel as the board's renderer reads them. */
class PixelRunsTest {
    private static final Rgb RED = new Rgb(255, 0, 0), BLUE = new Rgb(0, 0, 255);

    @Test
    void adjacentEqualColoursMergeAndRunsSplitAt255() {
        PixelRuns a = PixelRuns.ofColors(List.of(RED, RED, BLUE, BLUE, BLUE));
        PixelRuns b = new PixelRuns(List.of(new PixelRuns.Run(2, RED), new PixelRuns.Run(3, BLUE)));
        assertThat(a).isEqualTo(b);
        assertThat(a.runs()).hasSize(2);
        PixelRuns longRun = PixelRuns.ofColors(Collections.nCopies(600, RED));
        assertThat(longRun.runs()).extracting(PixelRuns.Run::count).containsExactly(255, 255, 90);
        assertThat(longRun.pixelCount()).isEqualTo(600);
    }

    @Test
    void colorAtReadsEachPixelFromItsRun() {
        PixelRuns p = new PixelRuns(List.of(new PixelRuns.Run(3, RED), new PixelRuns.Run(2, BLUE)));
        assertThat(List.of(p.colorAt(0), p.colorAt(2), p.colorAt(3), p.colorAt(4)))
                .containsExactly(RED, RED, BLUE, BLUE);
        assertThat(p.colorAt(99))
                .as("past the end: the last run's, as hb_light.c")
                .isEqualTo(BLUE);
        assertThat(p.colors()).containsExactly(RED, RED, RED, BLUE, BLUE);
    }

    @Test
    void emptyOrZeroPixelRunsAreRefused() {
        assertThatThrownBy(() -> new PixelRuns(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PixelRuns.Run(0, RED)).isInstanceOf(IllegalArgumentException.class);
    }
}
