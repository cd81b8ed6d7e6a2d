package io.hilbridge.ws;

import io.hilbridge.concurrent.Ticker;
import io.hilbridge.concurrent.VirtualClock;

/** {@link IoTimers} on a {@link VirtualClock}: timers run when the test advances it, on the test's thread. */
final class VirtualIoTimers implements IoTimers {
    private final VirtualClock clock;
    private final Ticker.Home io;

    VirtualIoTimers(VirtualClock clock) {
        this.clock = clock;
        this.io = clock.newHome("io");
    }

    @Override
    public long nanoTime() {
        return clock.nanoTime();
    }

    @Override
    public Timer after(Runnable task, long delayNanos) {
        return io.schedule(task, delayNanos)::cancel;
    }
}
