package io.hilbridge.client;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The set-up the client's end-to-end tests share: a fresh in-process bridge with its simulated board for each test,
 * and one client connected to it; both closed after the test. Test classes extend it and use {@link #bridge} and
 * {@link #client}. One test thread per instance, as JUnit runs them.
 */
abstract class BridgeClientFixture {
    InProcessBridge bridge;
    HilbridgeClient client;

    @BeforeEach
    void startBridgeAndClient() {
        bridge = InProcessBridge.start();
        client = HilbridgeClient.connect(bridge.ws(), null);
    }

    @AfterEach
    void stopClientAndBridge() {
        if (client != null) client.close();
        bridge.close();
    }
}
