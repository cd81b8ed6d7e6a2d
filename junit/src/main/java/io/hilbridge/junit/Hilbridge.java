package io.hilbridge.junit;

import io.hilbridge.client.HilbridgeClient;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The bridge and board a {@link HilbridgeTest} runs against, injected as a test parameter. Closed by the extension.
 *
 * <p>Thread-safe.
 */
public final class Hilbridge {
    private final BoardRig rig;
    private final TestRun run;
    private final Board board;

    Hilbridge(BoardRig rig, TestRun run) {
        this.rig = rig;
        this.run = run;
        this.board = new Board(rig, run, BoardRig.DEVICE);
    }

    /** The board under test. */
    public Board board() {
        return board;
    }

    /** Which board this run uses (after {@code -Dhilbridge.board} / {@code HILBRIDGE_BOARD}). */
    public BoardSpec spec() {
        return rig.spec;
    }

    /** The test's WebSocket client of the bridge. */
    public HilbridgeClient client() {
        return rig.client();
    }

    /** Another client of the same bridge (another browser, another tool); closed with the bridge. */
    public HilbridgeClient newClient() {
        return rig.newClient();
    }

    /** The bridge's WebSocket URL. */
    public URI webSocketUrl() {
        return rig.ws;
    }

    /** The bridge's base HTTP URL (page and REST), e.g. {@code http://127.0.0.1:PORT/}. */
    public URI httpUrl() {
        URI ws = rig.ws;
        String scheme = "wss".equals(ws.getScheme()) ? "https" : "http";
        return URI.create(scheme + "://" + ws.getRawAuthority() + "/");
    }

    /** The token the bridge wants (null: none), for REST calls a test makes itself. */
    public String token() {
        return rig.token;
    }

    /** This test's link trace, when the bridge runs in this JVM. */
    public Optional<Path> trace() {
        return Optional.ofNullable(run.trace);
    }
}
