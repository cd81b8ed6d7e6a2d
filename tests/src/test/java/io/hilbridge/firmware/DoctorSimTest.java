package io.hilbridge.firmware;

import io.hilbridge.cli.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code hilbridge doctor} as a person runs it, against the firmware's core behind a pty ({@code hilbridge-sim}) and
 * a silent pty made by socat: the table, the verdicts, the fixes and the exit code.
 */
class DoctorSimTest {

    @TempDir
    Path dir;

    private SimProcess sim;
    private Process socat;

    @AfterEach
    void tearDown() throws Exception {
        if (sim != null) sim.close();
        if (socat != null) {
            socat.destroy();
            socat.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private record Run(int exit, String out) {}

    private static Run doctor(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "doctor";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = Main.run(all, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out + err.toString());
    }

    private Path silentPty() throws Exception {
        boolean present = Files.isExecutable(Path.of("/usr/bin/socat")) || Files.isExecutable(Path.of("/bin/socat"));
        if (!present) {
            if ("true".equals(System.getenv("CI"))) fail("socat is required under CI=true (apt-get install socat)");
            assumeTrue(false, "skipped: install socat (apt-get install socat) for the silent-pty doctor test");
        }
        Path a = dir.resolve("silent");
        Path b = dir.resolve("silent-far");
        socat = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("socat.log").toFile())
                .start();
        await("socat's ptys").atMost(Duration.ofSeconds(10)).until(() -> Files.exists(a) && Files.exists(b));
        return a;
    }

    @Test
    void theSimulatedFirmwareAnswersAndTheChosenPortIsReady() throws Exception {
        sim = SimProcess.start(dir.resolve("board"));
        Run r = doctor("--serial", sim.link().toString(), "--timeout", "5");
        assertThat(r.out())
                .containsPattern(
                        "\\* " + java.util.regex.Pattern.quote(sim.link().toString())
                                + " +- +pseudo-terminal +- +ok \\(\\S+ \\d{4}\\) +nobody +- +HELLO: firmware \\S+, protocol 1, 4 lights +OK");
        assertThat(r.out()).contains("Verdict: ready.");
        assertThat(r.exit()).isZero();
    }

    @Test
    void aSilentPortIsNotReadyWithTheLikelyCauses() throws Exception {
        sim = SimProcess.start(dir.resolve("board"));
        Path silent = silentPty();
        Run r = doctor("--serial", sim.link().toString(), "--serial", silent.toString(), "--timeout", "2");
        assertThat(r.out())
                .containsPattern(
                        "\\* " + java.util.regex.Pattern.quote(silent.toString()) + " .* no HELLO in 2 s +NO_HELLO");
        assertThat(r.out())
                .contains("NO_HELLO " + silent + ": no HELLO from hilbridge firmware within 2 s")
                .contains("    fix: flash the hilbridge firmware");
        assertThat(r.out())
                .containsPattern(java.util.regex.Pattern.quote(sim.link().toString()) + " .* OK");
        assertThat(r.exit()).as("one chosen port has a problem").isEqualTo(1);
    }

    @Test
    void aMissingPortAndABadOptionAreSaidInOneLine() {
        Run missing = doctor("--serial", dir.resolve("nothing").toString(), "--timeout", "1");
        assertThat(missing.out()).contains("NOT_FOUND " + dir.resolve("nothing") + ": no such port");
        assertThat(missing.exit()).isEqualTo(1);
        Run bad = doctor("--timeout", "0");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.out()).contains("--timeout must be 1..60 seconds").doesNotContain("Exception");
    }
}
