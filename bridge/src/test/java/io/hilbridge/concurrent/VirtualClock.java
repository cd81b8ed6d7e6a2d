package io.hilbridge.concurrent;

import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Test double: a {@link Ticker} whose time moves only when the test says so. {@link #advance} runs every timer that
 * falls due, earliest first (ties in the order they were scheduled), each at its own due time, on the test's thread,
 * which counts as the executor's home thread while it runs them. A home's immediate work ({@code executeAtHome}, a
 * reconnect's port opening, a link's close) runs at once on the submitting thread, as if the home thread were idle
 * and infinitely fast, or, when submitted from inside such work, right after it. So a test of a link on this clock
 * with a board that answers inline runs on one thread, with no sleep and no race.
 *
 * <p>Thread-safety: its state is guarded by its own lock, but it is meant for tests that drive everything from one
 * thread: work handed to it from another thread while the test advances runs on the test's thread.
 */
public final class VirtualClock implements Ticker {
    /**
     * Tasks one {@link #advance} may run before it takes the code for a timer loop (a timer that reschedules itself
     * without delay would otherwise hang the test).
     */
    private static final int MAX_TASKS_PER_ADVANCE = 100_000;

    /** Not 0: code must not mistake "0 ns" for "never". */
    private long now = 1_000_000_000L;

    private long order;
    private final PriorityQueue<Entry> due =
            new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.order, b.order));
    /** The thread running due work now, null when none. */
    private volatile Thread runner;

    private final class Entry implements Scheduled {
        final VirtualHome home;
        final Runnable task;
        final long period; // 0: once
        final long order;
        long at;
        boolean cancelled;

        Entry(VirtualHome home, Runnable task, long at, long period) {
            this.home = home;
            this.task = task;
            this.at = at;
            this.period = period;
            this.order = VirtualClock.this.order++;
        }

        @Override
        public void cancel() {
            synchronized (VirtualClock.this) {
                cancelled = true;
                due.remove(this);
            }
        }
    }

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    /** Virtual time since this clock was made. */
    public synchronized Duration elapsed() {
        return Duration.ofNanos(now - 1_000_000_000L);
    }

    @Override
    public Home newHome(String threadName) {
        return new VirtualHome();
    }

    /** Moves time forward by {@code d}, running every task due by then, each at its due time. */
    public void advance(Duration d) {
        if (d.isNegative()) throw new IllegalArgumentException("time does not run backwards: " + d);
        long target;
        synchronized (this) {
            target = now + d.toNanos();
        }
        runUntil(target);
        synchronized (this) {
            now = Math.max(now, target);
        }
    }

    /** Runs the work due now without moving time (what a real home thread would do in the next moments). */
    public void runDue() {
        advance(Duration.ZERO);
    }

    /** Time until the next timer, null when none is scheduled. */
    public synchronized Duration untilNext() {
        Entry e = due.peek();
        return e == null ? null : Duration.ofNanos(Math.max(0, e.at - now));
    }

    private void runUntil(long target) {
        synchronized (this) {
            if (runner != null) return; // the running one picks up what falls due
            runner = Thread.currentThread();
        }
        try {
            for (int ran = 0; ; ran++) {
                if (ran >= MAX_TASKS_PER_ADVANCE) {
                    throw new AssertionError("more than " + MAX_TASKS_PER_ADVANCE
                            + " tasks ran in one advance: a timer loop (a timer rescheduled with no delay?)");
                }
                Entry e;
                synchronized (this) {
                    e = due.peek();
                    if (e == null || e.at > target) return;
                    due.poll();
                    now = Math.max(now, e.at);
                }
                e.home.running = true;
                try {
                    e.task.run();
                } finally {
                    e.home.running = false;
                }
                synchronized (this) {
                    if (e.period > 0 && !e.cancelled && !e.home.shutdown) {
                        e.at = now + e.period;
                        due.add(e);
                    }
                }
            }
        } finally {
            synchronized (this) {
                runner = null;
            }
        }
    }

    private synchronized Entry add(VirtualHome home, Runnable task, long delayNanos, long period) {
        if (home.shutdown) throw new RejectedExecutionException("home shut down");
        Entry e = new Entry(home, task, now + Math.max(0, delayNanos), period);
        due.add(e);
        return e;
    }

    private final class VirtualHome implements Home {
        volatile boolean shutdown;
        volatile boolean running;

        @Override
        public void execute(Runnable task) {
            add(this, task, 0, 0);
            runDue();
        }

        @Override
        public Scheduled schedule(Runnable task, long delayNanos) {
            return add(this, task, delayNanos, 0);
        }

        @Override
        public Scheduled scheduleWithFixedDelay(Runnable task, long periodNanos) {
            if (periodNanos <= 0) throw new IllegalArgumentException("period must be > 0");
            return add(this, task, periodNanos, periodNanos);
        }

        @Override
        public boolean onHomeThread() {
            return running && runner == Thread.currentThread();
        }

        @Override
        public void shutdown() {
            synchronized (VirtualClock.this) {
                shutdown = true;
                due.removeIf(e -> e.home == this && (e.at > now || e.period > 0)); // timers die; due work runs
            }
        }

        @Override
        public boolean isShutdown() {
            return shutdown;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true; // its work runs on the caller's thread: nothing is left running when the caller asks
        }
    }
}
