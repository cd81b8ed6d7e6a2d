package io.hilbridge.firmware;

import io.hilbridge.lights.BoardInfo;
import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.Effect;
import io.hilbridge.lights.ErrorCode;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.LightKind;
import io.hilbridge.lights.LightState;
import io.hilbridge.lights.Rgb;
import io.hilbridge.lights.StateCause;
import io.hilbridge.link.BoardLink;
import io.hilbridge.link.BoardListener;
import io.hilbridge.link.LinkConfig;
import io.hilbridge.link.LinkSession;
import io.hilbridge.serial.JSerialCommTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The bridge's link layer ({@link LinkSession}) against the firmware's C core running as {@code hilbridge-sim}
 * behind a real pty, through the bridge's jSerialComm transport: the two independent implementations of
 * uart-link.md talking to each other.
 */
class SimBoardLinkTest {

    @TempDir
    Path dir;

    private SimProcess sim;
    private LinkSession link;
    private final List<String> events = new CopyOnWriteArrayList<>();

    private record StateEvent(int light, LightState state, StateCause cause) {}

    private final List<StateEvent> states = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        sim = SimProcess.start(dir.resolve("board"), "--boot-text");
        link = LinkSession.start(
                "board0", new JSerialCommTransport(sim.link().toString(), 115200), LinkConfig.defaults());
        link.addListener(new BoardListener() {
            @Override
            public void onHello(BoardLink board, BoardInfo info) {
                events.add("hello " + Long.toHexString(info.bootId()));
            }

            @Override
            public void onState(BoardLink board, int light, LightState state, StateCause cause) {
                states.add(new StateEvent(light, state, cause));
            }

            @Override
            public void onLog(BoardLink board, int level, String text) {
                events.add("log " + level + " " + text);
            }
        });
        awaitOnline();
    }

    @AfterEach
    void stop() throws Exception {
        if (link != null) link.close();
        if (sim != null) sim.close();
    }

    private void awaitOnline() {
        await().atMost(SimProcess.WAIT).until(() -> link.status() == DeviceStatus.ONLINE);
    }

    private static void done(java.util.concurrent.CompletableFuture<Void> f) throws Exception {
        f.get(SimProcess.WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void handshakeReportsTheDefaultBoard() {
        BoardInfo info = link.info().orElseThrow();
        assertThat(info.protocolVersion()).isEqualTo(1);
        assertThat(info.firmwareVersion()).isEqualTo("0.1.0");
        assertThat(info.lights())
                .extracting(l -> l.name())
                .containsExactly("Status LED", "Desk lamp", "RGB LED", "Strip");
        assertThat(info.lights())
                .extracting(l -> l.kind())
                .containsExactly(LightKind.ONOFF, LightKind.DIMMABLE, LightKind.RGB, LightKind.STRIP);
        assertThat(info.lights().get(3).pixels()).isEqualTo(8);
        assertThat(info.lights().get(0).effects()).containsExactly(Effect.BLINK);
        assertThat(info.lights().get(2).effects())
                .containsExactlyInAnyOrder(Effect.BLINK, Effect.BREATHE, Effect.RAINBOW);
        assertThat(link.reportedStates()).hasSize(4).allMatch(s -> !s.on());
    }

    @Test
    void setAcksAndTheBoardAppliesItForEveryKind() throws Exception {
        int mark = sim.mark();
        done(link.set(0, new LightChange(true, null, null, null, null)));
        sim.awaitLine(mark, l -> l.startsWith("light 0 on=1 brightness=255 color=ffffff effect=none"));
        assertThat(link.reportedStates().get(0).on()).isTrue();

        done(link.set(1, new LightChange(true, 128, null, 500, null)));
        sim.awaitLine(mark, l -> l.equals("light 1 on=1 brightness=128 color=ffffff effect=none fade_ms=500"));
        assertThat(link.reportedStates().get(1).brightness()).isEqualTo(128);

        done(link.set(2, new LightChange(true, null, new Rgb(255, 0, 0), null, Effect.BREATHE)));
        sim.awaitLine(mark, l -> l.startsWith("light 2 on=1 brightness=255 color=ff0000 effect=breathe"));
        assertThat(link.reportedStates().get(2).color()).isEqualTo(new Rgb(255, 0, 0));

        done(link.set(3, new LightChange(true, 200, new Rgb(1, 2, 3), 65535, Effect.RAINBOW)));
        sim.awaitLine(mark, l -> l.equals("light 3 on=1 brightness=200 color=010203 effect=rainbow fade_ms=65535"));
        assertThat(link.reportedStates().get(3)).isEqualTo(new LightState(true, 200, new Rgb(1, 2, 3), Effect.RAINBOW));
    }

    @Test
    void aChangeTheLightCannotDoIsRefusedAndChangesNothing() {
        assertThatThrownBy(() -> done(link.set(0, new LightChange(null, null, new Rgb(1, 2, 3), null, null))))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(CommandException.class)
                .extracting(e -> ((CommandException) e).code())
                .isEqualTo(ErrorCode.UNSUPPORTED);
        assertThat(link.reportedStates().get(0)).isEqualTo(LightState.BOOT);
        assertThat(sim.lines()).noneMatch(l -> l.startsWith("light 0"));
    }

    @Test
    void buttonPressOnTheBoardReachesTheHost() throws Exception {
        sim.command("button 0");
        await().atMost(SimProcess.WAIT)
                .until(() -> states.stream()
                        .anyMatch(s -> s.light() == 0
                                && s.cause() == StateCause.BUTTON
                                && s.state().on()));
        assertThat(link.reportedStates().get(0).on()).isTrue();

        sim.signal("USR1"); // the same press, from a signal
        await().atMost(SimProcess.WAIT)
                .until(() -> states.stream()
                        .anyMatch(s -> s.light() == 0
                                && s.cause() == StateCause.BUTTON
                                && !s.state().on()));
        assertThat(link.reportedStates().get(0).on()).isFalse();
    }

    @Test
    void aRebootMakesTheHostReplayTheDesiredState() throws Exception {
        done(link.set(1, new LightChange(true, 77, null, null, null)));
        done(link.set(2, new LightChange(true, null, new Rgb(0, 0, 255), null, null)));
        int hellos = events.size();
        int mark = sim.mark();

        sim.command("reboot"); // boots with ROM text first (--boot-text), new boot id, all lights off

        sim.awaitLine(mark, l -> l.startsWith("reboot boot_id="));
        sim.awaitLine(mark, l -> l.startsWith("light 1 on=1 brightness=77 "));
        sim.awaitLine(mark, l -> l.startsWith("light 2 on=1 brightness=255 color=0000ff "));
        await().atMost(SimProcess.WAIT).until(() -> events.size() > hellos && link.status() == DeviceStatus.ONLINE);
        assertThat(link.reportedStates().get(1)).isEqualTo(new LightState(true, 77, Rgb.WHITE, Effect.NONE));
        assertThat(link.reportedStates().get(2).color()).isEqualTo(new Rgb(0, 0, 255));
        // The ROM boot text before the new HELLO cost exactly one dropped "frame" (uart-link.md section 2).
        assertThat(link.stats().resets()).isEqualTo(1);
        assertThat(link.stats().decodeErrors()).isEqualTo(1);
        assertThat(link.stats().oversizeErrors()).isEqualTo(1);
    }

    @Test
    void killingAndRestartingTheSimulatorMakesTheHostReconnectAndReplay() throws Exception {
        done(link.set(3, new LightChange(true, 10, new Rgb(9, 8, 7), null, null)));
        sim.killHard();
        await().atMost(SimProcess.WAIT).until(() -> link.status() != DeviceStatus.ONLINE);
        assertThat(Files.isSymbolicLink(sim.link())).isTrue(); // dangling: the board is "unplugged"

        sim.restart();
        sim.awaitLine(0, l -> l.startsWith("light 3 on=1 brightness=10 color=090807 "));
        awaitOnline();
        assertThat(link.reportedStates().get(3)).isEqualTo(new LightState(true, 10, new Rgb(9, 8, 7), Effect.NONE));
    }

    @Test
    void boardLogLinesArriveAsLogFrames() throws Exception {
        sim.command("log hello from the board");
        await().atMost(SimProcess.WAIT).until(() -> events.contains("log 3 hello from the board"));
    }

    @Test
    void theFailsafeRestoresTheBootStateWhenTheHostGoesSilent() throws Exception {
        link.close();
        sim.close();
        sim = SimProcess.start(dir.resolve("board2"), "--failsafe-ms", "1500", "--failsafe-restore");
        link = LinkSession.start(
                "board0", new JSerialCommTransport(sim.link().toString(), 115200), LinkConfig.defaults());
        awaitOnline();
        done(link.set(2, new LightChange(true, null, new Rgb(0, 255, 0), null, null)));
        int mark = sim.mark();
        // While the bridge is there its heartbeat (a PING after 1 s of silence) keeps the failsafe quiet: three
        // pings span more than the 1.5 s the board waits...
        long sent = link.stats().framesSent();
        await().atMost(SimProcess.WAIT).until(() -> link.stats().framesSent() >= sent + 3);
        assertThat(sim.lines().subList(mark, sim.mark())).doesNotContain("failsafe");

        link.close(); // ...and once it is gone, the board restores its boot state by itself.
        sim.awaitLine(mark, l -> l.startsWith("light 2 on=0 "));
        sim.awaitLine(mark, l -> l.equals("failsafe"));
    }
}
