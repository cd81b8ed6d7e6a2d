package io.hilbridge.lights;

import java.util.Locale;

/**
 * Where the link to a board stands. CONNECTING: port open (or being opened), no HELLO yet. ONLINE: handshake done,
 * commands flow. RESYNCING: the board reset and the desired state is being replayed. OFFLINE: the port is gone or
 * the board stopped answering; the bridge keeps retrying.
 */
public enum DeviceStatus {
    CONNECTING,
    ONLINE,
    RESYNCING,
    OFFLINE;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
