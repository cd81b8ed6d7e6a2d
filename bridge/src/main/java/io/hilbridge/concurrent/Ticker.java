package io.hilbridge.concurrent;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * What time it is and where a {@link SerialExecutor}'s home work and timers run. Why an interface: the link's rules
 * are about time (retransmit back-off, heartbeat, reconnect back-off, reset deadline), and a test that waits for real
 * time is slow and cannot tell "too early" from "on time"; a test gives the executor a virtual ticker and advances it.
 * {@link #SYSTEM} is the real one: {@link System#nanoTime()} and one daemon thread per executor.
 *
 * <p>Thread-safety: implementations may be called from any thread.
 */
public interface Ticker {
    /** Now, in {@link System#nanoTime()}'s sense: only differences mean something. */
    long nanoTime();

    /** A home of its own for one executor, named {@code threadName} where there is a thread. */
    Home newHome(String threadName);

    /** A scheduled task's handle. */
    interface Scheduled {
        /** Idempotent; a task cancelled before it started never starts. */
        void cancel();
    }

    /**
     * One executor's home: runs tasks one at a time, at once or after a delay. Every method but {@link #shutdown}
     * throws {@link RejectedExecutionException} after a shutdown.
     */
    interface Home {
        void execute(Runnable task);

        Scheduled schedule(Runnable task, long delayNanos);

        /** Runs {@code task} every {@code periodNanos}, the first time after one period, each after the last ended. */
        Scheduled scheduleWithFixedDelay(Runnable task, long periodNanos);

        /** True on the thread running this home's tasks, while it runs them. */
        boolean onHomeThread();

        /** Drops timers not yet due; later submissions are rejected. */
        void shutdown();

        boolean isShutdown();

        /** Waits for the task running now to end; false on timeout. */
        boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException;
    }

    /** Real time: {@link System#nanoTime()} and a daemon thread per home. */
    Ticker SYSTEM = new Ticker() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public Home newHome(String threadName) {
            return new ThreadHome(threadName);
        }
    };

    /** {@link #SYSTEM}'s home: a one-thread scheduled pool. */
    final class ThreadHome implements Home {
        private final ScheduledThreadPoolExecutor pool;
        private volatile Thread thread;

        private ThreadHome(String threadName) {
            pool = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, threadName);
                t.setDaemon(true);
                thread = t;
                return t;
            });
            pool.setRemoveOnCancelPolicy(true);
            pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        }

        @Override
        public void execute(Runnable task) {
            pool.execute(task);
        }

        @Override
        public Scheduled schedule(Runnable task, long delayNanos) {
            return handle(pool.schedule(task, delayNanos, TimeUnit.NANOSECONDS));
        }

        @Override
        public Scheduled scheduleWithFixedDelay(Runnable task, long periodNanos) {
            return handle(pool.scheduleWithFixedDelay(task, periodNanos, periodNanos, TimeUnit.NANOSECONDS));
        }

        private static Scheduled handle(ScheduledFuture<?> f) {
            return () -> f.cancel(false);
        }

        @Override
        public boolean onHomeThread() {
            return thread == Thread.currentThread();
        }

        @Override
        public void shutdown() {
            pool.shutdown();
        }

        @Override
        public boolean isShutdown() {
            return pool.isShutdown();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return pool.awaitTermination(timeout, unit);
        }
    }
}
