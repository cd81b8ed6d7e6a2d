package io.hilbridge.link;

import io.hilbridge.lights.DeviceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.hilbridge.link.VirtualLink.brightness;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The host's side of the live view (uart-link.md section 3, PIXELS_SUB and PIXELS): subscribe every light at once
 * when someone wants pixels, renew about once a second, subscribe again after a HELLO (it ends the board's
 * subscriptions), end it with rate 0, ask nothing of a board that is not online, and drop a PIXELS chunk that does
 * not fit the board's HELLO ("Host checks"). On virtual time against a board that answers only what the test sends.
 */
class PixelWatchRulesTest {
    private final VirtualLink v = new VirtualLink();
    private final List<Messages.Pixels> seen = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        v.close();
    }

    private LinkSession start() {
        LinkSession link = v.start(LinkConfig.defaults());
        link.addListener(new BoardListener() {
            @Override
            public void onPixels(BoardLink b, Messages.Pixels p) {
                seen.add(p);
            }
        });
        return link;
    }

    /** The PIXELS_SUBs the host wrote, in order. */
    private List<Messages.PixelsSub> subscriptions() {
        return v.board.writes.stream()
                .map(ScriptedBoard.Write::frame)
                .filter(f -> f != null && f.type() == Frame.PIXELS_SUB)
                .map(f -> Messages.PixelsSub.decode(f.payload()))
                .toList();
    }

    private int lastSubscriptionSeq() {
        return v.board.writes.stream()
                .map(ScriptedBoard.Write::frame)
                .filter(f -> f != null && f.type() == Frame.PIXELS_SUB)
                .reduce((a, b) -> b)
                .orElseThrow()
                .seq();
    }

    @Test
    void subscribesAtOnceRenewsEverySecondAndEndsWithRateZero() {
        LinkSession link = start();
        link.watchPixels(true);
        assertThat(subscriptions()).containsExactly(new Messages.PixelsSub(0xFF, PixelWatch.RATE));
        link.watchPixels(true);
        assertThat(subscriptions()).as("already subscribed: nothing new").hasSize(1);
        v.advance(Duration.ofMillis(999));
        assertThat(subscriptions()).hasSize(1);
        v.advance(Duration.ofMillis(1));
        assertThat(subscriptions()).as("renewed after 1 s").hasSize(2);

        link.watchPixels(false);
        assertThat(subscriptions()).hasSize(3).last().isEqualTo(new Messages.PixelsSub(0xFF, 0));
        v.advance(Duration.ofSeconds(5));
        assertThat(subscriptions()).as("nobody watches: no renewal").hasSize(3);

        link.watchPixels(true);
        assertThat(subscriptions()).hasSize(4).last().isEqualTo(new Messages.PixelsSub(0xFF, PixelWatch.RATE));
        v.advance(Duration.ofMillis(1000));
        assertThat(subscriptions())
                .as("one renewal a second, not one per past subscription")
                .hasSize(5);
    }

    @Test
    void aHelloEndsTheBoardsSubscriptionsSoTheHostSubscribesAgain() {
        LinkSession link = start();
        link.watchPixels(true);
        assertThat(subscriptions()).hasSize(1);
        v.toHost(Frame.HELLO, new Messages.Hello(1, "script", 42, v.board.lights).encode());
        assertThat(subscriptions()).hasSize(2);
    }

    @Test
    void aResyncingBoardIsSubscribedToo() {
        LinkSession link = start();
        link.set(0, brightness(10));
        v.ack(v.lastSetSeq(), 0);
        link.watchPixels(true);
        v.toHost(Frame.HELLO, new Messages.Hello(1, "script", 43, v.board.lights).encode()); // a new boot: replay
        assertThat(link.status()).isEqualTo(DeviceStatus.RESYNCING);
        assertThat(subscriptions()).hasSize(2);
    }

    @Test
    void aBoardThatIsNotOnlineIsNotAskedForPixels() {
        LinkSession link = start();
        link.watchPixels(true);
        v.board.answerHellos = false;
        for (int ms = 0; link.status() == DeviceStatus.ONLINE; ms++) {
            assertThat(ms).as("ms until the silent board is offline").isLessThan(60_000);
            v.advance(Duration.ofMillis(1));
        }
        int before = subscriptions().size();
        long helloRequests = v.written(Frame.HELLO_REQ);
        v.advance(Duration.ofSeconds(10));
        assertThat(v.written(Frame.HELLO_REQ)).as("reconnected, handshaking").isGreaterThan(helloRequests);
        assertThat(subscriptions())
                .as("no PIXELS_SUB while the board is not online")
                .hasSize(before);
        link.watchPixels(false);
        assertThat(subscriptions())
                .as("nothing to end on a board that is not online")
                .hasSize(before);
    }

    @Test
    void anAckToTheSubscriptionChecksTheStateGenerationLikeAnyAck() {
        LinkSession link = start();
        v.state(0, 5, 5, 7); // a sync STATE (cause 5): the host's last state_gen is 7
        link.watchPixels(true);
        long stateRequests = v.written(Frame.STATE_REQ);
        v.ack(lastSubscriptionSeq(), 7);
        assertThat(v.written(Frame.STATE_REQ))
                .as("same state_gen: nothing lost")
                .isEqualTo(stateRequests);
        v.advance(Duration.ofSeconds(1));
        v.board.answerHellos = false; // so the HELLO_REQ that follows brings no second STATE_REQ
        v.ack(lastSubscriptionSeq(), 9);
        assertThat(v.written(Frame.STATE_REQ))
                .as("state_gen moved: a STATE was lost")
                .isEqualTo(stateRequests + 1);
    }

    @Test
    void aChunkMustFitTheLightsPixels() {
        LinkSession link = start(); // one lamp of 1 pixel
        byte[] rgb = {1, 2, 3};
        v.toHost(Frame.PIXELS, new Messages.Pixels(0, 0, rgb).encode());
        assertThat(seen).containsExactly(new Messages.Pixels(0, 0, rgb));
        v.toHost(Frame.PIXELS, new Messages.Pixels(0, 1, rgb).encode());
        v.toHost(Frame.PIXELS, new Messages.Pixels(0, 0, new byte[] {1, 2, 3, 4, 5, 6}).encode());
        v.toHost(Frame.PIXELS, new Messages.Pixels(1, 0, rgb).encode());
        assertThat(seen).as("pixel 1 or a second light do not exist").hasSize(1);
        assertThat(link.malformedFrames()).isEqualTo(3);
    }
}
