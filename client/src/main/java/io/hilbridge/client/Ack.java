package io.hilbridge.client;

/**
 * The bridge's {@code ack}: the board acknowledged every addressed light; their new states were already delivered
 * as {@link StateEvent}s before the ack (the bridge sends {@code state} first).
 *
 * @param id     the id this client gave the {@code set}
 * @param lights what the {@code set} addressed
 */
public record Ack(String id, String device, Lights lights) {}
