package io.hilbridge.junit;

import io.hilbridge.client.Effect;
import io.hilbridge.client.LightChange;
import io.hilbridge.client.LightState;
import io.hilbridge.client.Lights;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static io.hilbridge.client.LightChange.turnOff;
import static io.hilbridge.client.LightChange.turnOn;
import static io.hilbridge.junit.HilbridgeAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The kit's assertions, failure report, isolation and faults (junit/README.md) on one simulated board started by
 * {@link RigStarter} for the whole class, without a JUnit launcher: ExtensionTest checks the same through fixture
 * classes as users meet them, with a bridge per fixture class.
 */
class RigAssertionsTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    static Path dir;

    private static BoardRig rig;
    private static TestRun run;
    private static Board board;

    @BeforeAll
    static void start() {
        rig = RigStarter.start(BoardSpec.parse("sim"), dir, null);
        run = new TestRun();
        board = new Board(rig, run, BoardRig.DEVICE);
    }

    @AfterAll
    static void stop() {
        rig.close();
    }

    @BeforeEach
    void isolate() {
        Isolation.reset(rig, "RigAssertionsTest");
    }

    @Test
    void isolationLeavesEveryLightOffWithNoEffectAsConfirmedAndForgetsTheTestBefore() {
        board.confirm(Lights.all(), turnOn());
        board.confirm(2, LightChange.change().effect(Effect.BLINK));

        Isolation.reset(rig, "RigAssertionsTest.next");

        for (int i = 0; i < board.lightCount(); i++) {
            LightState s = assertThat(board.light(i)).is(turnOff());
            assertThat(s.effect()).as("light %d", i).isEqualTo(Effect.NONE);
            assertThat(rig.history.of(BoardRig.DEVICE, i)).isEmpty();
        }
    }

    @Test
    void reachesReturnsTheConfirmedStateAndIsChecksTheStateNow() {
        board.confirm(1, turnOn().brightness(200));

        assertThat(assertThat(board.light(1))
                        .reaches(turnOn().brightness(200))
                        .within(WAIT)
                        .brightness())
                .isEqualTo(200);
        assertThat(assertThat(board.light(1))
                        .reaches(s -> s.brightness() == 200)
                        .within(WAIT)
                        .on())
                .isTrue();
        assertThat(assertThat(board.light(1)).is(turnOn()).brightness()).isEqualTo(200);
        assertThatThrownBy(() -> assertThat(board.light(1)).is(turnOff()))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith(
                        "board0 light 1 on sim: is {on=false}\n" + "  the confirmed state is {on=true, brightness=200");
    }

    @Test
    void aFailedReachReadsAsTheRequirementWithConfirmedDesiredDeviceEventsAndTrace() {
        board.confirm(1, turnOn().brightness(128));

        AssertionError e = (AssertionError) catchThrowable(() ->
                assertThat(board.light(1)).reaches(turnOn().brightness(77)).within(Duration.ofMillis(50)));

        String[] lines = e.getMessage().split("\n");
        assertThat(lines[0]).isEqualTo("board0 light 1 on sim: reaches {on=true, brightness=77} within PT0.05S");
        assertThat(lines[1]).startsWith("  not reached: client:timeout: board0 light 1 ");
        assertThat(lines[2]).isEqualTo("  wanted:    reaches {on=true, brightness=77} within PT0.05S");
        assertThat(lines[3]).startsWith("  confirmed: {on=true, brightness=128, color=#");
        assertThat(lines[4]).matches("  desired:   \\{on=true, brightness=128, color=#\\p{XDigit}{6}, effect=none}");
        assertThat(lines[5]).isEqualTo("  device:    online, client connected");
        assertThat(lines[6]).isEqualTo("  recent link events (oldest first):");
        // The events of the bridge, the board and the client interleave as they happened (the oldest may have left the
        // bounded ring): each is timed and says whose it is.
        List<String> events = Arrays.stream(lines, 7, lines.length)
                .takeWhile(l -> l.startsWith("    "))
                .toList();
        assertThat(events)
                .isNotEmpty()
                .allMatch(l -> l.matches("    \\d\\d:\\d\\d:\\d\\d\\.\\d{3} (bridge|client|board0): .*"));
        assertThat(lines[lines.length - 1])
                .isEqualTo("  link trace: none (the bridge runs elsewhere: start it with --trace FILE)");
        assertThat(e.getMessage()).contains(" client: board0 light 1 confirmed {on=true, brightness=128");
    }

    @Test
    void aReportOnALightTheBoardDoesNotHaveSaysSo() {
        for (int light : new int[] {-1, 99}) {
            String report = FailureReport.of(board.light(light), "is {on=true}", "no such light");
            assertThat(report)
                    .as("light %d", light)
                    .contains("\n  confirmed: (unknown: no such light)\n  desired:   (unknown)\n");
        }
    }

    @Test
    void neverLeavesSeesAChangeEarlierInTheTestWhereStaysInLooksOnlyFromNowOn() {
        board.confirm(0, turnOn());
        board.confirm(0, turnOff());

        assertThat(board.light(0)).staysIn(turnOff()).during(Duration.ofMillis(20));
        assertThatThrownBy(
                        () -> assertThat(board.light(0)).neverLeaves(turnOff()).during(Duration.ofMillis(20)))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("board0 light 0 on sim: never leaves {on=false} for PT0.02S\n"
                        + "  the board confirmed {on=true")
                .hasMessageContaining("earlier in the test");
        assertThatThrownBy(() -> assertThat(board.light(0)).staysIn(turnOn()).during(Duration.ofSeconds(30)))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("board0 light 0 on sim: stays in {on=true} for PT30S\n" + "  it is {on=false")
                .hasMessageContaining("already at the start");
    }

    @Test
    void aButtonPressAndAResetWithBootTextReachTheClient() {
        // The simulated board has both faults: neither may skip the test (a skip would hide a broken fault).
        assertThatCode(() -> board.faults().pressButton(0)).doesNotThrowAnyException();
        assertThat(board.light(0)).reaches(turnOn()).within(WAIT);

        long bootsBefore = board.log().stream().filter(l -> l.boot()).count();
        assertThatCode(() -> board.faults().resetWithBootText()).doesNotThrowAnyException();
        board.awaitOnline(WAIT);
        assertThat(board.awaitLog("rst:0x1", WAIT).boot()).isTrue();
        assertThat(board.log().stream().filter(l -> l.boot()).count()).isGreaterThan(bootsBefore);
        assertThat(FailureReport.of(board.light(0), "r", "o")).contains("\n  board log (last lines):\n    ");
    }

    @Test
    void anUnplugGoesOfflineAndTheBoardComesBackAndLineNoiseEndsWithQuietLine() {
        assertThatCode(() -> board.faults().unplugFor(Duration.ZERO)).doesNotThrowAnyException();
        assertThat(rig.events.render("")).contains("board0: link OFFLINE");
        board.awaitOnline(WAIT);

        assertThatCode(() -> board.faults().lineNoise(0.5, 0.25)).doesNotThrowAnyException();
        var faults = rig.simulated().orElseThrow().faults();
        assertThat(faults.bitFlipRate()).isEqualTo(0.5);
        assertThat(faults.dropRate()).isEqualTo(0.25);
        assertThat(faults.duplicateRate()).isEqualTo(0.25);
        board.faults().quietLine();
        assertThat(faults.bitFlipRate()).isZero();
        assertThat(faults.dropRate()).isZero();
        assertThat(faults.duplicateRate()).isZero();
    }

    @Test
    void anUnplugLastsAtLeastItsDurationCountedFromTheCall() {
        Duration unplugged = Duration.ofMillis(300);
        long start = System.nanoTime();
        assertThatCode(() -> board.faults().unplugFor(unplugged)).doesNotThrowAnyException();
        // A lower bound only (the cable is back no sooner): how much later depends on the machine, so not asserted.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(unplugged);
        board.awaitOnline(WAIT);
    }

    @Test
    void aBridgeElsewhereCannotBeUnpluggedNoisedOrHaveItsButtonPressed() {
        BoardRig remote = new BoardRig(
                BoardSpec.parse("url:ws://127.0.0.1:1/ws"),
                null,
                null,
                null,
                new RecentEvents(),
                URI.create("ws://127.0.0.1:1/ws"),
                null);
        BoardFaults faults = new Board(remote, new TestRun(), BoardRig.DEVICE).faults();
        assertThatThrownBy(() -> faults.pressButton(0))
                .isInstanceOf(TestAbortedException.class)
                .hasMessage("hilbridge board url:ws://127.0.0.1:1/ws cannot press a button: only the simulated board"
                        + " (sim) and hilbridge-sim (host-sim) have a button the test can press; on a bench, press it"
                        + " by hand");
        assertThatThrownBy(() -> faults.unplugFor(Duration.ZERO))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("cannot be unplugged");
        assertThatThrownBy(() -> faults.lineNoise(0.1, 0.1))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("cannot add line noise");
        faults.quietLine(); // a no-op without a simulated line
    }

    private static Throwable catchThrowable(Runnable r) {
        try {
            r.run();
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("expected a failure");
    }
}
