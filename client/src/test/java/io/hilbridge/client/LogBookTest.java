package io.hilbridge.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client's board-log book (HilbridgeClient.awaitLog, websocket-api.md "log"): the last 1000 lines per device, a
 * wait that sees lines received before the call but only after the line the previous wait matched, and timeout and
 * close messages that name what was wanted and show the last 10 lines.
 */
class LogBookTest {
    private static final Instant T = Instant.parse("2026-12-07T23:51:07.318Z");

    private static LogLine line(String device, long seq, String text) {
        return new LogLine(device, seq, T, LogLine.Level.INFO, false, text, 0);
    }

    private static LogLine await(LogBook book, String device, String regex) {
        return book.await(device, Pattern.compile(regex), Duration.ZERO, () -> "up");
    }

    @Test
    void aWaitSeesEarlierLinesAndEachLineMatchesOnce() {
        LogBook book = new LogBook();
        book.add(line("b0", 1, "boot 1"));
        book.add(line("b1", 1, "boot 9"));
        book.add(line("b0", 2, "boot 2"));

        assertThat(await(book, "b0", "boot \\d").seq()).isEqualTo(1);
        assertThat(await(book, "b0", "boot \\d").seq())
                .as("after the line matched before")
                .isEqualTo(2);
        assertThatThrownBy(() -> await(book, "b0", "boot \\d")).isInstanceOf(HilbridgeException.class);
        assertThat(await(book, "b1", "boot").text())
                .as("each device has its own cursor")
                .isEqualTo("boot 9");
        assertThatThrownBy(() -> await(book, "b0", "^boot 1$"))
                .as("a line before the cursor is not seen again")
                .isInstanceOf(HilbridgeException.class);
    }

    @Test
    void skipMovesTheCursorPastEverythingReceived() {
        LogBook book = new LogBook();
        book.add(line("b0", 1, "ready"));
        book.skip("b0");
        assertThatThrownBy(() -> await(book, "b0", "ready")).isInstanceOf(HilbridgeException.class);
        book.add(line("b0", 2, "ready"));
        assertThat(await(book, "b0", "ready").seq()).isEqualTo(2);
    }

    @Test
    void theLast1000LinesPerDeviceAreKept() {
        LogBook book = new LogBook();
        for (int i = 1; i <= LogBook.KEPT_PER_DEVICE; i++) book.add(line("b0", i, "line " + i));
        assertThat(book.lines("b0"))
                .hasSize(1000)
                .first()
                .extracting(LogLine::seq)
                .isEqualTo(1L);
        book.add(line("b0", 1001, "line 1001"));
        assertThat(book.lines("b0"))
                .hasSize(1000)
                .first()
                .extracting(LogLine::seq)
                .isEqualTo(2L);
        assertThat(book.lines("b0")).last().extracting(LogLine::seq).isEqualTo(1001L);
        assertThat(book.lines("nobody")).isEmpty();
    }

    @Test
    void aTimeoutNamesThePatternTheDeadlineTheConnectionAndTheLast10Lines() {
        LogBook book = new LogBook();
        for (int i = 1; i <= 12; i++) book.add(line("b0", i, "line " + i));
        assertThatThrownBy(() -> book.await("b0", Pattern.compile("^done$"), Duration.ofMillis(30), () -> "up"))
                .isInstanceOfSatisfying(
                        HilbridgeException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CLIENT_TIMEOUT))
                .hasMessageStartingWith(
                        "client:timeout: b0: wanted a log line matching /^done$/ within 30 ms; connection up; its"
                                + " last 10 lines:\n  23:51:07.318Z INFO  line 3\n")
                .hasMessageEndingWith("\n  23:51:07.318Z INFO  line 12")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("line 2\n"));
    }

    @Test
    void aTimeoutForADeviceThatLoggedNothingSaysSo() {
        LogBook book = new LogBook();
        assertThatThrownBy(() -> await(book, "b0", "x"))
                .hasMessage(
                        "client:timeout: b0: wanted a log line matching /x/ within 0 ms; connection up; no log line received"
                                + " from it yet");
    }

    @Test
    void aClosedBookEndsEveryWaitWithTheReason() {
        LogBook book = new LogBook();
        book.add(line("b0", 1, "ready"));
        book.close("client closed");
        assertThat(await(book, "b0", "ready").seq())
                .as("a line already there is still found")
                .isEqualTo(1);
        assertThatThrownBy(() -> book.await("b0", Pattern.compile("x"), Duration.ofSeconds(60), () -> "closed"))
                .isInstanceOfSatisfying(
                        HilbridgeException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.DISCONNECTED))
                .hasMessageEndingWith(" — ended: client closed");
    }

    /** Starts a wait of a minute for {@code regex} on b0 and returns once it is blocked waiting. */
    private static CompletableFuture<LogLine> waiting(LogBook book, String regex) {
        AtomicReference<Thread> waiter = new AtomicReference<>();
        CompletableFuture<LogLine> f = CompletableFuture.supplyAsync(() -> {
            waiter.set(Thread.currentThread());
            return book.await("b0", Pattern.compile(regex), Duration.ofSeconds(60), () -> "up");
        });
        org.awaitility.Awaitility.await("the wait blocked")
                .atMost(10, TimeUnit.SECONDS)
                .until(() -> waiter.get() != null && waiter.get().getState() == Thread.State.TIMED_WAITING);
        return f;
    }

    @Test
    void aLineArrivingDuringAWaitEndsItWithThatLine() throws Exception {
        LogBook book = new LogBook();
        CompletableFuture<LogLine> f = waiting(book, "ready");
        book.add(line("b0", 1, "ready"));
        assertThat(f.get(30, TimeUnit.SECONDS).seq()).isEqualTo(1);
    }

    @Test
    void aCloseDuringAWaitEndsItAsDisconnected() {
        LogBook book = new LogBook();
        CompletableFuture<LogLine> f = waiting(book, "ready");
        book.close("connection lost");
        assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS))
                .hasCauseInstanceOf(HilbridgeException.class)
                .cause()
                .hasMessageEndingWith(" — ended: connection lost");
    }
}
