package io.hilbridge.link;

import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.LightFault;
import io.hilbridge.sim.Faults;
import io.hilbridge.sim.LoopbackTransport;
import io.hilbridge.sim.SimulatedBoard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A light's hardware fault (FAULT, uart-link.md section 3) from the simulated board to LinkSession's view, on virtual
 * time ({@link VirtualSim}): the heartbeat that finds a lost FAULT comes as the test advances it.
 */
class LightFaultTest {
    private final VirtualSim sim = new VirtualSim();

    @AfterEach
    void closeAll() throws Exception {
        sim.close();
    }

    private record Event(int light, Optional<LightFault> fault) {}

    private final List<Event> events = new CopyOnWriteArrayList<>();

    private LinkSession online(SimulatedBoard board) {
        LinkSession s = sim.start(new LoopbackTransport(board), LinkConfig.defaults());
        s.addListener(new BoardListener() {
            @Override
            public void onFault(BoardLink b, int light, Optional<LightFault> fault) {
                events.add(new Event(light, fault));
            }
        });
        sim.until(() -> s.status() == DeviceStatus.ONLINE, "the link online");
        return s;
    }

    @Test
    void aLightStuckFromBootIsShownFaultedAndTheBoardStillAnswers() throws Exception {
        SimulatedBoard board = sim.board(SimulatedBoard.builder().seed(41).faults(Faults.parse("stuck-light=3")));
        LinkSession s = online(board);
        sim.until(() -> s.faults().equals(Map.of(3, LightFault.OUTPUT_STUCK)), "light 3 faulted");
        // The light still takes commands: its state is the board's target.
        sim.done(s.set(3, new LightChange(true, null, null, null, null)));
        assertThat(s.reportedStates().get(3).on()).isTrue();
        assertThat(s.faults()).containsEntry(3, LightFault.OUTPUT_STUCK);
    }

    @Test
    void aFaultThatPersistsNeverBlinksOffAcrossAResetAndItsResync() {
        SimulatedBoard board = sim.board(SimulatedBoard.builder().seed(42).faults(Faults.parse("stuck-light=1")));
        LinkSession s = online(board);
        sim.until(() -> s.faults().containsKey(1), "light 1 faulted");
        board.faults().reset(); // new boot id: the host asks for every state again (sync STATE + FAULT)
        sim.until(
                () -> board.boots() == 2
                        && s.status() == DeviceStatus.ONLINE
                        && s.info().isPresent()
                        && s.info().get().bootId() == board.bootId(),
                "the second boot handled");
        board.faults().stickLight(0, true); // a marker: every frame before it has been handled once it shows
        sim.until(() -> s.faults().containsKey(0), "light 0 faulted");
        assertThat(events)
                .filteredOn(e -> e.light() == 1)
                .as("light 1's fault events")
                .allMatch(e -> e.fault().isPresent());
        assertThat(s.faults()).containsEntry(1, LightFault.OUTPUT_STUCK);
    }

    @Test
    void aLightThatGetsStuckAndRecoversIsReportedBothWays() {
        SimulatedBoard board = sim.board(43);
        LinkSession s = online(board);
        assertThat(s.faults()).isEmpty();
        board.faults().stickLight(2, true);
        sim.until(() -> s.faults().equals(Map.of(2, LightFault.OUTPUT_STUCK)), "light 2 faulted");
        board.faults().stickLight(2, false);
        sim.until(() -> s.faults().isEmpty(), "light 2 working again");
        assertThat(events)
                .containsExactly(new Event(2, Optional.of(LightFault.OUTPUT_STUCK)), new Event(2, Optional.empty()));
    }

    @Test
    void aLostFaultIsFoundByTheStateGenerationAndTheResync() {
        SimulatedBoard board = sim.board(44);
        LinkSession s = online(board);
        board.faults().loseNext(Frame.FAULT, 1);
        board.faults().stickLight(1, true); // lost: the next PONG's state_gen tells, STATE_REQ brings STATE + FAULT
        sim.until(() -> s.faults().containsKey(1), "light 1 faulted after the heartbeat's resync");
        board.faults().loseNext(Frame.FAULT, 1);
        board.faults().stickLight(1, false); // lost too: the sync STATE without a FAULT after it clears the fault
        sim.until(() -> s.faults().isEmpty(), "light 1 working again after the resync");
    }
}
