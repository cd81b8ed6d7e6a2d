package io.hilbridge.link;

import io.hilbridge.command.LightCommand;
import io.hilbridge.lights.BoardInfo;
import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.ErrorCode;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.LightFault;
import io.hilbridge.lights.LightState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link BoardLink} gives a link that has no queue or reset of its own (test doubles, tools): {@code set} with
 * {@link BoardLink#ALL_LIGHTS} addresses every light; {@code submitAll} submits each command and completes when all
 * have; {@code reset} is unsupported.
 */
class BoardLinkDefaultsTest {
    /** A board of one lamp that records the commands submitted and completes them when the test says. */
    private static final class Recorder implements BoardLink {
        final List<LightCommand> submitted = new ArrayList<>();
        final List<CompletableFuture<Void>> futures = new ArrayList<>();
        private final BoardInfo info = new BoardInfo(1, "rec", 1, ScriptedBoard.ONE_LAMP);

        @Override
        public String deviceId() {
            return "rec";
        }

        @Override
        public String transport() {
            return "recorder";
        }

        @Override
        public DeviceStatus status() {
            return DeviceStatus.ONLINE;
        }

        @Override
        public Optional<BoardInfo> info() {
            return Optional.of(info);
        }

        @Override
        public List<LightState> reportedStates() {
            return List.of(LightState.BOOT);
        }

        @Override
        public List<LightState> desiredStates() {
            return List.of(LightState.BOOT);
        }

        @Override
        public Map<Integer, LightFault> faults() {
            return Map.of();
        }

        @Override
        public boolean pending(int light) {
            return false;
        }

        @Override
        public CompletableFuture<Void> submit(LightCommand command) {
            submitted.add(command);
            CompletableFuture<Void> f = new CompletableFuture<>();
            futures.add(f);
            return f;
        }

        @Override
        public void addListener(BoardListener listener) {}

        @Override
        public void removeListener(BoardListener listener) {}

        @Override
        public LinkStats stats() {
            return new LinkCounters().stats();
        }

        @Override
        public void close() {}
    }

    private static final LightChange ON = new LightChange(true, null, null, null, null);

    @Test
    void setWithAllLightsAddressesEveryLight() {
        Recorder r = new Recorder();
        r.set(BoardLink.ALL_LIGHTS, ON);
        r.set(0, ON);
        assertThat(r.submitted).extracting(LightCommand::all).containsExactly(true, false);
        assertThat(r.submitted).extracting(LightCommand::lights).containsExactly(List.of(0), List.of(0));
    }

    @Test
    void submitAllSubmitsEachAndCompletesWhenAllHave() {
        Recorder r = new Recorder();
        r.set(0, ON);
        LightCommand one = r.submitted.get(0);
        CompletableFuture<Void> all = r.submitAll(List.of(one, one));
        assertThat(r.submitted).hasSize(3);
        r.futures.get(1).complete(null);
        assertThat(all).isNotDone();
        r.futures.get(2).complete(null);
        assertThat(all).isCompleted();
    }

    @Test
    void resetIsUnsupported() {
        CompletableFuture<Long> reset = new Recorder().reset();
        assertThat(reset).isCompletedExceptionally();
        CommandException e = LinkTestSupport.failure(reset.thenApply(id -> (Void) null));
        assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED);
        assertThat(e.getMessage()).isEqualTo("rec cannot be reset");
    }
}
