package io.hilbridge.link;

import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.DeviceStatus;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Helpers shared by the link's tests. */
final class LinkTestSupport {
    private LinkTestSupport() {}

    /** Waits (20 s at most) for a command that must fail, and returns why it failed. */
    static CommandException failure(CompletableFuture<Void> f) {
        try {
            f.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(CommandException.class);
            return (CommandException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected the command to fail, it succeeded");
    }

    /** Every status the link reports from now on, in order. */
    static List<DeviceStatus> recordStatuses(BoardLink link) {
        List<DeviceStatus> statuses = new CopyOnWriteArrayList<>();
        link.addListener(new BoardListener() {
            @Override
            public void onStatus(BoardLink b, DeviceStatus status) {
                statuses.add(status);
            }
        });
        return statuses;
    }
}
