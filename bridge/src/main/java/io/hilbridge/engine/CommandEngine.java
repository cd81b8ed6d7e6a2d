package io.hilbridge.engine;

import io.hilbridge.command.CommandErrors;
import io.hilbridge.command.CommandValidator;
import io.hilbridge.command.LightCommand;
import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.LightChange;
import io.hilbridge.link.BoardLink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Changes lights and resets boards for every front-end (see the package comment for the deadline rule). Each
 * future it returns always completes, normally or with a {@link CommandException} (never another type).
 *
 * <p>Thread-safety: immutable after construction; every method may be called from any thread and returns without
 * waiting for a board.
 */
public final class CommandEngine {
    private static final Logger log = LoggerFactory.getLogger(CommandEngine.class);

    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(10);
    /** A reset waits this much longer than a command: the board must boot and the state be replayed. */
    public static final Duration RESET_EXTRA_WAIT = Duration.ofSeconds(20);

    private final Map<String, BoardLink> boards;
    private final Duration commandTimeout;

    /** {@code commandTimeout}: the longest a command waits for its board before it ends with {@code timeout}. */
    public CommandEngine(List<BoardLink> boards, Duration commandTimeout) {
        if (boards.isEmpty()) throw new IllegalArgumentException("at least one board is required");
        Map<String, BoardLink> byId = new LinkedHashMap<>();
        for (BoardLink b : boards) {
            if (byId.putIfAbsent(b.deviceId(), b) != null) {
                throw new IllegalArgumentException("two boards share the device id " + b.deviceId());
            }
        }
        this.boards = Collections.unmodifiableMap(byId);
        this.commandTimeout = commandTimeout;
    }

    /** The boards in the order they were given (the first is the default device). */
    public List<BoardLink> boards() {
        return List.copyOf(boards.values());
    }

    /** The board with this id (null: the first), or {@code unknown_device}. */
    public BoardLink board(String idOrNull) {
        if (idOrNull == null) return boards.values().iterator().next();
        BoardLink b = boards.get(idOrNull);
        if (b == null) throw CommandErrors.unknownDevice(idOrNull, boards.keySet());
        return b;
    }

    /**
     * Checks a change for a device (null: the first) and {@code all} its lights or the lights {@code ids}, against
     * the board's last HELLO. Throws {@link CommandException} when a rule fails; the field rules come before the
     * device's, so a malformed change reads the same for every device.
     */
    public LightCommand validate(String deviceOrNull, boolean all, List<Integer> ids, LightChange change) {
        CommandValidator.checkChange(change);
        BoardLink board = board(deviceOrNull);
        return CommandValidator.validate(board.deviceId(), board.info().orElse(null), board.status(), all, ids, change);
    }

    /**
     * Sends a validated command. Completes once the board has acknowledged every addressed light, or with the
     * first failure, at the latest after the command timeout.
     */
    public CompletableFuture<Void> submit(LightCommand command) {
        return withDeadline(() -> board(command.deviceId()).submit(command), commandTimeout);
    }

    /** {@link #validate} then {@link #submit}; a broken rule fails the future instead of throwing. */
    public CompletableFuture<Void> execute(String deviceOrNull, boolean all, List<Integer> ids, LightChange change) {
        LightCommand command;
        try {
            command = validate(deviceOrNull, all, ids, change);
        } catch (CommandException e) {
            return CompletableFuture.failedFuture(e);
        }
        return submit(command);
    }

    /**
     * Sets every light of a device to its own change ({@code changes.get(i)} for light i, as a scene does), all or
     * nothing: every change is checked by {@link CommandValidator#validateEach} before any is sent, and the link
     * queues them in one step ({@link BoardLink#submitAll}). Completes once the board has acknowledged every light,
     * or with the first failure, at the latest after the command timeout.
     */
    public CompletableFuture<Void> executeEach(String deviceOrNull, List<LightChange> changes) {
        List<LightCommand> commands;
        try {
            BoardLink board = board(deviceOrNull);
            commands =
                    CommandValidator.validateEach(board.deviceId(), board.info().orElse(null), board.status(), changes);
        } catch (CommandException e) {
            return CompletableFuture.failedFuture(e);
        }
        return withDeadline(() -> board(commands.get(0).deviceId()).submitAll(commands), commandTimeout);
    }

    /**
     * Resets a device (null: the first) and waits until it is back with a new boot id and its desired state replayed
     * (uart-link.md section 5, "Reset on request"). Completes with the new boot id, or with unknown_device,
     * device_offline, unsupported, reset_failed or timeout.
     */
    public CompletableFuture<Long> reset(String deviceOrNull) {
        return withDeadline(() -> board(deviceOrNull).reset(), commandTimeout.plus(RESET_EXTRA_WAIT));
    }

    /** The one deadline: {@code start}'s future, ended with {@code timeout} if it has not completed after {@code wait}. */
    private static <T> CompletableFuture<T> withDeadline(Supplier<CompletableFuture<T>> start, Duration wait) {
        CompletableFuture<T> started;
        try {
            started = start.get();
        } catch (CommandException e) {
            return CompletableFuture.failedFuture(e);
        } catch (RuntimeException e) {
            log.warn("a board refused a command by throwing", e);
            return CompletableFuture.failedFuture(CommandErrors.linkFailed(e));
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        started.copy().orTimeout(wait.toMillis(), TimeUnit.MILLISECONDS).whenComplete((v, e) -> {
            if (e == null) result.complete(v);
            else result.completeExceptionally(asCommandException(e, wait));
        });
        return result;
    }

    private static CommandException asCommandException(Throwable e, Duration wait) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof CommandException ce) return ce;
        if (e instanceof TimeoutException) return CommandErrors.deadlinePassed(wait.toMillis());
        log.warn("command failed unexpectedly", e);
        return CommandErrors.linkFailed(e);
    }
}
