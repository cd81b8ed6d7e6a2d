package io.hilbridge.link;

import io.hilbridge.command.CommandValidator;
import io.hilbridge.command.LightCommand;
import io.hilbridge.lights.BoardInfo;
import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.Effect;
import io.hilbridge.lights.ErrorCode;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.LightInfo;
import io.hilbridge.lights.LightKind;
import io.hilbridge.lights.LightState;
import io.hilbridge.lights.Rgb;
import io.hilbridge.lights.StateCause;
import io.hilbridge.sim.LoopbackTransport;
import io.hilbridge.sim.SimulatedBoard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.hilbridge.link.LinkTestSupport.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * LinkSession against the in-process simulated board, with faults. Most run with the link on virtual time
 * ({@link VirtualSim}); the two at 115,200 baud run on real time and threads, since wire time is real time, and so
 * does the first, whose round trip is measured in real time.
 */
class LinkSessionTest {
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final VirtualSim sim = new VirtualSim();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) closeables.get(i).close();
        sim.close();
    }

    private SimulatedBoard board(SimulatedBoard.Builder b) {
        SimulatedBoard board = b.build();
        closeables.add(board);
        return board;
    }

    private LinkSession link(SimulatedBoard board) {
        return link(board, LinkConfig.defaults());
    }

    private LinkSession link(SimulatedBoard board, LinkConfig config) {
        LinkSession s = LinkSession.start("board0", new LoopbackTransport(board), config);
        closeables.add(s);
        return s;
    }

    private static void awaitStatus(LinkSession s, DeviceStatus status) {
        await().atMost(Duration.ofSeconds(10)).until(() -> s.status() == status);
    }

    /** An unthrottled simulated board and a link to it, both on virtual time, online. */
    private LinkSession virtualLink(SimulatedBoard board) {
        return sim.online(new LoopbackTransport(board), LinkConfig.defaults());
    }

    private static final LightChange ON = new LightChange(true, null, null, null, null);

    @Test
    void handshakeThenSetIsAcknowledgedAndApplied() throws Exception {
        SimulatedBoard board = board(SimulatedBoard.builder().baud(0).seed(1));
        LinkSession s = link(board); // real time: the round trip it measures is real
        awaitStatus(s, DeviceStatus.ONLINE);
        assertThat(s.info()).get().satisfies(i -> {
            assertThat(i.firmwareVersion()).isEqualTo("sim-0.1.0");
            assertThat(i.lights()).isEqualTo(SimulatedBoard.DEFAULT_LIGHTS);
            assertThat(i.bootId()).isEqualTo(board.bootId());
        });
        LightChange purple = new LightChange(true, 128, new Rgb(128, 0, 255), 200, Effect.BREATHE);
        s.set(2, purple).get(5, TimeUnit.SECONDS);
        LightState expected = LightState.BOOT.apply(purple);
        assertThat(board.lights().get(2)).isEqualTo(expected);
        assertThat(s.desiredStates().get(2)).isEqualTo(expected);
        await().until(() -> s.reportedStates().get(2).equals(expected));
        assertThat(s.stats().lastRttMicros()).isPositive();
    }

    @Test
    void handshakeWorksWhenTheBoardsUnsolicitedHelloWasLost() {
        // The board boots before anybody listens: its HELLO goes nowhere; HELLO_REQ must find it.
        SimulatedBoard board = board(SimulatedBoard.builder().baud(115200).seed(2));
        LinkSession s = link(board);
        awaitStatus(s, DeviceStatus.ONLINE);
    }

    @Test
    void everyLightAtOnce() throws Exception {
        SimulatedBoard board = sim.board(3);
        LinkSession s = virtualLink(board);
        sim.done(s.set(BoardLink.ALL_LIGHTS, ON));
        assertThat(board.lights()).allSatisfy(l -> assertThat(l.on()).isTrue());
    }

    @Test
    void capabilitiesAreCheckedBeforeSending() {
        SimulatedBoard board = sim.board(4);
        LinkSession s = virtualLink(board);
        long before = board.framesReceived();
        assertThat(failure(s.set(0, new LightChange(null, 10, null, null, null)))
                        .code())
                .isEqualTo(ErrorCode.UNSUPPORTED);
        assertThat(failure(s.set(0, new LightChange(null, null, null, null, Effect.RAINBOW)))
                        .code())
                .isEqualTo(ErrorCode.UNSUPPORTED);
        assertThat(failure(s.set(BoardLink.ALL_LIGHTS, new LightChange(null, null, Rgb.WHITE, null, null)))
                        .code())
                .isEqualTo(ErrorCode.UNSUPPORTED);
        assertThat(failure(s.set(9, ON)).code()).isEqualTo(ErrorCode.UNKNOWN_LIGHT);
        assertThat(failure(s.set(1, new LightChange(null, 300, null, null, null)))
                        .code())
                .isEqualTo(ErrorCode.OUT_OF_RANGE);
        assertThat(failure(s.set(1, new LightChange(null, null, null, null, null)))
                        .code())
                .isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(board.framesReceived())
                .as("nothing invalid reached the board")
                .isEqualTo(before);
    }

    @Test
    void aListCommandIsAcknowledgedOnceEveryLightOfItIsAndChangesNoOther() throws Exception {
        SimulatedBoard board = board(SimulatedBoard.builder().baud(115200).seed(6));
        LinkSession s = link(board);
        awaitStatus(s, DeviceStatus.ONLINE);
        LightChange dim = new LightChange(true, 40, null, null, null);
        LightCommand command =
                CommandValidator.validate("board0", s.info().orElseThrow(), s.status(), false, List.of(3, 1), dim);
        s.submit(command).get(5, TimeUnit.SECONDS);
        LightState expected = LightState.BOOT.apply(dim);
        assertThat(board.lights().get(1)).isEqualTo(expected);
        assertThat(board.lights().get(3)).isEqualTo(expected);
        assertThat(board.lights().get(0)).as("not addressed").isEqualTo(LightState.BOOT);
        assertThat(board.lights().get(2)).as("not addressed").isEqualTo(LightState.BOOT);
    }

    @Test
    void aCommandCheckedAgainstAnotherHelloIsCheckedAgainstTheBoardsOwn() {
        SimulatedBoard board = sim.board(7);
        LinkSession s = virtualLink(board);
        List<LightInfo> five = new ArrayList<>(SimulatedBoard.DEFAULT_LIGHTS);
        five.add(new LightInfo(4, "Extra", LightKind.ONOFF, 1, Set.of()));
        BoardInfo other = new BoardInfo(1, "other-firmware", 99, five);
        LightCommand forOther = CommandValidator.validate("board0", other, DeviceStatus.ONLINE, false, List.of(4), ON);
        long before = board.framesReceived();
        CommandException e = failure(s.submit(forOther));
        assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_LIGHT);
        assertThat(e.getMessage()).isEqualTo("device board0 has no light 4 (it has 4: 0..3)");
        assertThat(board.framesReceived()).as("nothing reached the board").isEqualTo(before);
    }

    @Test
    void buttonPressIsReportedWithItsCause() {
        SimulatedBoard board = sim.board(5);
        LinkSession s = virtualLink(board);
        List<StateCause> causes = new CopyOnWriteArrayList<>();
        s.addListener(new BoardListener() {
            @Override
            public void onState(BoardLink b, int light, LightState state, StateCause cause) {
                if (light == 0) causes.add(cause);
            }
        });
        board.pressButton(0);
        sim.until(() -> causes.contains(StateCause.BUTTON), "the button's STATE");
        assertThat(s.reportedStates().get(0).on()).isTrue();
    }

    @Test
    void setBeforeTheHandshakeFailsWithDeviceOffline() {
        SimulatedBoard board = sim.board(6);
        board.faults().unplug();
        LinkSession s = sim.start(new LoopbackTransport(board), LinkConfig.defaults());
        assertThat(failure(s.set(0, ON)).code()).isEqualTo(ErrorCode.DEVICE_OFFLINE);
        board.faults().replug();
        sim.until(() -> s.status() == DeviceStatus.ONLINE, "the link online");
    }
}
