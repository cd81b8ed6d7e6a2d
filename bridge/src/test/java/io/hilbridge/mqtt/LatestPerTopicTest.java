package io.hilbridge.mqtt;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Coalescing of retained publishes: one in flight per topic, only the newest waits, no repeats of the same. */
class LatestPerTopicTest {
    private record Sent(String topic, String payload, CompletableFuture<Void> done) {}

    private final List<Sent> sent = new ArrayList<>();
    private final LatestPerTopic publisher = new LatestPerTopic((topic, payload) -> {
        CompletableFuture<Void> f = new CompletableFuture<>();
        sent.add(new Sent(topic, new String(payload), f));
        return f;
    });

    @Test
    void whileOneIsInFlightOnlyTheNewestWaits() {
        publisher.offer("a", "1".getBytes());
        publisher.offer("a", "2".getBytes());
        publisher.offer("a", "3".getBytes());
        publisher.offer("b", "x".getBytes());
        assertThat(sent).extracting(Sent::payload).containsExactly("1", "x");
        sent.get(0).done().complete(null);
        assertThat(sent).extracting(Sent::payload).containsExactly("1", "x", "3");
        assertThat(publisher.offered()).isEqualTo(4);
        assertThat(publisher.published()).isEqualTo(3);
    }

    @Test
    void thePayloadTheTopicAlreadyShowsIsNotSentAgainUntilForgotten() {
        publisher.offer("a", "1".getBytes());
        sent.get(0).done().complete(null);
        publisher.offer("a", "1".getBytes());
        assertThat(sent).hasSize(1);
        publisher.forgetSent(); // a new connection
        publisher.offer("a", "1".getBytes());
        assertThat(sent).hasSize(2);
    }

    @Test
    void aWaitingPayloadEqualToWhatWasJustPublishedIsDropped() {
        publisher.offer("a", "1".getBytes());
        publisher.offer("a", "2".getBytes());
        publisher.offer("a", "1".getBytes());
        sent.get(0).done().complete(null);
        assertThat(sent).hasSize(1);
    }

    @Test
    void aFailedPublishIsNotRememberedAsShown() {
        publisher.offer("a", "1".getBytes());
        sent.get(0).done().completeExceptionally(new IllegalStateException("not connected"));
        publisher.offer("a", "1".getBytes());
        assertThat(sent).hasSize(2);
    }
}
