package io.hilbridge.link;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hilbridge.command.CommandValidator;
import io.hilbridge.command.LightCommand;
import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.ErrorCode;
import io.hilbridge.serial.SerialTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.hilbridge.link.LinkTestSupport.recordStatuses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection's rules (uart-link.md section 5: opening, loss of contact, reconnecting, closing), on virtual time
 * against a board that answers inline ({@link VirtualLink}): each opening of the port starts afresh (no half frame or
 * half line carried over, nothing an earlier opening reports is taken), the first opening is not a reconnect, no
 * heartbeat goes out before the board's HELLO, nothing is written to a closed port, and a closed link says so.
 */
class LinkConnectionRulesTest {
    /** The reconnect back-off's first step ({@link LinkConfig#defaults()}). */
    private static final Duration RECONNECT = Duration.ofMillis(250);

    private final VirtualLink v = new VirtualLink();

    @AfterEach
    void tearDown() {
        v.close();
    }

    /** Why {@code f} failed: on virtual time with an inline board it has completed by now (no waiting). */
    private static CommandException failure(CompletableFuture<?> f) {
        assertThat(f).as("completed").isDone();
        return LinkTestSupport.failure(f.thenApply(x -> (Void) null));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Every line of console text the link reports from now on. */
    private static List<String> consoleLines(LinkSession link) {
        List<String> lines = new CopyOnWriteArrayList<>();
        link.addListener(new BoardListener() {
            @Override
            public void onConsoleText(BoardLink b, String line) {
                lines.add(line);
            }
        });
        return lines;
    }

    /** The port goes away and the link reopens it after the back-off's first step. */
    private void unplugAndReopen() {
        v.board.disconnect("unplugged");
        assertThat(v.link.status()).isEqualTo(DeviceStatus.OFFLINE);
        v.advance(RECONNECT);
        assertThat(v.board.openAttempts).as("reopened").hasSize(2);
    }

    @Test
    void textBetweenFramesReachesListenersLineByLine() {
        LinkSession link = v.start(LinkConfig.defaults());
        List<String> lines = consoleLines(link);
        v.board.toHost(ascii("I (312) cpu_start: Starting scheduler.\n"));
        assertThat(lines).containsExactly("I (312) cpu_start: Starting scheduler.");
    }

    @Test
    void aReopenedPortDoesNotCarryOnTheLineTheLastOneCut() {
        LinkSession link = v.start(LinkConfig.defaults());
        List<String> lines = consoleLines(link);
        v.board.toHost(ascii("I (1) a line cut sh"));
        v.board.answerHellos = false; // only the test's bytes arrive on the new opening
        unplugAndReopen();
        v.board.toHost(ascii("ort\n"));
        assertThat(lines).containsExactly("ort");
    }

    @Test
    void aReopenedPortDoesNotCarryOnTheFrameTheLastOneCut() {
        LinkSession link = v.start(LinkConfig.defaults());
        long errors = link.stats().decodeErrors();
        byte[] state = FrameEncoder.encode(Frame.STATE, 0, new Messages.State(0, 1, 1, 9, 0, 0, 0, 0, 1).encode());
        v.board.toHost(Arrays.copyOf(state, state.length / 2));
        unplugAndReopen(); // the board's HELLO arrives as the first bytes of the new opening
        assertThat(link.status()).isEqualTo(DeviceStatus.ONLINE);
        assertThat(link.stats().decodeErrors())
                .as("the half frame was forgotten with the old opening, not counted as damage")
                .isEqualTo(errors);
    }

    @Test
    void whatAnEarlierOpeningReportsIsIgnored() {
        LinkSession link = v.start(LinkConfig.defaults());
        List<String> lines = consoleLines(link);
        SerialTransport.Listener first = v.board.listener();
        unplugAndReopen();
        assertThat(link.status()).isEqualTo(DeviceStatus.ONLINE);

        byte[] text = ascii("I (9) from the old port\n");
        first.onBytes(text, 0, text.length);
        byte[] hello =
                FrameEncoder.encode(Frame.HELLO, 0, new Messages.Hello(1, "old", 7, ScriptedBoard.ONE_LAMP).encode());
        first.onBytes(hello, 0, hello.length);
        first.onDisconnect("the old port's reader ends");

        assertThat(lines).isEmpty();
        assertThat(link.info().orElseThrow().bootId()).isEqualTo(42);
        assertThat(link.status()).isEqualTo(DeviceStatus.ONLINE);
        assertThat(v.board.openAttempts)
                .as("no reconnect for the old port's end")
                .hasSize(2);
    }

    @Test
    void theFirstOpeningIsNotAReconnectTheNextIs() {
        LinkSession link = v.start(LinkConfig.defaults());
        assertThat(link.stats().reconnects()).isZero();
        unplugAndReopen();
        assertThat(link.stats().reconnects()).isEqualTo(1);
    }

    @Test
    void noHeartbeatBeforeTheBoardsHello() {
        v.board.answerHellos = false; // a board held in its ROM
        v.link = LinkSession.start("virtual", v.board, LinkConfig.defaults(), v.clock);
        v.advance(Duration.ofSeconds(10));
        assertThat(v.written(Frame.PING))
                .as("section 6's heartbeat is for a board that said HELLO")
                .isZero();
        assertThat(v.written(Frame.HELLO_REQ)).isPositive();
        assertThat(v.link.status()).isEqualTo(DeviceStatus.CONNECTING);
        assertThat(v.board.openAttempts).as("never taken for lost").hasSize(1);
    }

    /** When each HELLO_REQ was written, in ms since {@code t0} nanoseconds of virtual time. */
    private List<Double> helloRequestsSince(long t0) {
        return v.board.writes.stream()
                .filter(w -> w.frame() != null && w.frame().type() == Frame.HELLO_REQ && w.nanos() >= t0)
                .map(w -> (w.nanos() - t0) / 1e6)
                .toList();
    }

    @Test
    void aHandshakeCutByALossStartsOverOnTheNewOpening() {
        v.board.answerHellos = false;
        v.link = LinkSession.start("virtual", v.board, LinkConfig.defaults(), v.clock);
        v.advance(Duration.ofMillis(800)); // HELLO_REQ at 0, 250 and 750 ms; the next is due at 1750 ms
        v.board.disconnect("unplugged");
        long lostAt = v.clock.nanoTime();
        v.advance(Duration.ofMillis(2000));
        // Section 5: from the reopening (250 ms after the loss) every 250 ms backing off, and nothing of the old one.
        assertThat(helloRequestsSince(lostAt)).containsExactly(250.0, 500.0, 1000.0, 2000.0);
    }

    private static long warnings(ListAppender<ILoggingEvent> logged, String text) {
        return logged.list.stream()
                .filter(e ->
                        e.getLevel() == Level.WARN && e.getFormattedMessage().contains(text))
                .count();
    }

    @Test
    void aStuckHandshakeIsToldOncePerOpeningAndDownloadModeAtOnce() {
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(LinkSession.class);
        logged.start();
        logger.addAppender(logged);
        try {
            v.board.answerHellos = false;
            v.link = LinkSession.start("virtual", v.board, LinkConfig.defaults(), v.clock);
            // Checked with each HELLO_REQ (0, 250, 750, 1750, ... 4750, 5750 ms): the first at or after 5 s tells.
            v.advance(Duration.ofMillis(5750).minusNanos(1));
            assertThat(warnings(logged, "no HELLO")).isZero();
            v.advance(Duration.ofNanos(1));
            assertThat(warnings(logged, "no HELLO")).isEqualTo(1);
            v.advance(Duration.ofSeconds(10));
            assertThat(warnings(logged, "no HELLO")).as("once per opening").isEqualTo(1);

            unplugAndReopen(); // a new opening: its clock starts now, and it may tell again
            v.board.toHost(ascii(HandshakeWatchTest.C3_DOWNLOAD));
            v.advance(Duration.ofMillis(250)); // the next HELLO_REQ
            assertThat(warnings(logged, "says \"waiting for download\""))
                    .as("at once, not after 5 s")
                    .isEqualTo(1);
        } finally {
            logger.detachAppender(logged);
        }
    }

    @Test
    void nothingIsWrittenToAPortThatIsGone() {
        LinkSession link = v.start(LinkConfig.defaults());
        CompletableFuture<Long> reset = link.reset(); // REBOOT_REQ goes unanswered: retransmitted every 100 ms and more
        assertThat(v.written(Frame.REBOOT_REQ)).isEqualTo(1);
        v.board.unplugged = true;
        v.board.disconnect("unplugged");
        int writes = v.board.writes.size();
        v.advance(Duration.ofMillis(1500));
        assertThat(v.board.writes).as("no retransmission to a closed port").hasSize(writes);
        assertThat(failure(reset).code()).isEqualTo(ErrorCode.TIMEOUT);
    }

    @Test
    void aCommandCheckedWhileOnlineIsRefusedOnceTheBoardIsOffline() {
        LinkSession link = v.start(LinkConfig.defaults());
        LightCommand on = CommandValidator.validate(
                "virtual", link.info().orElseThrow(), link.status(), false, List.of(0), VirtualLink.brightness(5));
        v.board.unplugged = true;
        v.board.disconnect("unplugged");
        CommandException e = failure(link.submit(on));
        assertThat(e.code()).isEqualTo(ErrorCode.DEVICE_OFFLINE);
        assertThat(v.board.newSets()).isEmpty();
    }

    @Test
    void aClosedLinkRefusesCommandsAndResetsWithItsOwnText() {
        LinkSession link = v.start(LinkConfig.defaults());
        LightCommand on = CommandValidator.validate(
                "virtual", link.info().orElseThrow(), link.status(), false, List.of(0), VirtualLink.brightness(5));
        link.close();
        CommandException refused = failure(link.submit(on));
        assertThat(refused.code()).isEqualTo(ErrorCode.DEVICE_OFFLINE);
        assertThat(refused.getMessage()).isEqualTo("the link to virtual is closed");
        CommandException noReset = failure(link.reset());
        assertThat(noReset.code()).isEqualTo(ErrorCode.DEVICE_OFFLINE);
        assertThat(noReset.getMessage()).isEqualTo("the link to virtual is closed");
    }

    @Test
    void closingDuringAResetFailsTheReset() {
        LinkSession link = v.start(LinkConfig.defaults());
        CompletableFuture<Long> reset = link.reset(); // REBOOT_REQ unanswered: the reset runs
        link.close();
        CommandException e = failure(reset);
        assertThat(e.code()).isEqualTo(ErrorCode.DEVICE_OFFLINE);
        assertThat(e.getMessage()).isEqualTo("the link to virtual is closed");
    }

    @Test
    void closingAnOfflineLinkSaysOfflineOnlyOnce() {
        LinkSession link = v.start(LinkConfig.defaults());
        List<DeviceStatus> statuses = recordStatuses(link);
        v.board.unplugged = true;
        v.board.disconnect("unplugged");
        link.close();
        assertThat(statuses).containsExactly(DeviceStatus.OFFLINE);
    }
}
