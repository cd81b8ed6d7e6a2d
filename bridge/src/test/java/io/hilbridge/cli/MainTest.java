package io.hilbridge.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line: wrong arguments give one line and exit code 2, never a stack trace. */
class MainTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--nope                        | Unknown option: '--nope'",
                "--baud x                      | --baud",
                "--baud 0                      | --baud must be positive",
                "--http-port 70000             | --http-port must be 0..65535",
                "--http-port -1                | --http-port must be 0..65535",
                "--sim-baud -5                 | --sim-baud",
                "--allow-origin evil.example   | --allow-origin must look like",
                "--bind 0.0.0.0                | give --token",
                "--serial                      | --serial",
                "--sim-faults bitflip=2        | --sim-faults",
                "--sim-faults wobble=1         | --sim-faults",
                "--serial /dev/x --serial /dev/x | the same port given twice",
                "--max-clients -1              | --max-clients must be 0 (automatic) or positive",
                "--max-clients 2000000000      | raise the limit (ulimit -n) or lower --max-clients",
            })
    void badArgumentsGiveOneLineAndExitCode2(String args, String expected) {
        int code = run(args.trim().split("\\s+"));

        assertThat(code).isEqualTo(2);
        String e = err.toString();
        assertThat(e.lines()).hasSize(1);
        assertThat(e)
                .startsWith("hilbridge: ")
                .contains(expected)
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void versionPrintsTheBuildVersion() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).startsWith("hilbridge ").doesNotContain("${");
    }

    @Test
    void helpListsEveryOption() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString())
                .contains(
                        "--serial",
                        "--baud",
                        "--bind",
                        "--http-port",
                        "--list-ports",
                        "--allow-origin",
                        "--token",
                        "--reset-on-open",
                        "--max-clients",
                        "--version",
                        "--help");
    }

    @Test
    void listPortsNeverFails() {
        // No board is attached here; the list may be empty, but the command must answer and exit 0.
        assertThat(run("--list-ports")).isZero();
        assertThat(out.toString()).isNotBlank();
    }
}
