package io.hilbridge.junit;

import io.hilbridge.app.Bridge;
import io.hilbridge.app.BridgeConfig;
import io.hilbridge.junit.fixtures.Fixtures;
import io.hilbridge.trace.TraceReader;
import io.hilbridge.trace.TraceRecord;
import io.hilbridge.trace.TraceText;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.TestExecutionResult.Status.ABORTED;
import static org.junit.platform.engine.TestExecutionResult.Status.FAILED;
import static org.junit.platform.engine.TestExecutionResult.Status.SUCCESSFUL;

/**
 * The extension as users meet it: fixture classes run through a real JUnit launcher against the simulated board.
 * Runs alone (system properties are set around some runs).
 */
class ExtensionTest {

    @BeforeEach
    @AfterEach
    void clean() {
        Fixtures.SEEN_URLS.clear();
        System.clearProperty("hilbridge.board");
        System.clearProperty("hilbridge.token");
        System.clearProperty("hilbridge.require");
    }

    @Test
    void everyTestStartsWithAllLightsOffAndNoEffectAsConfirmed() {
        FixtureRun run = FixtureRun.of(Fixtures.Isolated.class);
        assertThat(run.outcome("leavesLightsOnAndAnEffect(Hilbridge, Board)").status())
                .isEqualTo(SUCCESSFUL);
        FixtureRun.Outcome second = run.outcome("startsWithEveryLightOffAndNoEffect(Board)");
        assertThat(second.status()).as("%s", second.error()).isEqualTo(SUCCESSFUL);
    }

    @Test
    void classesRunInParallelEachWithItsOwnBridge() {
        FixtureRun run = FixtureRun.of(
                Map.of(
                        "junit.jupiter.execution.parallel.enabled", "true",
                        "junit.jupiter.execution.parallel.mode.classes.default", "concurrent"),
                Fixtures.Isolated.class,
                Fixtures.SecondClass.class);
        assertThat(run.outcome("setIsConfirmed(Hilbridge, Board)").status()).isEqualTo(SUCCESSFUL);
        assertThat(run.outcome("startsWithEveryLightOffAndNoEffect(Board)").status())
                .isEqualTo(SUCCESSFUL);
        assertThat(new HashSet<>(Fixtures.SEEN_URLS)).hasSize(2);
    }

    @Test
    void perTestLifecycleStartsABridgeForEachTestAndNoneForTheClass() throws Exception {
        Path traces = emptied(TraceFiles.directory(BoardSpec.parse("sim"), Fixtures.PerTest.class));
        FixtureRun run = FixtureRun.of(Fixtures.PerTest.class);
        assertThat(run.outcome("one(Hilbridge)").status()).isEqualTo(SUCCESSFUL);
        assertThat(run.outcome("two(Hilbridge)").status()).isEqualTo(SUCCESSFUL);
        assertThat(new HashSet<>(Fixtures.SEEN_URLS)).hasSize(2);
        // Each bridge records its start into a startup file of its own: two bridges, not a third for the class.
        try (Stream<Path> files = Files.list(traces)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("startup-")))
                    .hasSize(2);
        }
    }

    @Test
    void aBoardThatIsNotThereLeavesItsStartupTraceClosedAndComplete() throws Exception {
        Path traces = emptied(TraceFiles.directory(
                BoardSpec.parse("serial:/dev/hilbridge-no-such-port"), Fixtures.MissingPort.class));
        long writers = traceWriters();
        FixtureRun run = FixtureRun.of(Fixtures.MissingPort.class);
        assertThat(run.outcome("Fixtures$MissingPort").status()).isEqualTo(ABORTED);
        assertThat(traceWriters()).as("the trace's writer thread ended with it").isEqualTo(writers);
        try (Stream<Path> files = Files.list(traces)) {
            List<Path> startup = files.toList();
            assertThat(startup).hasSize(1);
            assertThat(traceLines(startup.get(0)))
                    .as("a complete trace with no frames")
                    .isEmpty();
        }
    }

    @Test
    void theExtensionWithoutTheAnnotationFailsNamingTheClass() {
        FixtureRun run = FixtureRun.of(Fixtures.WithoutAnnotation.class);
        FixtureRun.Outcome o = run.outcome("Fixtures$WithoutAnnotation");
        assertThat(o.status()).isEqualTo(FAILED);
        assertThat(o.error())
                .isInstanceOf(org.junit.jupiter.api.extension.ExtensionConfigurationException.class)
                .hasMessage("HilbridgeExtension needs @HilbridgeTest on " + Fixtures.WithoutAnnotation.class.getName());
    }

    @Test
    void aBoardBeforeAPerTestBridgeExistsFailsSayingWhereOneExists() {
        FixtureRun.Outcome o =
                FixtureRun.of(Fixtures.BoardBeforeItsBridge.class).outcome("Fixtures$BoardBeforeItsBridge");
        assertThat(o.status()).isEqualTo(FAILED);
        assertThat(o.error())
                .isInstanceOf(org.junit.jupiter.api.extension.ParameterResolutionException.class)
                .hasMessage("a Board exists only inside a test (or @BeforeEach) of a @HilbridgeTest class with"
                        + " bridge=PER_TEST");
    }

    @Test
    void aTestTakesJUnitsOwnParametersBesideTheKits() {
        FixtureRun.Outcome o = FixtureRun.of(Fixtures.OwnParameters.class).outcome("takesTestInfoToo(Board, TestInfo)");
        assertThat(o.status()).as("%s", o.error()).isEqualTo(SUCCESSFUL);
    }

    @Test
    void theEndOfEachTestIsAmongTheEventsSayingWhetherItFailed() {
        FixtureRun.Outcome o = FixtureRun.of(Fixtures.EndsOfTests.class).outcome("failsShowingTheEvents(Board)");
        assertThat(o.status()).isEqualTo(FAILED);
        assertThat(o.error().getMessage())
                .contains(" hilbridge-junit5: end of EndsOfTests.passes\n")
                .contains(" hilbridge-junit5: end of EndsOfTests.fails (failed)\n");
    }

    /** Live writer threads of link traces in this JVM. */
    private static long traceWriters() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals("hilbridge-trace"))
                .count();
    }

    /** The directory, made empty (traces of earlier runs removed). */
    private static Path emptied(Path dir) throws Exception {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> old = Files.list(dir)) {
                for (Path f : old.toList()) Files.delete(f);
            }
        }
        return dir;
    }

    @Test
    void aFailedReachShowsWantedConfirmedDesiredEventsAndTrace() throws Exception {
        FixtureRun run = FixtureRun.of(Fixtures.WrongExpectation.class);
        FixtureRun.Outcome o = run.outcome("asksForOneBrightnessAndExpectsAnother(Board)");
        assertThat(o.status()).isEqualTo(FAILED);
        assertThat(o.error()).isInstanceOf(AssertionError.class);
        String m = o.error().getMessage();
        assertThat(m)
                .contains("board0 light 1 on sim: reaches {on=true, brightness=77} within PT0.3S")
                .contains("wanted:    reaches {on=true, brightness=77}")
                .contains("confirmed: {on=true, brightness=128")
                .contains("desired:   {on=true, brightness=128")
                .contains("device:    online, client connected")
                .contains("light 1 confirmed")
                .contains("link trace: ");
        // The trace it names holds this test's link traffic: the SET of brightness 128 and the board's answer.
        Path trace = Path.of(m.substring(m.indexOf("link trace: ") + 12, m.indexOf(" (complete once")));
        assertThat(trace.toString())
                .endsWith("target/hilbridge/sim/" + Fixtures.WrongExpectation.class.getName()
                        + "/asksForOneBrightnessAndExpectsAnother.pcapng");
        assertThat(run.entries.get("asksForOneBrightnessAndExpectsAnother(Board)"))
                .contains(Map.of("hilbridge.trace", trace.toString()))
                .contains(Map.of("hilbridge.board", "sim"));
        List<String> lines = traceLines(trace);
        assertThat(lines).anyMatch(l -> l.contains("SET") && l.contains("brightness=128"));
        assertThat(lines).anyMatch(l -> l.contains("ACK_STATE"));
    }

    private static List<String> traceLines(Path file) throws Exception {
        try (TraceReader r = new TraceReader(Files.newInputStream(file))) {
            List<String> lines = new ArrayList<>();
            for (TraceRecord rec; (rec = r.next()) != null; ) lines.add(TraceText.line(rec, r.boards()));
            return lines;
        }
    }

    @Test
    void neverLeavesSeesAFlickerEarlierInTheTestAndStaysInSeesAnotherClientsChange() {
        FixtureRun run = FixtureRun.of(Fixtures.Flicker.class);
        FixtureRun.Outcome earlier = run.outcome("lightWasOnEarlier(Board)");
        assertThat(earlier.status()).isEqualTo(FAILED);
        assertThat(earlier.error().getMessage())
                .contains("never leaves {on=false}")
                .contains("the board confirmed {on=true")
                .contains("earlier in the test");
        FixtureRun.Outcome during = run.outcome("staysInWhileAnotherClientChangesIt(Hilbridge, Board)");
        assertThat(during.status()).isEqualTo(FAILED);
        assertThat(during.error().getMessage())
                .contains("stays in {on=true}")
                .contains("the board confirmed {on=false")
                .contains("during the watch")
                .contains("client: board0 light 0 confirmed {on=false");
    }

    @Test
    void aButtonPressOnTheSimulatedBoardReachesTheClient() {
        FixtureRun run = FixtureRun.of(Fixtures.Button.class);
        FixtureRun.Outcome o = run.outcome("pressTogglesLight(Board)");
        assertThat(o.status()).as("%s", o.error()).isEqualTo(SUCCESSFUL);
    }

    @Test
    void aMissingPortSkipsWithOneLineAndFailsWhenRequired() {
        FixtureRun skipped = FixtureRun.of(Fixtures.MissingPort.class);
        assertThat(skipped.outcome("Fixtures$MissingPort").status()).isEqualTo(ABORTED);
        assertThat(skipped.outcome("Fixtures$MissingPort").error().getMessage())
                .isEqualTo("hilbridge board serial:/dev/hilbridge-no-such-port is not available: "
                        + "no serial port /dev/hilbridge-no-such-port (is the board plugged in?)");

        System.setProperty("hilbridge.require", "true");
        FixtureRun required = FixtureRun.of(Fixtures.MissingPort.class);
        assertThat(required.outcome("Fixtures$MissingPort").status()).isEqualTo(FAILED);
        assertThat(required.outcome("Fixtures$MissingPort").error().getMessage())
                .contains("no serial port /dev/hilbridge-no-such-port")
                .contains("(-Dhilbridge.require=true)");
    }

    @Test
    void anUnknownBoardFailsNamingWhatWasGivenAndWhatIsAccepted() {
        FixtureRun run = FixtureRun.of(Fixtures.UnknownBoard.class);
        assertThat(run.outcome("Fixtures$UnknownBoard").status()).isEqualTo(FAILED);
        assertThat(run.outcome("Fixtures$UnknownBoard").error().getMessage())
                .isEqualTo("unknown hilbridge board \"esp8266\" "
                        + "(accepted: " + BoardSpec.ACCEPTED + ") (from -Dhilbridge.board, HILBRIDGE_BOARD or "
                        + "@HilbridgeTest(board=...))");
    }

    @Test
    void aBadFaultSpecFailsNamingIt() {
        FixtureRun run = FixtureRun.of(Fixtures.BadFaults.class);
        assertThat(run.outcome("Fixtures$BadFaults").status()).isEqualTo(FAILED);
        assertThat(run.outcome("Fixtures$BadFaults").error().getMessage())
                .isEqualTo("hilbridge board sim:faults=bitflip=2: fault bitflip must be in 0..1: 2");
    }

    @Test
    void thePropertyOverridesTheAnnotationAndAnUnreachableUrlSkips() {
        System.setProperty("hilbridge.board", "url:ws://127.0.0.1:1/ws");
        FixtureRun run = FixtureRun.of(Fixtures.FromProperty.class);
        assertThat(run.outcome("Fixtures$FromProperty").status()).isEqualTo(ABORTED);
        assertThat(run.outcome("Fixtures$FromProperty").error().getMessage())
                .startsWith("hilbridge board url:ws://127.0.0.1:1/ws is not available: no bridge answers at "
                        + "ws://127.0.0.1:1/ws (client:connect_failed");
    }

    @Test
    void aRunningBridgeWithAWrongTokenFailsSayingSo() {
        try (Bridge bridge = Bridge.start(BridgeConfig.loopback().withToken("right-token"), line -> {})) {
            System.setProperty("hilbridge.board", "url:ws://127.0.0.1:" + bridge.httpPort() + "/ws");
            System.setProperty("hilbridge.token", "wrong-token");
            FixtureRun run = FixtureRun.of(Fixtures.FromProperty.class);
            assertThat(run.outcome("Fixtures$FromProperty").status()).isEqualTo(FAILED);
            assertThat(run.outcome("Fixtures$FromProperty").error().getMessage())
                    .contains("refused the connection (the token in HILBRIDGE_TOKEN was refused");
        }
    }

    @Test
    void aFaultTheBoardCannotDoSkipsWithTheReason() {
        try (Bridge bridge = Bridge.start(BridgeConfig.loopback(), line -> {})) {
            String url = "url:ws://127.0.0.1:" + bridge.httpPort() + "/ws";
            System.setProperty("hilbridge.board", url);
            FixtureRun run = FixtureRun.of(Fixtures.FromProperty.class);
            FixtureRun.Outcome o = run.outcome("pressesAButton(Hilbridge, Board)");
            assertThat(o.skipReason() != null || o.status() == ABORTED)
                    .as("%s", o)
                    .isTrue();
            assertThat(o.error().getMessage())
                    .isEqualTo("hilbridge board " + url + " cannot press a button: only the "
                            + "simulated board (sim) and hilbridge-sim (host-sim) have a button the test can press; on a "
                            + "bench, press it by hand");
        }
    }
}
