package io.hilbridge.link;

import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.ErrorCode;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.LightState;
import io.hilbridge.lights.Rgb;
import io.hilbridge.serial.ForwardingTransport;
import io.hilbridge.serial.SerialTransport;
import io.hilbridge.serial.WithBoardReset;
import io.hilbridge.sim.LoopbackTransport;
import io.hilbridge.sim.SimulatedBoard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.hilbridge.link.LinkTestSupport.recordStatuses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reset on request (uart-link.md section 5) against the in-process simulated board: by its reset line and by
 * REBOOT_REQ, the board comes back with a new boot id and the desired state replayed; every failure is a clear error.
 * Link and board run on virtual time ({@link VirtualSim}): retransmissions and the reset's deadline pass as the test
 * advances it.
 */
class LinkResetTest {
    private final VirtualSim sim = new VirtualSim();
    private static final LightChange GREEN = new LightChange(true, 77, new Rgb(0, 255, 0), null, null);

    @AfterEach
    void closeAll() throws Exception {
        sim.close();
    }

    private SimulatedBoard board() {
        return sim.board(7);
    }

    private LinkSession link(SerialTransport t, LinkConfig config) {
        return sim.online(t, config);
    }

    private CommandException failure(CompletableFuture<?> f) {
        return sim.failure(f);
    }

    private <T> T done(CompletableFuture<T> f) throws Exception {
        return sim.done(f);
    }

    private void resetComesBackWithANewBootAndTheStateReplayed(boolean resetLine) throws Exception {
        SimulatedBoard board = board();
        LinkSession s = link(new LoopbackTransport(board, resetLine), LinkConfig.defaults());
        done(s.set(2, GREEN));
        LightState green = LightState.BOOT.apply(GREEN);
        long oldBoot = board.bootId();
        List<DeviceStatus> statuses = recordStatuses(s);

        long newBoot = done(s.reset());

        assertThat(newBoot)
                .isNotEqualTo(oldBoot)
                .isEqualTo(board.bootId())
                .isEqualTo(s.info().orElseThrow().bootId());
        assertThat(board.boots()).isEqualTo(2);
        assertThat(board.rebootsRequested()).isEqualTo(resetLine ? 0 : 1);
        // Success means back and replayed: the board shows the light as the client left it, before anything else.
        assertThat(board.lights().get(2)).isEqualTo(green);
        assertThat(s.reportedStates().get(2)).isEqualTo(green);
        assertThat(s.status()).isEqualTo(DeviceStatus.ONLINE);
        assertThat(statuses).startsWith(DeviceStatus.OFFLINE).endsWith(DeviceStatus.ONLINE);
        assertThat(s.stats().resets()).isEqualTo(1);
        done(s.set(0, new LightChange(true, null, null, null, null))); // commands flow again
        assertThat(s.internalErrors()).isZero();
    }

    @Test
    void resetByTheBoardsResetLine() throws Exception {
        resetComesBackWithANewBootAndTheStateReplayed(true);
    }

    @Test
    void resetByRebootRequest() throws Exception {
        resetComesBackWithANewBootAndTheStateReplayed(false);
    }

    @Test
    void twoResetsAtOnceShareOneRestart() throws Exception {
        SimulatedBoard board = board();
        LinkSession s = link(new LoopbackTransport(board, false), LinkConfig.defaults());
        board.faults().stall(); // the first REBOOT_REQ is lost, so the reset is still running when the second comes
        CompletableFuture<Long> a = s.reset();
        CompletableFuture<Long> b = s.reset();
        assertThat(a).isNotDone();
        board.faults().unstall(); // the retransmission gets through
        assertThat(done(a)).isEqualTo(done(b));
        assertThat(board.rebootsRequested()).isEqualTo(1);
    }

    @Test
    void aSetWhileTheResetRunsIsRefusedAndTheResetStillSucceeds() throws Exception {
        SimulatedBoard board = board();
        LinkSession s = link(new LoopbackTransport(board, false), LinkConfig.defaults());
        board.faults().stall(); // REBOOT_REQ lost for now: the reset stays in progress
        CompletableFuture<Long> reset = s.reset();
        CommandException e = failure(s.set(0, new LightChange(true, null, null, null, null)));
        assertThat(e.code()).isEqualTo(ErrorCode.DEVICE_OFFLINE);
        assertThat(e.getMessage()).contains("being reset");
        board.faults().unstall();
        assertThat(done(reset)).isEqualTo(board.bootId());
        assertThat(board.lights().get(0).on())
                .as("the refused SET never reached the board")
                .isFalse();
    }

    @Test
    void aBoardWithItsOwnResetIsResetThatWay() throws Exception {
        SimulatedBoard board = board();
        java.util.concurrent.atomic.AtomicInteger pulled = new java.util.concurrent.atomic.AtomicInteger();
        // As an emulated board plugs in its emulator's reset: here the simulated board's power.
        SerialTransport own = new WithBoardReset(new LoopbackTransport(board, false), "power cycle", () -> {
            pulled.incrementAndGet();
            board.faults().reset();
        });
        LinkSession s = link(own, LinkConfig.defaults());
        assertThat(done(s.reset())).isEqualTo(board.bootId());
        assertThat(pulled.get()).isEqualTo(1);
        assertThat(board.rebootsRequested())
                .as("not asked through the firmware")
                .isZero();
        assertThat(board.boots()).isEqualTo(2);
    }

    @Test
    void aCommandWaitingForTheBoardFailsWhenTheResetBegins() throws Exception {
        SimulatedBoard board = board();
        SerialTransport own = new WithBoardReset(new LoopbackTransport(board, false), "power cycle", () -> {
            board.faults().unstall();
            board.faults().reset();
        });
        LinkSession s = link(own, LinkConfig.defaults());
        board.faults().stall(); // keeps the SET in flight until the board is reset
        CompletableFuture<Void> waiting = s.set(2, GREEN);
        sim.until(() -> s.pending(2), "the SET to be in flight");
        CompletableFuture<Long> reset = s.reset();
        CommandException e = failure(waiting);
        assertThat(e.code()).isEqualTo(ErrorCode.DEVICE_OFFLINE);
        assertThat(e.getMessage()).isEqualTo("device board0 is being reset; try again when it is online");
        assertThat(done(reset)).isEqualTo(board.bootId());
    }

    @Test
    void resetOfAnOfflineBoardIsDeviceOffline() {
        SimulatedBoard board = board();
        LinkSession s = link(new LoopbackTransport(board), LinkConfig.defaults());
        board.faults().unplug();
        sim.until(() -> s.status() == DeviceStatus.OFFLINE, "the link offline");
        CommandException e = failure(s.reset());
        assertThat(e.code()).isEqualTo(ErrorCode.DEVICE_OFFLINE);
        assertThat(e.getMessage()).contains("offline");
        assertThat(board.boots()).isEqualTo(1);
    }

    @Test
    void aResetLineThatDoesNothingIsReportedAsNoEffectAndTheBoardCarriesOn() throws Exception {
        SimulatedBoard board = board();
        // Lines not wired to EN, or an inverting driver: the "reset" happens and the board never notices.
        SerialTransport deadLine =
                new WithBoardReset(new LoopbackTransport(board, false), "a reset line wired to nothing", () -> {});
        LinkSession s = link(
                deadLine,
                LinkConfig.defaults().toBuilder()
                        .resetTimeout(Duration.ofSeconds(2))
                        .build());
        done(s.set(1, new LightChange(true, 10, null, null, null)));
        CommandException e = failure(s.reset());
        assertThat(e.code()).isEqualTo(ErrorCode.RESET_FAILED);
        assertThat(e.getMessage()).contains("no effect");
        assertThat(board.boots()).isEqualTo(1);
        sim.until(() -> s.status() == DeviceStatus.ONLINE, "the link online again");
        done(s.set(1, new LightChange(null, 20, null, null, null)));
        assertThat(board.lights().get(1).brightness()).isEqualTo(20);
    }

    @Test
    void firmwareThatCannotRestartIsUnsupportedAndNothingElseChanges() throws Exception {
        SimulatedBoard board = board();
        LinkSession s = link(new OldFirmware(new LoopbackTransport(board, false)), LinkConfig.defaults());
        List<DeviceStatus> statuses = recordStatuses(s);
        CommandException e = failure(s.reset());
        assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED);
        assertThat(e.getMessage()).contains("cannot restart");
        assertThat(statuses).isEmpty(); // never offline: the board said no at once
        done(s.set(0, new LightChange(true, null, null, null, null)));
        assertThat(board.boots()).isEqualTo(1);
    }

    @Test
    void resetOnOpenStartsFromAFreshBoot() throws Exception {
        SimulatedBoard board = board();
        long bootBefore = board.bootId();
        LinkSession s = link(
                new LoopbackTransport(board, false),
                LinkConfig.defaults().toBuilder().resetOnOpen(true).build());
        assertThat(board.rebootsRequested()).isEqualTo(1);
        assertThat(s.info().orElseThrow().bootId()).isEqualTo(board.bootId()).isNotEqualTo(bootBefore);
    }

    @Test
    void resetOnOpenWithFirmwareThatCannotRestartStillConnects() {
        SimulatedBoard board = board();
        LinkSession s = link(
                new OldFirmware(new LoopbackTransport(board, false)),
                LinkConfig.defaults().toBuilder().resetOnOpen(true).build());
        assertThat(s.info().orElseThrow().bootId()).isEqualTo(board.bootId());
        assertThat(board.boots()).isEqualTo(1);
    }

    /** Firmware from before REBOOT_REQ: the frame arrives as a type the board does not know. */
    private static final class OldFirmware extends ForwardingTransport {
        private final WrittenFrames written = WrittenFrames.strict();

        OldFirmware(SerialTransport inner) {
            super(inner);
        }

        @Override
        public boolean write(byte[] data) {
            List<byte[]> out = new ArrayList<>();
            for (Frame f : written.feed(data)) {
                int type = f.type() == Frame.REBOOT_REQ ? 0x42 : f.type();
                out.add(FrameEncoder.encode(type, f.seq(), f.payload()));
            }
            boolean ok = true;
            for (byte[] w : out) ok &= inner.write(w);
            return ok;
        }
    }
}
