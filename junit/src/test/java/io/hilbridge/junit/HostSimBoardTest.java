package io.hilbridge.junit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static io.hilbridge.client.LightChange.turnOn;
import static io.hilbridge.junit.HilbridgeAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The faults of junit/README.md on the {@code host-sim} board (the firmware's C core in hilbridge-sim behind a pty),
 * started by {@link RigStarter} for the whole class: the button and the reboot are the simulator's stdin commands, an
 * unplug kills the process and boots a new one behind the same link; line noise is the simulated board's only. A
 * fault the board supports must not skip the test (assertThatCode: a skip would hide it). Needs the built simulator:
 * skipped outside CI without it (one line saying how to build it), a failure under CI=true.
 */
class HostSimBoardTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    static Path dir;

    private static BoardRig rig;
    private static Board board;

    @BeforeAll
    static void start() {
        rig = RigStarter.start(BoardSpec.parse("host-sim"), dir, null);
        board = new Board(rig, new TestRun(), BoardRig.DEVICE);
    }

    @AfterAll
    static void stop() {
        if (rig != null) rig.close();
    }

    @BeforeEach
    void isolate() {
        Isolation.reset(rig, "HostSimBoardTest");
    }

    @Test
    void aButtonPressIsTheSimulatorsButtonCommandAndReachesTheClient() {
        String mark = mark();
        assertThatCode(() -> board.faults().pressButton(1)).doesNotThrowAnyException();
        assertThat(board.light(1)).reaches(turnOn()).within(WAIT);
        assertThat(eventsSince(mark)).contains("hilbridge-sim: button 1");
    }

    @Test
    void aResetWithBootTextRebootsTheSimulatorWhichPrintsTheRomTextAndBootsAgain() {
        String mark = mark();
        assertThatCode(() -> board.faults().resetWithBootText()).doesNotThrowAnyException();
        // The board resets by itself (its reset pin), not at the bridge's request (REBOOT_REQ).
        assertThat(eventsSince(mark))
                .anyMatch(l -> l.startsWith("hilbridge-sim: reboot boot_id=0x"))
                .doesNotContain("hilbridge-sim: reboot requested by the host");
        assertThat(board.awaitLog("rst:0x1", WAIT).boot()).isTrue();
        board.awaitOnline(WAIT);
    }

    @Test
    void anUnplugKillsTheSimulatorReturnsOnceTheBridgeSawItGoAndAFreshOneBootsBehindTheSameLink() {
        String mark = mark();
        assertThatCode(() -> board.faults().unplugFor(Duration.ZERO)).doesNotThrowAnyException();
        List<String> events = eventsSince(mark);
        int offline = events.indexOf("board0: link OFFLINE");
        int ready = indexOf(events, "hilbridge-sim: ready ");
        assertThat(offline).as("the bridge saw the board go: %s", events).isNotNegative();
        assertThat(ready).as("a new simulator started: %s", events).isGreaterThan(offline);
        board.awaitOnline(WAIT);
    }

    @Test
    void anUnplugLastsAtLeastItsDurationCountedFromTheCall() {
        Duration unplugged = Duration.ofMillis(300);
        long start = System.nanoTime();
        assertThatCode(() -> board.faults().unplugFor(unplugged)).doesNotThrowAnyException();
        // A lower bound only (the new simulator starts no sooner): how much later depends on the machine.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(unplugged);
        board.awaitOnline(WAIT);
    }

    @Test
    void lineNoiseIsTheSimulatedBoardsOnlyAndQuietLineIsANoOpHere() {
        assertThatThrownBy(() -> board.faults().lineNoise(0.1, 0.1))
                .isInstanceOf(TestAbortedException.class)
                .hasMessage("hilbridge board host-sim cannot add line noise: only the simulated board (sim) has a"
                        + " line whose noise the test controls");
        assertThatCode(() -> board.faults().quietLine()).doesNotThrowAnyException();
    }

    @Test
    void aHostSimRigRunsTheSimulatorInADirectoryOfItsOwnAndClosingItLeavesNothing() throws Exception {
        Path work = Files.createDirectory(dir.resolve("own"));
        BoardRig own = RigStarter.start(BoardSpec.parse("host-sim"), work, null);
        Path link;
        try {
            assertThat(own.hostSim).isNotNull();
            link = own.hostSim.link();
            assertThat(link.getParent().getParent()).isEqualTo(work);
            assertThat(link.getParent().getFileName().toString()).startsWith("host-sim");
            assertThat(own.client().device(BoardRig.DEVICE).orElseThrow().online())
                    .isTrue();
            assertThat(own.events.render("")).contains(" hilbridge-sim: ready pty=");
        } finally {
            own.close();
        }
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left).as("the link's directory is removed").isEmpty();
        }
        assertThat(ProcessHandle.current()
                        .children()
                        .filter(ProcessHandle::isAlive)
                        .map(p -> p.info().commandLine().orElse("")))
                .noneMatch(c -> c.contains(link.toString()));
    }

    /** A line in the rig's events, so a test reads only what came after it. */
    private static String mark() {
        String m = "mark " + System.nanoTime();
        rig.events.add("test", m);
        return m;
    }

    /** The events after {@code mark}, without their timestamps ("source: text"). */
    private static List<String> eventsSince(String mark) {
        List<String> all = rig.events.snapshot().stream()
                .map(l -> l.substring(l.indexOf(' ') + 1))
                .toList();
        int at = all.indexOf("test: " + mark);
        assertThat(at)
                .as("the mark is still among the last %d events", RecentEvents.CAPACITY)
                .isNotNegative();
        return all.subList(at + 1, all.size());
    }

    private static int indexOf(List<String> events, String prefix) {
        for (int i = 0; i < events.size(); i++) if (events.get(i).startsWith(prefix)) return i;
        return -1;
    }
}
