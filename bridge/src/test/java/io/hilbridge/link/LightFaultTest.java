package io.hilbridge.link;

import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.LightFault;
import io.hilbridge.sim.Faults;
import io.hilbridge.sim.LoopbackTransport;
import io.hilbridge.sim.SimulatedBoard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A light's hardware fault (FAULT, uart-link.md section 3) from the simulated board to LinkSession's view. */
class LightFaultTest {
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) closeables.get(i).close();
    }

    private record Event(int light, Optional<LightFault> fault) {}

    private final List<Event> events = new CopyOnWriteArrayList<>();

    private LinkSession online(SimulatedBoard board) {
        closeables.add(board);
        LinkSession s = LinkSession.start("board0", new LoopbackTransport(board), LinkConfig.defaults());
        closeables.add(s);
        s.addListener(new BoardListener() {
            @Override
            public void onFault(BoardLink b, int light, Optional<LightFault> fault) {
                events.add(new Event(light, fault));
            }
        });
        await("the link online").atMost(Duration.ofSeconds(10)).until(() -> s.status() == DeviceStatus.ONLINE);
        return s;
    }

    @Test
    void aLightStuckFromBootIsShownFaultedAndTheBoardStillAnswers() throws Exception {
        SimulatedBoard board = SimulatedBoard.builder()
                .baud(0)
                .seed(41)
                .faults(Faults.parse("stuck-light=3"))
                .build();
        LinkSession s = online(board);
        await("light 3 faulted")
                .atMost(Duration.ofSeconds(10))
                .until(() -> s.faults().equals(Map.of(3, LightFault.OUTPUT_STUCK)));
        // The light still takes commands: its state is the board's target.
        s.set(3, new LightChange(true, null, null, null, null)).get(5, TimeUnit.SECONDS);
        assertThat(s.reportedStates().get(3).on()).isTrue();
        assertThat(s.faults()).containsEntry(3, LightFault.OUTPUT_STUCK);
    }

    @Test
    void aFaultThatPersistsNeverBlinksOffAcrossAResetAndItsResync() {
        SimulatedBoard board = SimulatedBoard.builder()
                .baud(0)
                .seed(42)
                .faults(Faults.parse("stuck-light=1"))
                .build();
        LinkSession s = online(board);
        await("light 1 faulted")
                .atMost(Duration.ofSeconds(10))
                .until(() -> s.faults().containsKey(1));
        board.faults().reset(); // new boot id: the host asks for every state again (sync STATE + FAULT)
        await("the second boot handled")
                .atMost(Duration.ofSeconds(10))
                .until(() -> board.boots() == 2
                        && s.status() == DeviceStatus.ONLINE
                        && s.info().isPresent()
                        && s.info().get().bootId() == board.bootId());
        board.faults().stickLight(0, true); // a marker: every frame before it has been handled once it shows
        await("light 0 faulted")
                .atMost(Duration.ofSeconds(10))
                .until(() -> s.faults().containsKey(0));
        assertThat(events)
                .filteredOn(e -> e.light() == 1)
                .as("light 1's fault events")
                .allMatch(e -> e.fault().isPresent());
        assertThat(s.faults()).containsEntry(1, LightFault.OUTPUT_STUCK);
    }

    @Test
    void aLightThatGetsStuckAndRecoversIsReportedBothWays() {
        SimulatedBoard board = SimulatedBoard.builder().baud(0).seed(43).build();
        LinkSession s = online(board);
        assertThat(s.faults()).isEmpty();
        board.faults().stickLight(2, true);
        await("light 2 faulted")
                .atMost(Duration.ofSeconds(10))
                .until(() -> s.faults().equals(Map.of(2, LightFault.OUTPUT_STUCK)));
        board.faults().stickLight(2, false);
        await("light 2 working again")
                .atMost(Duration.ofSeconds(10))
                .until(() -> s.faults().isEmpty());
        assertThat(events)
                .containsExactly(new Event(2, Optional.of(LightFault.OUTPUT_STUCK)), new Event(2, Optional.empty()));
    }

    @Test
    void aLostFaultIsFoundByTheStateGenerationAndTheResync() {
        SimulatedBoard board = SimulatedBoard.builder().baud(0).seed(44).build();
        LinkSession s = online(board);
        board.faults().loseNext(Frame.FAULT, 1);
        board.faults().stickLight(1, true); // lost: the next PONG's state_gen tells, STATE_REQ brings STATE + FAULT
        await("light 1 faulted after the heartbeat's resync")
                .atMost(Duration.ofSeconds(10))
                .until(() -> s.faults().containsKey(1));
        board.faults().loseNext(Frame.FAULT, 1);
        board.faults().stickLight(1, false); // lost too: the sync STATE without a FAULT after it clears the fault
        await("light 1 working again after the resync")
                .atMost(Duration.ofSeconds(10))
                .until(() -> s.faults().isEmpty());
    }
}
