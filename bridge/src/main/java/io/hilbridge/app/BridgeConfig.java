package io.hilbridge.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Everything needed to start a {@link Bridge}, as the CLI (or a test) decided it.
 *
 * @param serial        one entry per board: {@code auto}, {@code loopback} or a serial port path
 * @param baud          UART baud rate for real ports
 * @param bind          address the HTTP server listens on
 * @param httpPort      HTTP port, 0 for any free port
 * @param allowedOrigins extra browser origins allowed to use the bridge, WebSocket and REST alike (its own origin on
 *                       localhost or an IP address is always allowed)
 * @param token         access token required from clients, or null for none
 * @param simBaud       simulated baud rate of the in-process board, 0 for unthrottled
 * @param simFaults     fault-injection spec for the simulated board (see io.hilbridge.sim.Faults.parse), or null
 * @param resetOnOpen   reset each board whenever its port is opened (--reset-on-open)
 * @param maxClients    most WebSocket clients at once (--max-clients); 0 = from the file-descriptor limit
 *                      (io.hilbridge.ws.ConnectionLimit decides)
 * @param dataDir       the data folder (--data-dir; scenes live in its scenes/ folder), or null to keep scenes in
 *                      memory only (tests and embedding)
 */
public record BridgeConfig(
        List<String> serial,
        int baud,
        String bind,
        int httpPort,
        Set<String> allowedOrigins,
        String token,
        int simBaud,
        String simFaults,
        boolean resetOnOpen,
        int maxClients,
        Path dataDir) {

    public BridgeConfig {
        serial = List.copyOf(serial);
        allowedOrigins = Set.copyOf(allowedOrigins);
    }

    /** As the canonical constructor, with the automatic client limit and no data folder (scenes in memory). */
    public BridgeConfig(
            List<String> serial,
            int baud,
            String bind,
            int httpPort,
            Set<String> allowedOrigins,
            String token,
            int simBaud,
            String simFaults,
            boolean resetOnOpen) {
        this(serial, baud, bind, httpPort, allowedOrigins, token, simBaud, simFaults, resetOnOpen, 0, null);
    }

    /** A loopback bridge on 127.0.0.1 and any free port: what tests and demos start. */
    public static BridgeConfig loopback() {
        return new BridgeConfig(List.of("loopback"), 115200, "127.0.0.1", 0, Set.of(), null, 115200, null, false);
    }

    public BridgeConfig withSerial(List<String> s) {
        return new BridgeConfig(
                s, baud, bind, httpPort, allowedOrigins, token, simBaud, simFaults, resetOnOpen, maxClients, dataDir);
    }

    public BridgeConfig withToken(String t) {
        return new BridgeConfig(
                serial, baud, bind, httpPort, allowedOrigins, t, simBaud, simFaults, resetOnOpen, maxClients, dataDir);
    }

    public BridgeConfig withSimBaud(int b) {
        return new BridgeConfig(
                serial, baud, bind, httpPort, allowedOrigins, token, b, simFaults, resetOnOpen, maxClients, dataDir);
    }

    public BridgeConfig withResetOnOpen(boolean r) {
        return new BridgeConfig(
                serial, baud, bind, httpPort, allowedOrigins, token, simBaud, simFaults, r, maxClients, dataDir);
    }

    public BridgeConfig withAllowedOrigins(Set<String> o) {
        return new BridgeConfig(
                serial, baud, bind, httpPort, o, token, simBaud, simFaults, resetOnOpen, maxClients, dataDir);
    }

    public BridgeConfig withMaxClients(int m) {
        return new BridgeConfig(
                serial, baud, bind, httpPort, allowedOrigins, token, simBaud, simFaults, resetOnOpen, m, dataDir);
    }

    public BridgeConfig withDataDir(Path d) {
        return new BridgeConfig(
                serial, baud, bind, httpPort, allowedOrigins, token, simBaud, simFaults, resetOnOpen, maxClients, d);
    }
}
