package io.hilbridge.boardlog;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogRingTest {
    private final LogRing ring = new LogRing(3, Clock.fixed(Instant.parse("2026-12-06T23:00:00Z"), ZoneOffset.UTC));

    private void add(String... texts) {
        for (String t : texts) ring.append(LogLine.Level.INFO, LogLine.Source.LOG, t);
    }

    @Test
    void keepsOnlyTheNewestLinesAndNumbersEveryLine() {
        add("a", "b", "c", "d", "e");
        assertThat(ring.newestSeq()).isEqualTo(5);
        assertThat(ring.oldestSeq()).isEqualTo(3);
        assertThat(ring.last(10)).extracting(LogLine::text).containsExactly("c", "d", "e");
        assertThat(ring.last(2)).extracting(LogLine::seq).containsExactly(4L, 5L);
    }

    @Test
    void pagesForwardAndCountsWhatLeftTheRing() {
        add("a", "b", "c", "d", "e");
        LogRing.Page p = ring.after(1, 10);
        assertThat(p.lines()).extracting(LogLine::text).containsExactly("c", "d", "e");
        assertThat(p.missed()).isEqualTo(1); // "b" (seq 2) is gone
        assertThat(ring.after(3, 1).lines()).extracting(LogLine::text).containsExactly("d");
        assertThat(ring.after(3, 1).missed()).isZero();
        assertThat(ring.after(5, 10).lines()).isEmpty();
    }

    @Test
    void anEmptyRingHasNothingAndRefusesASeqBeyondIt() {
        assertThat(ring.last(3)).isEmpty();
        assertThat(ring.after(0, 3).lines()).isEmpty();
        assertThatThrownBy(() -> ring.after(1, 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
