package io.hilbridge.link;

import io.hilbridge.lights.Effect;
import io.hilbridge.lights.ErrorCode;
import io.hilbridge.lights.LightChange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.hilbridge.link.LinkTestSupport.failure;
import static io.hilbridge.link.VirtualLink.brightness;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coalescing (uart-link.md section 6, "The window", and section 5): per light only the newest desired change waits to
 * be sent, merged as the board applies changes (later fields win; "off" without an effect stops the effect); a new
 * SET carries the merge of the light's unresolved SETs, so a SET that carries a repair (the light's complete desired
 * state after a timeout) repairs the light like the repair itself; and an answer resolves the SETs of its own light
 * only. On virtual time: a SET times out exactly when the test advances the clock past its last timeout.
 */
class CoalescingRulesTest {
    private static final LinkConfig ONE_TRANSMISSION =
            LinkConfig.builder().retries(0).build();

    private final VirtualLink v = new VirtualLink();

    @AfterEach
    void tearDown() {
        v.close();
    }

    @Test
    void aSetThatCarriesAnUnresolvedRepairRepairsTheLight() {
        v.board.answerPings = true;
        LinkSession link = v.start(ONE_TRANSMISSION);
        CompletableFuture<Void> lost = link.set(0, brightness(10));
        v.advance(Duration.ofMillis(100)); // section 6: no answer to the last transmission, timeout
        assertThat(failure(lost).code()).isEqualTo(ErrorCode.TIMEOUT);
        // Section 5: its effect is unknown, so the light's complete desired state goes out once.
        Messages.SetCommand repair = v.lastSet();
        assertThat(repair.fields()).isEqualTo(Messages.F_ON | Messages.F_BRIGHTNESS | Messages.F_EFFECT);
        assertThat(repair.brightness()).isEqualTo(10);

        CompletableFuture<Void> on = link.set(0, new LightChange(true, null, null, null, null));
        Messages.SetCommand carrier = v.lastSet();
        assertThat(carrier.fields())
                .as("the merge of the repair and the new change")
                .isEqualTo(Messages.F_ON | Messages.F_BRIGHTNESS | Messages.F_EFFECT);
        assertThat(carrier.on()).isEqualTo(1);
        assertThat(carrier.brightness()).isEqualTo(10);

        v.ack(v.lastSetSeq(), 0);
        assertThat(on).isCompleted();
        // The ACK says the board has the light's whole desired state: no further repair.
        assertThat(v.board.newSets())
                .as("the lost SET, the repair, the carrier")
                .hasSize(3);
        assertThat(link.pending(0)).isFalse();
        v.advance(Duration.ofSeconds(1)); // a PONG (link works again) repairs lights still dirty: none is
        assertThat(v.board.newSets()).hasSize(3);
    }

    @Test
    void aLightThatTimedOutAgainAfterItsRepairWaitsForTheNextHandshake() {
        LinkSession link = v.start(ONE_TRANSMISSION);
        link.set(0, brightness(10));
        v.advance(Duration.ofMillis(100)); // timeout: the repair goes out
        assertThat(v.board.newSets()).hasSize(2);
        v.advance(Duration.ofMillis(100)); // the repair times out too: repaired once since the last ACK, no more
        assertThat(v.board.newSets()).hasSize(2);
        assertThat(link.stats().timeouts()).isEqualTo(2);
        assertThat(link.pending(0)).isFalse();
    }

    @Test
    void offWithoutAnEffectStopsTheEffectAnEarlierQueuedChangeStarted() {
        LinkSession link = v.start(LinkConfig.builder().window(1).build());
        link.set(0, brightness(1)); // in flight: what follows waits in the queue, coalesced
        int first = v.lastSetSeq();
        CompletableFuture<Void> blink = link.set(0, new LightChange(true, null, null, null, Effect.BLINK));
        CompletableFuture<Void> off = link.set(0, new LightChange(false, null, null, null, null));
        CompletableFuture<Void> onAgain = link.set(0, new LightChange(true, 50, null, null, null));

        v.ack(first, 0);
        Messages.SetCommand merged = v.lastSet();
        assertThat(v.board.newSets()).as("three commands, one SET").hasSize(2);
        assertThat(merged.fields()).isEqualTo(Messages.F_ON | Messages.F_BRIGHTNESS | Messages.F_EFFECT);
        assertThat(merged.on()).isEqualTo(1);
        assertThat(merged.brightness()).isEqualTo(50);
        assertThat(merged.effect()).as("the off in between stopped the blink").isEqualTo(Effect.NONE.id());

        v.ack(v.lastSetSeq(), 0);
        assertThat(List.of(blink, off, onAgain))
                .as("each client gets the answer of the SET that carried it")
                .allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    }

    @Test
    void coalescingKeepsEachFieldsLatestValue() {
        assertThat(LinkSession.coalesce(
                        new LightChange(true, 10, null, 500, Effect.BLINK),
                        new LightChange(null, 20, null, null, null)))
                .isEqualTo(new LightChange(true, 20, null, 500, Effect.BLINK));
        assertThat(LinkSession.coalesce(
                        new LightChange(null, null, null, null, Effect.BLINK),
                        new LightChange(false, null, null, null, null)))
                .as("off without an effect")
                .isEqualTo(new LightChange(false, null, null, null, Effect.NONE));
        assertThat(LinkSession.coalesce(
                        new LightChange(false, null, null, null, null),
                        new LightChange(true, null, null, null, Effect.BLINK)))
                .as("an effect named after the off")
                .isEqualTo(new LightChange(true, null, null, null, Effect.BLINK));
    }
}
