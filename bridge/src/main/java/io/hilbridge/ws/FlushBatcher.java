package io.hilbridge.ws;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import org.xnio.XnioIoThread;

/**
 * Collects flush requests for the connections of one IO thread, so that a broadcast to N connections costs one task
 * (and at most one selector wakeup) per IO thread instead of one per connection; the flushes then run back to back
 * after the broadcasting code returns.
 *
 * <p>Thread-safety: {@link #request} from any thread; {@link #run} on the IO thread.
 */
final class FlushBatcher implements Runnable {
    private final XnioIoThread thread;
    private final ConcurrentLinkedQueue<Runnable> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    FlushBatcher(XnioIoThread thread) {
        this.thread = thread;
    }

    void request(Runnable flush) {
        pending.add(flush);
        if (scheduled.compareAndSet(false, true)) {
            thread.execute(this);
        }
    }

    @Override
    public void run() {
        // Clear the flag first: a request arriving during the loop either is polled below or schedules a new run.
        scheduled.set(false);
        Runnable r;
        while ((r = pending.poll()) != null) {
            r.run();
        }
    }
}
