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
}
