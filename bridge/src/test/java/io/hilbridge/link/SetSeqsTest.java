package io.hilbridge.link;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * uart-link.md section 6: a new SET never takes a seq used by one of the host's last 8 SETs since its last
 * HELLO_REQ (which clears the board's duplicate window). The link's counter is scripted to come back to old values,
 * as it does after wrapping.
 */
class SetSeqsTest {

    private static SetSeqs counter(Integer... values) {
        Iterator<Integer> it = List.of(values).iterator();
        return new SetSeqs(it::next);
    }

    private static List<Integer> take(SetSeqs seqs, int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(seqs.next());
        return out;
    }

    @Test
    void aSeqOfTheLastEightSetsIsSkippedTheNinthLastIsNot() {
        SetSeqs seqs = counter(10, 11, 12, 13, 14, 15, 16, 17, 10, 18, 10, 19);
        assertThat(take(seqs, 8)).containsExactly(10, 11, 12, 13, 14, 15, 16, 17);
        // 10 is one of the last 8: skipped.
        assertThat(seqs.next()).isEqualTo(18);
        // Now the last 8 are 11..18: 10 is free again.
        assertThat(seqs.next()).isEqualTo(10);
    }

    @Test
    void helloReqForgetsTheRecentSeqs() {
        SetSeqs seqs = counter(1, 2, 3, 2, 4);
        assertThat(take(seqs, 3)).containsExactly(1, 2, 3);
        seqs.helloRequested();
        assertThat(seqs.next())
                .as("2 is no longer in the board's duplicate window")
                .isEqualTo(2);
        assertThat(seqs.next()).isEqualTo(4);
    }
}
