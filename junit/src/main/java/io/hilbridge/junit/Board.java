package io.hilbridge.junit;

import io.hilbridge.client.Ack;
import io.hilbridge.client.Device;
import io.hilbridge.client.DeviceHandle;
import io.hilbridge.client.DeviceStatus;
import io.hilbridge.client.ErrorCode;
import io.hilbridge.client.HilbridgeException;
import io.hilbridge.client.LightChange;
import io.hilbridge.client.Lights;
import io.hilbridge.client.LogLine;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * One board of the bridge under test: its lights for the assertions, commands, and its faults. Injected as a test
 * parameter (the board under test) or from {@link Hilbridge#board()}.
 *
 * <p>Thread-safe: holds only the rig and the device id.
 */
public final class Board {
    private final BoardRig rig;
    private final TestRun run;
    private final String id;

    Board(BoardRig rig, TestRun run, String id) {
        this.rig = rig;
        this.run = run;
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Light {@code light} of this board, for {@link HilbridgeAssertions#assertThat}. */
    public LightHandle light(int light) {
        return new LightHandle(this, light);
    }

    /** The board as the client sees it now (lights, capabilities, status). */
    public Device info() {
        return handle().info();
    }

    public int lightCount() {
        return info().lights().size();
    }

    /** Sends a change; the future completes once the board confirmed it (or fails with the API's error code). */
    public CompletableFuture<Ack> set(int light, LightChange change) {
        return handle().set(light, change);
    }

    /** Sends a change and waits for the board's confirmation (the client's command deadline). */
    public Ack confirm(int light, LightChange change) {
        return handle().confirm(light, change);
    }

    public Ack confirm(Lights lights, LightChange change) {
        return handle().confirm(lights, change);
    }

    /** The board's faults: line noise, unplug, reset with boot text, button press. */
    public BoardFaults faults() {
        return new BoardFaults(rig);
    }

    /** Waits until the board is online, e.g. after {@link BoardFaults#unplugFor}. */
    public void awaitOnline(Duration timeout) {
        handle().awaitStatus(DeviceStatus.ONLINE, timeout);
    }

    /**
     * Waits for a line of the board's log (a LOG frame, or boot text such as the ESP32 ROM's banner) that
     * {@code pattern} finds, logged since this test started and after the line the previous {@code awaitLog} of
     * this test matched (expect-style: a line logged before this call still counts). A timeout fails the test with
     * the pattern, the board's last log lines and where the link trace is.
     */
    public LogLine awaitLog(Pattern pattern, Duration timeout) {
        try {
            return handle().awaitLog(pattern, timeout);
        } catch (HilbridgeException e) {
            if (e.errorCode() != ErrorCode.CLIENT_TIMEOUT) throw e;
            throw new AssertionError(e.getMessage() + "\n  " + run.traceLine(), e);
        }
    }

    /** {@link #awaitLog(Pattern, Duration)} with a regular expression. */
    public LogLine awaitLog(String regex, Duration timeout) {
        return awaitLog(Pattern.compile(regex), timeout);
    }

    /** The board's log lines the kit's client received (the last 1,000), oldest first. */
    public List<LogLine> log() {
        return handle().logLines();
    }

    /** The client's handle of this device, for anything the kit does not wrap. */
    public DeviceHandle handle() {
        return rig.client().board(id);
    }

    BoardRig rig() {
        return rig;
    }

    TestRun run() {
        return run;
    }

    @Override
    public String toString() {
        return id + " (" + rig.spec + ")";
    }
}
