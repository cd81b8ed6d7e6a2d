package io.hilbridge.ws;

import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An IO thread with no selector: it runs the tasks handed to it, one at a time, in order, as XNIO's does, so code that
 * asks "am I on the IO thread?" sees the same answers as in the server. Tests run their IO-side steps with
 * {@link #call} (which also waits for every task queued before); timers are not its business (the connection under
 * test gets {@link VirtualIoTimers}).
 *
 * <p>Thread-safety: {@link #execute} and {@link #call} from any thread.
 */
final class FakeIoThread extends XnioIoThread implements AutoCloseable {
    private static final Runnable STOP = () -> {};
    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();

    FakeIoThread() {
        super(null, 0, "fake-io");
        setDaemon(true);
        start();
    }

    @Override
    public void run() {
        try {
            for (Runnable r = tasks.take(); r != STOP; r = tasks.take()) {
                r.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void execute(Runnable command) {
        tasks.add(command);
    }

    /** Runs {@code step} on this thread after everything queued before it; returns its result or rethrows. */
    <T> T call(Callable<T> step) {
        FutureTask<T> task = new FutureTask<>(step);
        execute(task);
        try {
            return task.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new AssertionError(e.getCause());
        } catch (Exception e) {
            throw new AssertionError("the IO thread did not run the step within 10 s", e);
        }
    }

    void run(Runnable step) {
        call(() -> {
            step.run();
            return null;
        });
    }

    @Override
    public XnioExecutor.Key executeAfter(Runnable command, long time, TimeUnit unit) {
        throw new UnsupportedOperationException("timers run on VirtualIoTimers");
    }

    @Override
    public XnioExecutor.Key executeAtInterval(Runnable command, long time, TimeUnit unit) {
        throw new UnsupportedOperationException("timers run on VirtualIoTimers");
    }

    @Override
    public void close() {
        tasks.add(STOP);
    }
}
