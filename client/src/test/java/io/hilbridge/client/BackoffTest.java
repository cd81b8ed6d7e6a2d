package io.hilbridge.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

    @Test
    void doublesUpToTheMaximumAndStartsOverAfterASuccess() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000));
        assertThat(IntStream.range(0, 6).mapToObj(i -> b.next().toMillis()))
                .containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L);
        assertThat(b.attempts()).isEqualTo(6);
        b.reset();
        assertThat(b.next()).isEqualTo(Duration.ofMillis(100));
        assertThat(b.attempts()).isEqualTo(1);
    }
}
