package io.hilbridge.junit;

import io.hilbridge.app.Bridge;
import io.hilbridge.client.ClientListener;
import io.hilbridge.client.Device;
import io.hilbridge.client.HilbridgeClient;
import io.hilbridge.client.HilbridgeException;
import io.hilbridge.client.StateEvent;
import io.hilbridge.sim.SimulatedBoard;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One started board and what reaches it: the in-process bridge (none for {@code url:}), the hilbridge-sim process
 * ({@code host-sim} only), the test's client, the recent events. {@link RigStarter} builds it; the extension closes
 * it after the class (or the test).
 *
 * <p>Thread-safety: immutable after start except the list of extra clients (concurrent); close once.
 */
final class BoardRig implements AutoCloseable {
    static final String DEVICE = "board0";

    final BoardSpec spec;
    final Bridge bridge; // null for url:
    final HostSimProcess hostSim; // null unless host-sim
    final LinkWatch watch; // null for url:
    final RecentEvents events;
    final URI ws;
    final String token;
    final StateHistory history = new StateHistory();
    private volatile HilbridgeClient client;
    private final List<HilbridgeClient> extraClients = new CopyOnWriteArrayList<>();

    BoardRig(
            BoardSpec spec,
            Bridge bridge,
            HostSimProcess hostSim,
            LinkWatch watch,
            RecentEvents events,
            URI ws,
            String token) {
        this.spec = spec;
        this.bridge = bridge;
        this.hostSim = hostSim;
        this.watch = watch;
        this.events = events;
        this.ws = ws;
        this.token = token;
    }

    HilbridgeClient client() {
        return client;
    }

    void attach(HilbridgeClient c) {
        this.client = c;
        c.addListener(recorder("client"));
        c.addListener(history);
    }

    /** One more client of the same bridge (another browser, another test tool), closed with the rig. */
    HilbridgeClient newClient() {
        HilbridgeClient c = HilbridgeClient.connect(ws, token);
        extraClients.add(c);
        return c;
    }

    Optional<SimulatedBoard> simulated() {
        return bridge == null ? Optional.empty() : bridge.simulatedBoard(DEVICE);
    }

    /** Records what the client hears, where the link itself cannot be watched (url:) and for reconnects. */
    private ClientListener recorder(String source) {
        RecentEvents e = events;
        boolean linkWatched = watch != null;
        return new ClientListener() {
            @Override
            public void onState(StateEvent event) {
                e.add(
                        source,
                        event.device() + " light " + event.light() + " confirmed " + event.state() + " ("
                                + event.cause() + ")");
            }

            @Override
            public void onDevice(Device device) {
                if (!linkWatched) e.add(source, device.id() + " " + device.status());
            }

            @Override
            public void onConnection(boolean connected, String detail) {
                e.add(
                        source,
                        (connected ? "connected to " : "disconnected from ")
                                + ws
                                + (detail == null || detail.isBlank() ? "" : " (" + detail + ")"));
            }
        };
    }

    @Override
    public void close() {
        extraClients.forEach(HilbridgeClient::close);
        if (client != null) client.close();
        if (bridge != null) bridge.close();
        if (hostSim != null) hostSim.close();
    }

    /** The client's failure, as one line naming the board. */
    static String describe(HilbridgeException e) {
        return e.code() + ": " + e.getMessage();
    }
}
