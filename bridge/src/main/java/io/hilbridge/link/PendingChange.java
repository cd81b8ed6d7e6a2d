package io.hilbridge.link;

import io.hilbridge.lights.LightChange;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A light's change waiting to be sent in a SET, and the clients waiting for it. Confined to the link's tasks, like
 * the {@link SetQueue} that holds it.
 */
final class PendingChange {
    final int light;
    LightChange change;
    final List<CompletableFuture<Void>> waiters = new ArrayList<>(2);
    /** True when {@link #change} is the light's complete desired state (a replay or a repair). */
    boolean fullState;

    PendingChange(int light, LightChange change) {
        this.light = light;
        this.change = change;
    }
}
