package io.hilbridge.link;

import io.hilbridge.lights.LightChange;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A light's change waiting to be sent in a SET, and the clients waiting for it. Confined to the link's tasks, like
 * the rest of {@link SetWindow}.
 */
final class PendingChange {
    LightChange change;
    final List<CompletableFuture<Void>> waiters = new ArrayList<>(2);
    /** True when {@link #change} is the light's complete desired state (a replay or a repair). */
    boolean fullState;

    PendingChange(LightChange change) {
        this.change = change;
    }
}
