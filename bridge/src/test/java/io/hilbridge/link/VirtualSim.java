package io.hilbridge.link;

import io.hilbridge.concurrent.VirtualClock;
import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.serial.SerialTransport;
import io.hilbridge.sim.SimulatedBoard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Links and simulated boards on one {@link VirtualClock}, for tests of the link's rules that involve its timers: the
 * board has no threads (its wires deliver on the sender's thread), so the whole exchange runs on the test's thread
 * and time moves only in {@link #until}, a millisecond at a time. A wait that never ends fails after {@link #PATIENCE}
 * of virtual time (milliseconds of real time), naming what it waited for.
 *
 * <p>Thread-safety: one test's thread only.
 */
final class VirtualSim implements AutoCloseable {
    /** Virtual time a wait may take before the test fails: longer than any of the link's deadlines. */
    static final Duration PATIENCE = Duration.ofSeconds(60);

    private static final Duration STEP = Duration.ofMillis(1);

    final VirtualClock clock = new VirtualClock();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    /** An unthrottled simulated board on this clock. */
    SimulatedBoard board(long seed) {
        return board(SimulatedBoard.builder().seed(seed));
    }

    /** The board {@code b} describes, unthrottled, on this clock. */
    SimulatedBoard board(SimulatedBoard.Builder b) {
        SimulatedBoard board = b.baud(0).ticker(clock).build();
        closeables.add(board);
        return board;
    }

    /** A link to "board0" on this clock, started and not awaited. */
    LinkSession start(SerialTransport transport, LinkConfig config) {
        return start("board0", transport, config);
    }

    /** A link to {@code deviceId} on this clock, started and not awaited. */
    LinkSession start(String deviceId, SerialTransport transport, LinkConfig config) {
        LinkSession s = LinkSession.start(deviceId, transport, config, clock);
        closeables.add(s);
        return s;
    }

    /** A link on this clock, online. */
    LinkSession online(SerialTransport transport, LinkConfig config) {
        LinkSession s = start(transport, config);
        until(() -> s.status() == DeviceStatus.ONLINE, "the link online");
        return s;
    }

    /** Advances virtual time a millisecond at a time until {@code condition} holds; fails after {@link #PATIENCE}. */
    void until(BooleanSupplier condition, String what) {
        long steps = PATIENCE.dividedBy(STEP);
        for (long i = 0; !condition.getAsBoolean(); i++) {
            if (i == steps) throw new AssertionError("waited " + PATIENCE + " of virtual time for " + what);
            clock.advance(STEP);
        }
    }

    /** Advances virtual time by {@code d} (work due runs on the way). */
    void advance(Duration d) {
        clock.advance(d);
    }

    /** The value of {@code f}, advancing virtual time until it completes; fails if it failed. */
    <T> T done(CompletableFuture<T> f) throws ExecutionException, InterruptedException {
        until(f::isDone, "the command to complete");
        return f.get();
    }

    /** Why {@code f} failed, advancing virtual time until it completes; fails if it succeeded. */
    CommandException failure(CompletableFuture<?> f) {
        until(f::isDone, "the command to fail");
        try {
            f.get();
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(CommandException.class);
            return (CommandException) e.getCause();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected the command to fail, it succeeded");
    }

    /** Closes the links and boards, the last made first. */
    @Override
    public void close() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) closeables.get(i).close();
    }
}
