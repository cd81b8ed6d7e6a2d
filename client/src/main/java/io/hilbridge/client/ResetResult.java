package io.hilbridge.client;

/**
 * The answer to {@link HilbridgeClient#reset}: the board restarted, its desired state was replayed and it is online.
 *
 * @param bootId the new boot id (8 hex digits), different from the one before the reset
 */
public record ResetResult(String device, String bootId) {}
