package io.hilbridge.api;

import io.hilbridge.lights.LightChange;

/**
 * A request to change lights as a front-end parsed it (its JSON shape checked; its rules are checked by the
 * {@link io.hilbridge.engine.CommandEngine}): the same for a WebSocket {@code set} and a REST {@code PUT}.
 * {@code device} is null when the client left it out (meaning the first device). Immutable.
 */
public record SetRequest(String device, LightTarget target, LightChange change) {}
