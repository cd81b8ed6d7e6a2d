package io.hilbridge.ws;

import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;

import java.util.concurrent.TimeUnit;

/**
 * The time and the timers of one connection's IO thread: what {@link KeepAlive} (ping interval, pong timeout) and
 * {@link CloseHandshake} (close timeout) read. Why an interface: tests give them virtual time and advance it, instead
 * of waiting seconds of real time for a timeout. {@link #of(XnioIoThread)} is the real one.
 *
 * <p>Thread-safety: {@link #nanoTime} from any thread; {@link #after} from the IO thread, and the task runs there.
 */
interface IoTimers {
    /** Now, in {@link System#nanoTime()}'s sense. */
    long nanoTime();

    /**
     * Runs {@code task} on the IO thread after {@code delayNanos}. Throws
     * {@link java.util.concurrent.RejectedExecutionException} when the IO thread takes no more timers (the server
     * stops).
     */
    Timer after(Runnable task, long delayNanos);

    /** A pending timer. */
    interface Timer {
        /** Idempotent; a timer cancelled before it is due never runs. */
        void cancel();
    }

    /** XNIO's timers on {@code ioThread}, and {@link System#nanoTime()}. */
    static IoTimers of(XnioIoThread ioThread) {
        return new IoTimers() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public Timer after(Runnable task, long delayNanos) {
                XnioExecutor.Key key = ioThread.executeAfter(task, delayNanos, TimeUnit.NANOSECONDS);
                return key::remove;
            }
        };
    }
}
