package io.hilbridge.client;

import java.util.List;
import java.util.Optional;

/**
 * A device (one board) as the client last saw it. Immutable: a change gives a new record.
 *
 * @param firmware        from the board's HELLO, null before the first handshake
 * @param protocolVersion from the board's HELLO, null before the first handshake
 * @param transport       how the bridge reaches the board (a port path, {@code simulated (loopback)}, ...)
 * @param lights          empty before the first handshake
 */
public record Device(
        String id,
        DeviceStatus status,
        String firmware,
        Integer protocolVersion,
        String transport,
        List<Light> lights) {
    public Device {
        lights = List.copyOf(lights);
    }

    public Optional<Light> light(int lightId) {
        return lights.stream().filter(l -> l.id() == lightId).findFirst();
    }

    public boolean online() {
        return status == DeviceStatus.ONLINE;
    }
}
