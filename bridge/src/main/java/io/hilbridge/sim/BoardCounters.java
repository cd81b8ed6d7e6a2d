package io.hilbridge.sim;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the simulated board counts, for tests and benchmarks ({@link SimulatedBoard}'s getters read them).
 *
 * <p>Thread-safety: counted by the board's tasks, read from any thread (atomics).
 */
final class BoardCounters {
    /** SETs applied (duplicates answered from the window are not counted). */
    final AtomicLong setsApplied = new AtomicLong();
    /** SETs answered from the duplicate window without being applied again. */
    final AtomicLong duplicates = new AtomicLong();
    /** Lights a SET was not applied to because a newer SET for them had been applied. */
    final AtomicLong staleSkipped = new AtomicLong();

    final AtomicLong framesReceived = new AtomicLong();
    final AtomicLong decodeErrors = new AtomicLong();
    final AtomicLong boots = new AtomicLong();
    /** Restarts asked for with REBOOT_REQ. */
    final AtomicLong rebootsRequested = new AtomicLong();
}
