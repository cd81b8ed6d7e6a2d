package io.hilbridge.link;

import io.hilbridge.command.CommandErrors;
import io.hilbridge.concurrent.SerialExecutor;
import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.ErrorCode;
import io.hilbridge.serial.BoardReset;
import io.hilbridge.serial.SerialTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static io.hilbridge.concurrent.SerialExecutor.cancel;

/**
 * The reset on request (uart-link.md section 5, "Reset on request"): by the transport's {@link BoardReset}, else
 * REBOOT_REQ with retransmits; then the board's HELLO with a new boot id, and the reset ends once the replay has
 * brought it online. The state of the reset in progress is a {@link ResetRun}.
 *
 * <p>Thread-safety: confined to the tasks of its {@link LinkSession} (see there).
 */
final class LinkReset {
    private static final Logger log = LoggerFactory.getLogger(LinkSession.class);

    private final LinkSession link;
    private final String deviceId;
    private final SerialTransport transport;
    private final LinkConfig config;
    private final SerialExecutor exec;
    private final LinkCounters counters;
    private final BoardModel model;
    /** The reset in progress, or null. */
    private ResetRun reset;

    LinkReset(
            LinkSession link,
            String deviceId,
            SerialTransport transport,
            LinkConfig config,
            SerialExecutor exec,
            LinkCounters counters,
            BoardModel model) {
        this.link = link;
        this.deviceId = deviceId;
        this.transport = transport;
        this.config = config;
        this.exec = exec;
        this.counters = counters;
        this.model = model;
    }

    /** True while a reset runs. */
    boolean running() {
        return reset != null;
    }

    /** True while a reset runs and the board has not come back with a new boot: nothing new is sent to it. */
    boolean awaitingNewBoot() {
        return reset != null && !reset.newBoot;
    }

    /** Whether an ACK or NACK with this seq answers the REBOOT_REQ in flight. */
    boolean answers(int ackSeq) {
        return reset != null && reset.byFrame && ackSeq == reset.rebootSeq;
    }

    /**
     * Starts a reset, or returns the one running. {@code requested}: a client asked, so the board must be online;
     * otherwise ({@code --reset-on-open}) the port has just been opened.
     */
    ResetRun start(boolean requested) {
        if (link.connection.closed()) throw CommandErrors.linkClosed(deviceId);
        if (reset != null) return reset;
        DeviceStatus status = link.status();
        // Online or resyncing implies an open port and a HELLO (a loss of contact sets offline at once).
        if (requested && status != DeviceStatus.ONLINE && status != DeviceStatus.RESYNCING) {
            throw LinkSession.offline(deviceId + " is " + status.apiName() + "; it can be reset once it is online");
        }
        Optional<BoardReset> way = transport.boardReset();
        ResetRun run = new ResetRun(model.bootId, way.isEmpty());
        reset = run;
        run.deadline =
                exec.schedule(() -> deadlinePassed(run), config.resetTimeout().toMillis(), TimeUnit.MILLISECONDS);
        if (way.isPresent()) {
            log.info("{}: resetting the board ({})", deviceId, way.get().describe());
            link.connection.goneForReset();
            exec.executeAtHome(() -> resetByTransport(run, way.get())); // the pulse blocks: on the link's thread
        } else {
            log.info("{}: asking the board's firmware to restart (REBOOT_REQ)", deviceId);
            run.rebootSeq = link.nextSeq();
            run.rebootWire = FrameEncoder.encode(Frame.REBOOT_REQ, run.rebootSeq, new byte[0]);
            transmitReboot(run);
        }
        return run;
    }

    private void resetByTransport(ResetRun run, BoardReset way) {
        if (reset != run) return;
        try {
            way.reset();
        } catch (java.io.IOException | RuntimeException e) {
            finish(run, LinkSession.offline("could not reset " + deviceId + ": " + e.getMessage()));
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finish(run, LinkSession.offline("resetting " + deviceId + " was interrupted"));
            return;
        }
        run.restarting = true;
        if (link.connection.isOpen()) link.connection.startHandshake(); // else the reconnect starts it
    }

    private void transmitReboot(ResetRun run) {
        run.transmissions++;
        link.send(run.rebootWire, 0);
        run.retransmitTimer = exec.schedule(
                () -> onRebootTimer(run), config.rto(run.transmissions).toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Cancelled when the reset ends and when the board restarts (a cancelled timer never runs). */
    private void onRebootTimer(ResetRun run) {
        if (run.transmissions <= config.retries()) {
            counters.retransmits.incrementAndGet();
            transmitReboot(run);
            return;
        }
        finish(
                run,
                new CommandException(
                        ErrorCode.TIMEOUT,
                        "the board did not answer REBOOT_REQ after " + run.transmissions + " transmissions"));
    }

    /** The board acknowledged REBOOT_REQ ({@link #answers} was true): it restarts now. */
    void onRebootAcked() {
        ResetRun run = reset;
        if (run.restarting) return;
        run.restarting = true;
        cancel(run.retransmitTimer);
        link.connection.goneForReset();
        link.connection.startHandshake();
    }

    /** The board refused REBOOT_REQ ({@link #answers} was true). */
    void onRebootRefused(int code) {
        ResetRun run = reset;
        if (run.restarting) return;
        if (code == Messages.NACK_MALFORMED) return; // corrupted on the wire: the retransmit timer sends it again
        finish(
                run,
                code == Messages.NACK_UNKNOWN_TYPE
                        ? new CommandException(
                                ErrorCode.UNSUPPORTED,
                                "the board's firmware cannot restart on request "
                                        + "(it answered REBOOT_REQ with NACK unknown_type); update it, or reset the board by hand")
                        : new CommandException(
                                ErrorCode.NACK,
                                "nack:" + Messages.nackName(code),
                                "the board refused REBOOT_REQ: " + Messages.nackName(code)));
    }

    /**
     * Whether a HELLO is to be taken in: always when no reset waits for a new boot. While one does, true when it is
     * the new boot (the reset goes on as after any reboot); a HELLO with the old boot id is kept aside (it may
     * predate the reset; if nothing else comes, it shows the reset did nothing).
     */
    boolean admitsHello(Messages.Hello hello, long helloBootId) {
        ResetRun run = reset;
        if (run == null || run.newBoot) return true;
        if (!run.isNewBoot(helloBootId)) {
            if (run.restarting) run.staleHello = hello;
            log.debug("{}: HELLO with the old boot id while resetting", deviceId);
            return false;
        }
        run.newBoot = true;
        run.restarting = true;
        cancel(run.retransmitTimer);
        DeviceStatus status = link.status();
        if (status == DeviceStatus.ONLINE || status == DeviceStatus.RESYNCING) {
            link.connection.goneForReset(); // its ACK was lost
        }
        return true;
    }

    /** The link is online: a reset that saw the new boot is done. */
    void online() {
        if (reset != null && reset.newBoot) finish(reset, null);
    }

    /** The link is closing: the reset in progress fails with {@code error}. */
    void abort(CommandException error) {
        if (reset != null) finish(reset, error);
    }

    /** Cancelled when the reset ends. */
    private void deadlinePassed(ResetRun run) {
        long ms = config.resetTimeout().toMillis();
        if (run.newBoot) {
            finish(
                    run,
                    new CommandException(
                            ErrorCode.TIMEOUT,
                            deviceId + " is back (new boot id) but "
                                    + "replaying its desired state did not finish within " + ms + " ms"));
        } else if (run.staleHello != null) {
            finish(
                    run,
                    new CommandException(
                            ErrorCode.RESET_FAILED,
                            deviceId + " answered with the boot id "
                                    + "it had before: the reset had no effect (are the port's DTR/RTS lines wired to the chip's EN "
                                    + "pin? an inverting driver? see docs/serial-lines.md)"));
        } else {
            finish(
                    run,
                    new CommandException(
                            ErrorCode.TIMEOUT,
                            deviceId + " did not come back within " + ms
                                    + " ms of the reset; the bridge keeps waiting for its HELLO"));
        }
    }

    /** Ends the reset: success once the board is online with a new boot id, else the error. */
    private void finish(ResetRun run, CommandException error) {
        if (reset != run) return;
        reset = null;
        cancel(run.retransmitTimer);
        cancel(run.deadline);
        if (error == null) {
            log.info("{}: reset done, boot id {}", deviceId, Long.toHexString(model.bootId));
            run.done.complete(model.bootId);
        } else {
            log.warn("{}: reset failed: {}", deviceId, error.getMessage());
            run.done.completeExceptionally(error);
            if (run.staleHello != null) {
                link.inbound.onHello(run.staleHello); // the board is there, as it was: carry on with it
            } else {
                link.connection.lookForBoardIfNobodyDoes();
            }
        }
        link.window.pump();
    }
}
