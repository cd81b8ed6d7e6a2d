package io.hilbridge.link;

import io.hilbridge.lights.BoardInfo;
import io.hilbridge.lights.StateCause;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the board's frames go (uart-link.md sections 2, 3 and 6), on a link on virtual time against a board that
 * answers inline ({@link VirtualLink}): dropped bytes that were the ROM's boot text are counted as such; a HELLO
 * reaches the listeners and renews the live view's subscription (a boot ends it); an ACK to PIXELS_SUB is an ACK like
 * any other for the lost-STATE rule.
 */
class InboundDispatchTest {
    private final VirtualLink v = new VirtualLink();

    @AfterEach
    void tearDown() {
        v.close();
    }

    private void hello(long bootId) {
        v.toHost(Frame.HELLO, new Messages.Hello(1, "script", bootId, v.board.lights).encode());
    }

    @Test
    void theRomsBootTextIsCountedApartFromLineNoise() {
        LinkSession link = v.start(LinkConfig.defaults());
        LinkStats before = link.stats();
        v.board.toHost(
                "ESP-ROM:esp32c3-api1-20210207\r\nrst:0x1 (POWERON),boot:0x8\r\n".getBytes(StandardCharsets.US_ASCII));
        v.toHost(Frame.PONG, new Messages.Pong(0, 0, 1).encode()); // its leading delimiter ends the run
        LinkStats after = link.stats();
        assertThat(after.decodeErrors()).isEqualTo(before.decodeErrors() + 1);
        assertThat(after.bootText()).isEqualTo(before.bootText() + 1);

        v.board.toHost(new byte[] {(byte) 0x81, 0x02, (byte) 0xF3, 0x44, (byte) 0x95});
        v.toHost(Frame.PONG, new Messages.Pong(0, 0, 2).encode());
        assertThat(link.stats().decodeErrors()).isEqualTo(before.decodeErrors() + 2);
        assertThat(link.stats().bootText()).as("noise is not boot text").isEqualTo(before.bootText() + 1);
    }

    @Test
    void aHelloReachesTheListeners() {
        LinkSession link = v.start(LinkConfig.defaults());
        List<BoardInfo> hellos = new CopyOnWriteArrayList<>();
        link.addListener(new BoardListener() {
            @Override
            public void onHello(BoardLink b, BoardInfo info) {
                hellos.add(info);
            }
        });
        hello(43);
        assertThat(hellos).extracting(BoardInfo::bootId).containsExactly(43L);
        assertThat(hellos.get(0)).isEqualTo(link.info().orElseThrow());
    }

    @Test
    void aBootEndsTheLiveViewSoTheHostSubscribesAgainAtOnce() {
        LinkSession link = v.start(LinkConfig.defaults());
        link.watchPixels(true);
        assertThat(v.written(Frame.PIXELS_SUB)).isEqualTo(1);
        hello(43);
        assertThat(v.written(Frame.PIXELS_SUB))
                .as("subscribed again on the HELLO")
                .isEqualTo(2);
    }

    /** A SET in flight, then a PONG whose state_gen shows lost STATEs: a HELLO_REQ waits for the SET's answer. */
    private int lostStatesWhileASetIsInFlight(LinkSession link) {
        v.state(0, StateCause.SYNC.code(), 5, 3);
        link.set(0, VirtualLink.brightness(7));
        int seq = v.lastSetSeq();
        v.toHost(Frame.PONG, new Messages.Pong(0, 9, 1).encode());
        return seq;
    }

    @Test
    void afterLostStatesAHelloReqFollowsOnceNoSetIsInFlight() {
        LinkSession link = v.start(LinkConfig.defaults());
        int seq = lostStatesWhileASetIsInFlight(link);
        long helloReqs = v.written(Frame.HELLO_REQ);
        v.ack(seq, 9); // the state_gen the PONG showed: this ACK shows nothing more lost
        assertThat(v.written(Frame.HELLO_REQ)).isEqualTo(helloReqs + 1);
    }

    @Test
    void aHelloThatCameAnywayMakesThatHelloReqNeedless() {
        LinkSession link = v.start(LinkConfig.defaults());
        int seq = lostStatesWhileASetIsInFlight(link);
        long helloReqs = v.written(Frame.HELLO_REQ);
        hello(42); // the boot id the host knows: no reset, nothing to ask
        v.ack(seq, 9); // the state_gen the PONG showed: this ACK shows nothing more lost
        assertThat(v.written(Frame.HELLO_REQ)).isEqualTo(helloReqs);
    }

    private int lastPixelsSubSeq() {
        List<ScriptedBoard.Write> subs = v.board.writes.stream()
                .filter(w -> w.frame() != null && w.frame().type() == Frame.PIXELS_SUB)
                .toList();
        return subs.get(subs.size() - 1).frame().seq();
    }

    @Test
    void anAckToPixelsSubWithAnotherStateGenAsksForEveryState() {
        LinkSession link = v.start(LinkConfig.defaults());
        v.state(0, StateCause.SYNC.code(), 5, 3); // a sync answer: the host's state_gen is 3 from now on
        link.watchPixels(true);
        long stateReqs = v.written(Frame.STATE_REQ);
        v.ack(lastPixelsSubSeq(), 3);
        assertThat(v.written(Frame.STATE_REQ))
                .as("same state_gen: nothing lost")
                .isEqualTo(stateReqs);
        link.watchPixels(false);
        link.watchPixels(true);
        v.board.answerHellos = false; // so that the HELLO_REQ below brings no HELLO (and its STATE_REQ)
        long helloReqs = v.written(Frame.HELLO_REQ);
        v.ack(lastPixelsSubSeq(), 5);
        assertThat(v.written(Frame.STATE_REQ)).as("section 6, lost STATE").isEqualTo(stateReqs + 1);
        assertThat(v.written(Frame.HELLO_REQ))
                .as("and HELLO_REQ, no SET being in flight")
                .isEqualTo(helloReqs + 1);
    }
}
