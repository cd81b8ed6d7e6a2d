package io.hilbridge.api;

import io.hilbridge.lights.LightChange;

/**
 * A validated request to change lights: the same for a WebSocket {@code set} and a REST {@code PUT}.
 * {@code device} is null when the client left it out (meaning the first device). Immutable.
 */
public record SetRequest(String device, LightTarget target, LightChange change) {}
