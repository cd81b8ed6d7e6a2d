package io.hilbridge.junit;

import io.hilbridge.client.Ack;
import io.hilbridge.client.Device;
import io.hilbridge.client.DeviceHandle;
import io.hilbridge.client.DeviceStatus;
import io.hilbridge.client.LightChange;
import io.hilbridge.client.Lights;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

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
