package io.hilbridge.engine;

import io.hilbridge.api.FakeBoardLink;
import io.hilbridge.command.LightCommand;
import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.ErrorCode;
import io.hilbridge.lights.LightChange;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The engine names the device, refuses before sending, and is the one that ends a wait (its deadline). */
class CommandEngineTest {
    private static final LightChange ON = new LightChange(true, null, null, null, null);
    private final FakeBoardLink board0 = FakeBoardLink.standard("board0");
    private final FakeBoardLink board1 = FakeBoardLink.standard("board1");
    private final CommandEngine engine = new CommandEngine(List.of(board0, board1), Duration.ofMillis(200));

    private static CommandException failure(CompletableFuture<?> f) throws Exception {
        ExecutionException e = catchThrowableOfType(() -> f.get(5, TimeUnit.SECONDS), ExecutionException.class);
        assertThat(e).as("the future failed within 5 s").isNotNull();
        assertThat(e.getCause()).isInstanceOf(CommandException.class);
        return (CommandException) e.getCause();
    }

    @Test
    void noDeviceMeansTheFirstAndAnUnknownOneIsNamedWithTheKnownOnes() throws Exception {
        assertThat(engine.board(null)).isSameAs(board0);
        assertThat(engine.board("board1")).isSameAs(board1);
        CommandException e = failure(engine.execute("nope", false, List.of(0), ON));
        assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_DEVICE);
        assertThat(e.getMessage()).isEqualTo("no device \"nope\"; devices: board0, board1");
        assertThat(failure(engine.reset("nope")).code()).isEqualTo(ErrorCode.UNKNOWN_DEVICE);
    }

    @Test
    void eachLightGetsItsOwnChangeAndOneBrokenRuleSendsNothing() throws Exception {
        LightChange dim = new LightChange(true, 10, null, null, null);
        LightChange orange = new LightChange(true, 200, new io.hilbridge.lights.Rgb(255, 136, 0), null, null);
        engine.executeEach("board0", List.of(ON, dim, orange, ON)).get(5, TimeUnit.SECONDS);
        assertThat(board0.calls).extracting(FakeBoardLink.Call::light).containsExactly(0, 1, 2, 3);
        assertThat(board0.calls).extracting(FakeBoardLink.Call::change).containsExactly(ON, dim, orange, ON);

        board0.calls.clear();
        CommandException e = failure(engine.executeEach("board0", List.of(ON, dim, orange, orange, ON)));
        assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_LIGHT);
        e = failure(engine.executeEach("board0", List.of(orange, dim)));
        assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED);
        assertThat(e.getMessage()).startsWith("light 0 ");
        assertThat(board0.calls).as("nothing sent when one light breaks a rule").isEmpty();
    }

    @Test
    void aValidatedCommandGoesToItsDevice() throws Exception {
        LightCommand c = engine.validate("board1", true, List.of(), ON);
        assertThat(c.lights()).containsExactly(0, 1, 2, 3);
        engine.submit(c).get(5, TimeUnit.SECONDS);
        assertThat(board1.calls).hasSize(1);
        assertThat(board0.calls).isEmpty();
    }

    @Test
    void aCommandTheBoardNeverAnswersEndsAtTheEnginesDeadline() throws Exception {
        board0.mode(FakeBoardLink.Mode.MANUAL);
        CommandException e = failure(engine.execute(null, false, List.of(1), ON));
        assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(e.getMessage()).isEqualTo("the board did not confirm within 200 ms");
        assertThat(board0.calls.get(0).future())
                .as("the link's own future is left to the link")
                .isNotDone();
    }

    @Test
    void theLinksOwnAnswerIsPassedOnUnchanged() throws Exception {
        CommandException fromLink = new CommandException(ErrorCode.TIMEOUT, "no answer after 5 transmissions");
        board0.failWith(fromLink);
        assertThat(failure(engine.execute(null, false, List.of(1), ON))).isSameAs(fromLink);
    }

    @Test
    void theBoardsAreKeptInTheOrderGivenAndEachIdOnce() {
        assertThat(engine.boards()).containsExactly(board0, board1);
        assertThat(catchThrowableOfType(
                        () -> new CommandEngine(List.of(), Duration.ofSeconds(1)), IllegalArgumentException.class))
                .hasMessageContaining("at least one board");
        FakeBoardLink again = FakeBoardLink.standard("board1");
        assertThat(catchThrowableOfType(
                        () -> new CommandEngine(List.of(board0, board1, again), Duration.ofSeconds(1)),
                        IllegalArgumentException.class))
                .hasMessageContaining("two boards share the device id board1");
    }

    /** The field rules come before the device's: a malformed change reads the same whatever device it names. */
    @Test
    void aBrokenFieldRuleIsReportedBeforeAnUnknownDevice() throws Exception {
        LightChange tooBright = new LightChange(null, 256, null, null, null);
        CommandException e = failure(engine.execute("nope", false, List.of(1), tooBright));
        assertThat(e.code()).isEqualTo(ErrorCode.OUT_OF_RANGE);
        assertThat(e.getMessage()).isEqualTo("brightness must be 0..255, got 256");
    }

    @Test
    void aResetAnswersWithTheNewBootIdOfTheNamedDevice() throws Exception {
        assertThat(engine.reset("board1").get(5, TimeUnit.SECONDS)).isEqualTo(FakeBoardLink.RESET_BOOT_ID);
        assertThat(board1.resets).hasValue(1);
        assertThat(engine.reset(null).get(5, TimeUnit.SECONDS)).isEqualTo(FakeBoardLink.RESET_BOOT_ID);
        assertThat(board0.resets).as("no device: the first").hasValue(1);
    }

    /** Every future the engine returns ends with a CommandException, even when a link has a bug and throws. */
    @Test
    void aLinkThatThrowsInsteadOfAnsweringIsDeviceOffline() throws Exception {
        board0.throwOnCall(new IllegalStateException("bug in the link"));
        for (CompletableFuture<?> f : List.of(engine.execute(null, false, List.of(1), ON), engine.reset(null))) {
            CommandException e = failure(f);
            assertThat(e.code()).isEqualTo(ErrorCode.DEVICE_OFFLINE);
            assertThat(e.getMessage())
                    .isEqualTo("the link to the device failed: java.lang.IllegalStateException: bug in the link");
        }
    }

    /** A link's future may fail wrapped (a dependent stage): the caller gets the link's own error, unwrapped. */
    @Test
    void aWrappedFailureOfTheLinkIsUnwrappedAndAnyOtherIsDeviceOffline() throws Exception {
        // A deadline far beyond the test: on a loaded machine 200 ms can pass before the test fails the link's future.
        CommandEngine engine = new CommandEngine(List.of(board0, board1), Duration.ofMinutes(1));
        board0.mode(FakeBoardLink.Mode.MANUAL);
        CommandException fromLink = new CommandException(ErrorCode.BUSY, "board busy");
        List<Throwable> failures = List.of(
                new CompletionException(fromLink),
                new ExecutionException(fromLink),
                new CompletionException(new ExecutionException(fromLink)));
        for (Throwable wrapped : failures) {
            CompletableFuture<Void> f = engine.execute(null, false, List.of(1), ON);
            board0.calls.get(board0.calls.size() - 1).future().completeExceptionally(wrapped);
            assertThat(failure(f)).as("unwrapped from " + wrapped).isSameAs(fromLink);
        }
        CompletableFuture<Void> f = engine.execute(null, false, List.of(1), ON);
        board0.calls.get(board0.calls.size() - 1).future().completeExceptionally(new CompletionException(null));
        CommandException e = failure(f);
        assertThat(e.code()).as("a wrapper without a cause").isEqualTo(ErrorCode.DEVICE_OFFLINE);
        assertThat(e.getMessage())
                .startsWith("the link to the device failed: java.util.concurrent.CompletionException");
        // Only the concurrency wrappers are unwrapped: another exception is the link's failure, whatever its cause.
        f = engine.execute(null, false, List.of(1), ON);
        board0.calls
                .get(board0.calls.size() - 1)
                .future()
                .completeExceptionally(new IllegalStateException("link bug", fromLink));
        e = failure(f);
        assertThat(e).isNotSameAs(fromLink);
        assertThat(e.getMessage())
                .isEqualTo("the link to the device failed: java.lang.IllegalStateException: link bug");
    }
}
