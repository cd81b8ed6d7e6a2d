package io.hilbridge.junit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The host-sim board's process (firmware/README.md, "hilbridge-sim"): started with {@code --link PATH}, it is ready
 * once it prints {@code ready pty=... link=PATH}; it takes {@code button ID} and {@code reboot} on stdin and answers
 * on stdout. Closing stops it and removes its link and the directory made for it; an unplug kills it at once.
 * Needs the built simulator: skipped outside CI without it (one line saying how to build it), a failure under CI=true.
 */
class HostSimProcessTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static Path binary;

    @TempDir
    Path dir;

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    @BeforeAll
    static void findTheSimulator() {
        binary = HostSimProcess.findBinary(System.getenv());
        if (binary == null) throw Presence.missing(BoardSpec.parse("host-sim"), HostSimProcess.NOT_BUILT);
    }

    @Test
    void startReturnsOnceReadyWithItsPtyAtTheLinkAndHandsOnEveryLine() throws Exception {
        Path link = linkIn("ready");
        try (HostSimProcess sim = HostSimProcess.start(binary, link, lines::add)) {
            assertThat(sim.link()).isEqualTo(link);
            assertThat(lines.peek())
                    .as("the ready line is handed on before start returns")
                    .startsWith("ready ");
            assertThat(awaitLine("ready "))
                    .matches("ready pty=/dev/pts/\\d+ link=" + link + " boot_id=0x\\p{XDigit}{8}");
            assertThat(Files.readSymbolicLink(link).toString()).startsWith("/dev/pts/");
            assertThat(running(link)).isTrue();
        }
    }

    @Test
    void commandsGoToTheSimulatorsStdinOneALine() {
        try (HostSimProcess sim = HostSimProcess.start(binary, linkIn("commands"), lines::add)) {
            sim.command("button 0");
            assertThat(awaitLine("button ")).isEqualTo("button 0");
            sim.command("reboot");
            assertThat(awaitLine("reboot ")).startsWith("reboot boot_id=0x");
        }
    }

    @Test
    void killEndsItAndRestartBootsAnotherBehindTheSameLink() throws Exception {
        Path link = linkIn("unplug");
        try (HostSimProcess sim = HostSimProcess.start(binary, link, lines::add)) {
            String firstBoot = awaitLine("ready ");

            ProcessHandle first = child(link);
            sim.kill();
            awaitExit(first);
            assertThatThrownBy(() -> sim.command("button 1"))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageStartingWith("hilbridge-sim is gone (command \"button 1\"): ");

            sim.restart();
            assertThat(awaitLine("ready ")).isNotEqualTo(firstBoot).contains(" link=" + link + " ");
            assertThat(running(link)).isTrue();
            sim.command("button 1");
            assertThat(awaitLine("button ")).isEqualTo("button 1");
        }
    }

    @Test
    void closeStopsItAndRemovesTheLinkAndTheDirectoryMadeForIt() {
        Path link = linkIn("close");
        HostSimProcess sim = HostSimProcess.start(binary, link, lines::add);
        awaitLine("ready ");

        sim.close();
        assertThat(running(link)).as("the simulator is gone once close returns").isFalse();
        assertThat(Files.exists(link, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(link.getParent()).doesNotExist();
    }

    @Test
    void aProgramThatExitsBeforeItIsReadyIsNotStartedAndLeavesNoDirectory() {
        Path link = linkIn("exits");
        assertThatThrownBy(() -> HostSimProcess.start(Path.of("/bin/true"), link, lines::add))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("hilbridge-sim did not start: ")
                .hasMessageEndingWith("/bin/true exited before it was ready");
        assertThat(link.getParent()).doesNotExist();
    }

    @Test
    void aSimulatorThatPrintsNoReadyLineWithinTheWaitIsStoppedAndLeavesNoDirectory() throws Exception {
        // Prints a line that is not "ready ...", then hangs: what a simulator stuck in its boot looks like.
        Path stuck = dir.resolve("stuck-sim");
        Files.writeString(stuck, "#!/bin/sh\necho booting\nexec sleep 60\n");
        Files.setPosixFilePermissions(stuck, PosixFilePermissions.fromString("rwx------"));
        Path link = linkIn("stuck");

        assertThatThrownBy(() -> HostSimProcess.start(stuck, link, lines::add, Duration.ofMillis(300)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(stuck + " printed no \"ready\" line within PT0.3S");
        assertThat(awaitLine("booting")).isEqualTo("booting");
        assertThat(link.getParent()).doesNotExist();
    }

    @Test
    void aProgramThatCannotRunIsNamed() {
        Path none = dir.resolve("no-such-sim");
        assertThatThrownBy(() -> HostSimProcess.start(none, linkIn("none"), lines::add))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("cannot run " + none + ": ");
    }

    @Test
    void closeEndsEvenASimulatorThatIgnoresSigterm() throws Exception {
        // Costs the 5 s close waits for a SIGTERM before it kills. The stand-in ignores SIGTERM (as would a hung one).
        Path deaf = dir.resolve("deaf-sim");
        Files.writeString(deaf, "#!/bin/sh\ntrap '' TERM\necho 'ready pty=- link=- boot_id=0x0'\nexec sleep 60\n");
        Files.setPosixFilePermissions(deaf, PosixFilePermissions.fromString("rwx------"));
        java.util.Set<ProcessHandle> before =
                ProcessHandle.current().children().collect(java.util.stream.Collectors.toSet());
        HostSimProcess sim = HostSimProcess.start(deaf, linkIn("deaf"), lines::add);
        List<ProcessHandle> started = ProcessHandle.current()
                .children()
                .filter(p -> !before.contains(p))
                .toList();
        assertThat(started).hasSize(1);

        sim.close();
        assertThat(started.get(0).isAlive()).as("gone once close returns").isFalse();
    }

    /** This JVM's child started with this link path. */
    private static ProcessHandle child(Path link) {
        return ProcessHandle.current()
                .children()
                .filter(p -> p.info().commandLine().orElse("").contains(link.toString()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no hilbridge-sim with " + link + " among this JVM's children"));
    }

    /** Waits for {@code p} to exit, failing after {@link #WAIT} with what it waited for. */
    private static void awaitExit(ProcessHandle p) throws Exception {
        try {
            p.onExit().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("hilbridge-sim (pid " + p.pid() + ") still runs " + WAIT + " after it was killed");
        }
    }

    /** A link path in a directory of its own, as RigStarter makes one. */
    private Path linkIn(String name) {
        try {
            return Files.createDirectory(dir.resolve(name)).resolve("board");
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a child of this JVM started with this link path is alive. */
    private static boolean running(Path link) {
        return ProcessHandle.current()
                .children()
                .anyMatch(p -> p.isAlive() && p.info().commandLine().orElse("").contains(link.toString()));
    }

    /** The next line starting with {@code prefix} (skipping others), or a failure naming it after {@link #WAIT}. */
    private String awaitLine(String prefix) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        try {
            for (long left; (left = deadline - System.nanoTime()) > 0; ) {
                String line = lines.poll(left, TimeUnit.NANOSECONDS);
                if (line == null) break;
                seen.add(line);
                if (line.startsWith(prefix)) return line;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError(
                "no line starting with \"" + prefix + "\" from hilbridge-sim within " + WAIT + "; it printed " + seen);
    }
}
