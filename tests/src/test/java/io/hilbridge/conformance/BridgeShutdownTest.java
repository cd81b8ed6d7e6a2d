package io.hilbridge.conformance;

import io.hilbridge.app.Bridge;
import io.hilbridge.app.BridgeConfig;
import io.hilbridge.ws.WireClient;
import org.junit.jupiter.api.RepeatedTest;

import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.fail;

/**
 * A bridge that shuts down says so to every connected client: a close frame with 1001 ("going away", RFC 6455
 * section 7.4.1) and then a clean TCP close, so clients reconnect at once instead of waiting for their own ping
 * to time out. Repeated, because the failure it guards against (the HTTP server stopped before the sessions were
 * told) lost the close frame only in some runs.
 */
class BridgeShutdownTest {

    @RepeatedTest(3)
    void everyClientGetsGoingAwayAndACleanClose() throws Exception {
        Bridge bridge = Bridge.start(BridgeConfig.loopback(), line -> {});
        List<WireClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                WireClient c = WireClient.open(bridge.httpPort());
                c.skipData = true; // hello and state arrive first
                clients.add(c);
            }
        } finally {
            bridge.close();
        }
        for (WireClient c : clients) {
            try (c) {
                c.expectClose(1001); // each read waits at most 10 s (WireClient's socket timeout)
            } catch (SocketTimeoutException e) {
                fail("no close frame from the stopped bridge within 10 s: " + e);
            }
        }
    }
}
