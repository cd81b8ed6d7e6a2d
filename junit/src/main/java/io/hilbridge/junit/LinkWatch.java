package io.hilbridge.junit;

import io.hilbridge.lights.BoardInfo;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.LightFault;
import io.hilbridge.link.BoardLink;
import io.hilbridge.link.BoardListener;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Watches an in-process bridge's link to its board: every status change, hello, fault and log line goes to
 * {@link RecentEvents} (confirmed states come from the test's client, which a failing assertion has already heard:
 * this listener may be told after it); {@link #nextBoot()} lets a fault wait for the board's next boot.
 *
 * <p>Thread-safe: the link calls the listener on its own thread; {@link #nextBoot} from any.
 */
final class LinkWatch implements BoardListener {
    private final RecentEvents events;
    private volatile CompletableFuture<Long> boot = new CompletableFuture<>();

    LinkWatch(RecentEvents events) {
        this.events = events;
    }

    /** Starts watching {@code link}, first noting what it is now (its first HELLO may have come already). */
    void watch(BoardLink link) {
        link.addListener(this);
        events.add(
                link.deviceId(),
                "link " + link.status() + " via " + link.transport()
                        + link.info()
                                .map(i -> ", firmware " + i.firmwareVersion() + ", boot id "
                                        + Long.toHexString(i.bootId()))
                                .orElse(""));
    }

    /** A future of the next HELLO's boot id; take it before causing the boot. */
    CompletableFuture<Long> nextBoot() {
        CompletableFuture<Long> f = new CompletableFuture<>();
        boot = f;
        return f;
    }

    /** Waits for {@code boot} within {@code timeout}; the failure says what was waited for. */
    static long await(CompletableFuture<Long> boot, Duration timeout, String what) {
        try {
            return boot.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(
                    "the board did not boot again (HELLO with a new boot id) within " + timeout + " after " + what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the board's boot after " + what, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void onHello(BoardLink board, BoardInfo info) {
        events.add(
                board.deviceId(),
                "HELLO firmware " + info.firmwareVersion() + ", boot id " + Long.toHexString(info.bootId()) + ", "
                        + info.lights().size() + " lights");
        boot.complete(info.bootId());
    }

    @Override
    public void onFault(BoardLink board, int light, Optional<LightFault> fault) {
        events.add(
                board.deviceId(),
                "light " + light + " fault " + fault.map(Object::toString).orElse("cleared"));
    }

    @Override
    public void onStatus(BoardLink board, DeviceStatus status) {
        events.add(board.deviceId(), "link " + status);
    }

    @Override
    public void onLog(BoardLink board, int level, String text) {
        events.add(board.deviceId(), "log[" + level + "] " + text);
    }
}
