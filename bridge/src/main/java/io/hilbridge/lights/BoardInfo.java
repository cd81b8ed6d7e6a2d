package io.hilbridge.lights;

import java.util.List;

/** What a board said about itself in its HELLO. A new {@code bootId} means the board has reset. */
public record BoardInfo(int protocolVersion, String firmwareVersion, long bootId, List<LightInfo> lights) {
    public BoardInfo {
        lights = List.copyOf(lights);
    }
}
