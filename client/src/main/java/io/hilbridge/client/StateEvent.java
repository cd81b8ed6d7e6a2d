package io.hilbridge.client;

/** A light's confirmed state changed (or was re-reported): the full new state and why. */
public record StateEvent(String device, int light, LightState state, StateCause cause) {}
