package io.hilbridge.junit;

import io.hilbridge.junit.fixtures.Fixtures;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.TestExecutionResult.Status.FAILED;
import static org.junit.platform.engine.TestExecutionResult.Status.SUCCESSFUL;

/** {@code Board.awaitLog} as a kit user meets it: through a real JUnit launcher against the simulated board. */
class BoardLogExtensionTest {

    @Test
    void awaitLogSeesWhatTheTestMadeTheBoardLogAndFailsWithTheLastLines() {
        FixtureRun run = FixtureRun.of(Fixtures.BoardLog.class);
        FixtureRun.Outcome first = run.outcome("aResetLogsTheBanner(Board)");
        assertThat(first.status()).as("%s", first.error()).isEqualTo(SUCCESSFUL);

        FixtureRun.Outcome second = run.outcome("seesNoLineOfTheTestBefore(Board)");
        assertThat(second.status())
                .as("a line of the test before does not count")
                .isEqualTo(FAILED);
        assertThat(second.error()).isInstanceOf(AssertionError.class);
        assertThat(second.error().getMessage())
                .contains("board0: wanted a log line matching /^boot \\p{XDigit}+$/ within 300 ms")
                .contains("[boot] rst:0x1 (POWERON_RESET)") // the last lines, for the person reading the failure
                .contains("trace");
    }
}
