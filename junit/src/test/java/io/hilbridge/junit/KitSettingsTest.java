package io.hilbridge.junit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The kit's settings and its rule for a board that is not there (junit/README.md): -Dhilbridge.board before
 * HILBRIDGE_BOARD before the annotation; a missing board skips with one line, or fails with it when required
 * (-Dhilbridge.require=true, or CI=true for sim, host-sim and qemu); the URLs and trace line a test is given.
 */
class KitSettingsTest {

    @AfterEach
    void clean() {
        System.clearProperty("hilbridge.board");
        System.clearProperty("hilbridge.require");
        System.clearProperty("hilbridge.token");
    }

    @Test
    void thePropertyChoosesTheBoardBeforeTheAnnotation() {
        System.setProperty("hilbridge.board", " qemu ");
        assertThat(BoardSpec.choose("sim")).isEqualTo(new BoardSpec(BoardSpec.Kind.QEMU, null));
        System.setProperty("hilbridge.board", "  ");
        String env = System.getenv("HILBRIDGE_BOARD");
        BoardSpec expected = env == null || env.isBlank() ? BoardSpec.parse("sim") : BoardSpec.parse(env);
        assertThat(BoardSpec.choose("sim"))
                .as("a blank property counts as none")
                .isEqualTo(expected);
        assertThat(BoardSpec.parse(" SIM ")).isEqualTo(new BoardSpec(BoardSpec.Kind.SIM, null));
    }

    @Test
    void aMissingBoardSkipsWithOneLineUnlessItIsRequired() {
        BoardSpec serial = BoardSpec.parse("serial:/dev/ttyUSB9");
        assertThat(Presence.required(serial))
                .as("a bench board is never required by CI")
                .isFalse();
        assertThatThrownBy(() -> Presence.missing(serial, "no serial port"))
                .isInstanceOf(TestAbortedException.class)
                .hasMessage("hilbridge board serial:/dev/ttyUSB9 is not available: no serial port");
        assertThatThrownBy(() -> Presence.cannot(serial, "be unplugged", "it stays connected"))
                .isInstanceOf(TestAbortedException.class)
                .hasMessage("hilbridge board serial:/dev/ttyUSB9 cannot be unplugged: it stays connected");

        System.setProperty("hilbridge.require", "true");
        assertThat(Presence.required(serial)).isTrue();
        assertThatThrownBy(() -> Presence.missing(serial, "no serial port"))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessage("hilbridge board serial:/dev/ttyUSB9 is not available: no serial port"
                        + " (-Dhilbridge.require=true)");
        assertThatThrownBy(() -> Presence.cannot(serial, "be unplugged", "it stays connected"))
                .as("a fault the board lacks is skipped even on a bench")
                .isInstanceOf(TestAbortedException.class);
    }

    @Test
    void ciRequiresExactlyTheBoardsItInstallsTheToolsOf() {
        boolean ci = "true".equals(System.getenv("CI"));
        for (String board : new String[] {"sim", "sim:faults=drop=0.1", "host-sim", "qemu"}) {
            assertThat(Presence.required(BoardSpec.parse(board))).as(board).isEqualTo(ci);
        }
        for (String board : new String[] {"qemu-esp32c3", "serial:/dev/ttyUSB0", "auto", "url:ws://127.0.0.1:1/ws"}) {
            assertThat(Presence.required(BoardSpec.parse(board))).as(board).isFalse();
        }
        if (ci) {
            assertThatThrownBy(() -> Presence.missing(BoardSpec.parse("qemu"), "apt-get install qemu-system-misc"))
                    .hasMessageEndingWith("apt-get install qemu-system-misc (CI=true)");
        }
    }

    @Test
    void aTestIsGivenTheBridgesUrlsTokenAndTraceLine() {
        BoardRig rig = new BoardRig(
                BoardSpec.parse("url:wss://bench.local:8443/ws"),
                null,
                null,
                null,
                new RecentEvents(),
                URI.create("wss://bench.local:8443/ws"),
                "s3cret");
        TestRun run = new TestRun();
        Hilbridge h = new Hilbridge(rig, run);

        assertThat(h.httpUrl()).isEqualTo(URI.create("https://bench.local:8443/"));
        assertThat(h.webSocketUrl()).isEqualTo(URI.create("wss://bench.local:8443/ws"));
        assertThat(h.token()).isEqualTo("s3cret");
        assertThat(h.spec()).hasToString("url:wss://bench.local:8443/ws");
        assertThat(h.board().id()).isEqualTo("board0");
        assertThat(h.board()).hasToString("board0 (url:wss://bench.local:8443/ws)");
        assertThat(h.trace()).isEmpty();
        assertThat(run.traceLine())
                .isEqualTo("link trace: none (the bridge runs elsewhere: start it with --trace FILE)");

        run.trace = Path.of("t.pcapng");
        assertThat(h.trace()).contains(Path.of("t.pcapng"));
        assertThat(run.traceLine())
                .startsWith("link trace: " + Path.of("t.pcapng").toAbsolutePath() + " (complete once the next test");
        BoardRig plain = new BoardRig(
                BoardSpec.parse("sim"),
                null,
                null,
                null,
                new RecentEvents(),
                URI.create("ws://127.0.0.1:8080/ws"),
                null);
        assertThat(new Hilbridge(plain, run).httpUrl()).isEqualTo(URI.create("http://127.0.0.1:8080/"));
    }

    @Test
    void theTokenComesFromTheEnvironmentBeforeTheProperty() {
        String env = System.getenv("HILBRIDGE_TOKEN");
        boolean fromEnv = env != null && !env.isBlank();
        System.setProperty("hilbridge.token", "from-property");
        assertThat(Settings.token(System.getenv())).isEqualTo(fromEnv ? env : "from-property");
        System.setProperty("hilbridge.token", " ");
        assertThat(Settings.token(System.getenv())).isEqualTo(fromEnv ? env : null);
    }

    @Test
    void aProgramIsFoundOnThePathOrByItsPath() throws Exception {
        assertThat(Executables.onPath("sh")).isTrue();
        assertThat(Executables.onPath("/bin/sh")).isTrue();
        assertThat(Executables.onPath("hilbridge-no-such-program")).isFalse();
        Path notExecutable = Files.createTempFile("hilbridge", ".txt");
        try {
            assertThat(Executables.onPath(notExecutable.toString())).isFalse();
        } finally {
            Files.delete(notExecutable);
        }
        Path root = RepoRoot.find();
        assertThat(root).isNotNull();
        assertThat(root.resolve("protocol-spec")).isDirectory();
        assertThat(Path.of("").toAbsolutePath()).startsWith(root);
    }

    @Test
    void theBoardIsThePropertyElseTheEnvironmentElseTheAnnotation() {
        assertThat(BoardSpec.choose("sim", "qemu", "host-sim")).hasToString("qemu");
        assertThat(BoardSpec.choose("sim", null, "host-sim")).hasToString("host-sim");
        assertThat(BoardSpec.choose("sim", " ", "host-sim")).hasToString("host-sim");
        assertThat(BoardSpec.choose("sim", null, null)).hasToString("sim");
        assertThat(BoardSpec.choose("sim", null, "  ")).hasToString("sim");
        assertThatThrownBy(() -> BoardSpec.parse(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown hilbridge board \"null\"");
    }

    @Test
    void ciRequiresSimHostSimAndQemuOnlyAndTheBenchPropertyRequiresEveryBoard() {
        for (String board : new String[] {"sim", "host-sim", "qemu"}) {
            assertThat(Presence.required(BoardSpec.parse(board), false, "true"))
                    .as(board)
                    .isTrue();
            assertThat(Presence.required(BoardSpec.parse(board), false, "1"))
                    .as(board + ", CI=1")
                    .isFalse();
            assertThat(Presence.required(BoardSpec.parse(board), false, null))
                    .as(board + ", no CI")
                    .isFalse();
        }
        for (String board : new String[] {"qemu-esp32c3", "serial:/dev/ttyUSB0", "auto", "url:ws://127.0.0.1:1/ws"}) {
            assertThat(Presence.required(BoardSpec.parse(board), false, "true"))
                    .as(board)
                    .isFalse();
            assertThat(Presence.required(BoardSpec.parse(board), true, null))
                    .as(board + " on a bench")
                    .isTrue();
        }
    }

    @Test
    void theTokenIsTheEnvironmentsElseThePropertys() {
        assertThat(Settings.token("from-env", "from-property")).isEqualTo("from-env");
        assertThat(Settings.token(" ", "from-property")).isEqualTo("from-property");
        assertThat(Settings.token(null, "from-property")).isEqualTo("from-property");
        assertThat(Settings.token(null, " ")).isNull();
        assertThat(Settings.token(null, null)).isNull();
    }

    @Test
    void aSkipSaysItsLineOnStandardErrorForTheBuildLog() {
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            BoardSpec auto = BoardSpec.parse("auto");
            assertThatThrownBy(() -> Presence.missing(auto, "no ESP32 on USB"))
                    .isInstanceOf(TestAbortedException.class);
            assertThatThrownBy(() -> Presence.cannot(auto, "be unplugged", "it stays"))
                    .isInstanceOf(TestAbortedException.class);
        } finally {
            System.setErr(err);
        }
        assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("SKIPPED hilbridge board auto is not available: no ESP32 on USB" + System.lineSeparator()
                        + "SKIPPED hilbridge board auto cannot be unplugged: it stays" + System.lineSeparator());
    }

    @Test
    void aProgramGivenByItsPathIsLookedForThereOnly(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path tool = Files.createFile(dir.resolve("hilbridge-tool"));
        assertThat(tool.toFile().setExecutable(true)).isTrue();
        assertThat(Executables.onPath(tool.toString())).isTrue();
        assertThat(Executables.onPath("hilbridge-tool"))
                .as("its directory is not on PATH")
                .isFalse();
    }

    @Test
    void hilbridgeSimIsTheOneHilbridgeSimNamesElseTheRepositorysBuild(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        // HILBRIDGE_SIM, set, is the only place looked at (junit/README.md: "from HILBRIDGE_SIM or
        // firmware/target/host/").
        Path given = Files.createFile(dir.resolve("my-sim"));
        Path root = dir.resolve("repo");
        Path built =
                Files.createDirectories(root.resolve("firmware/target/host")).resolve("hilbridge-sim");
        Files.createFile(built);
        assertThat(HostSimProcess.findBinary(given.toString(), root))
                .as("not executable")
                .isNull();
        assertThat(given.toFile().setExecutable(true)).isTrue();
        assertThat(built.toFile().setExecutable(true)).isTrue();
        assertThat(HostSimProcess.findBinary(given.toString(), root)).isEqualTo(given);
        assertThat(HostSimProcess.findBinary(given.toString(), null)).isEqualTo(given);
        assertThat(HostSimProcess.findBinary(dir.resolve("none").toString(), root))
                .as("a wrong HILBRIDGE_SIM is not replaced by the build")
                .isNull();

        assertThat(HostSimProcess.findBinary(null, root)).isEqualTo(built);
        assertThat(HostSimProcess.findBinary(" ", root)).isEqualTo(built);
        assertThat(HostSimProcess.findBinary(null, null))
                .as("outside the repository")
                .isNull();
        assertThat(built.toFile().setExecutable(false)).isTrue();
        assertThat(HostSimProcess.findBinary(null, root))
                .as("the build's file not executable")
                .isNull();
    }
}
