package io.hilbridge.concurrent;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs one component's tasks (a board's link, a simulated board) one at a time, in the order they were submitted,
 * without a thread hand-off when it can: a task submitted while no other is running runs at once on the submitting
 * thread (a command from a client, a chunk of bytes from the board); one submitted while another runs is queued and
 * run next by the thread already running tasks. Why: each hand-off between threads costs a parked thread's wake-up
 * (tens of microseconds, milliseconds in the tail on a VM), and a set-to-ack round trip through a dedicated link
 * thread crossed three of them.
 *
 * <p>The executor also has a home thread of its own, for timers and for work that may block:
 * <ul>
 *   <li>{@link #executeAtHome} tasks (opening and closing a port can take milliseconds or, on a stalled device,
 *       a second) never run on a submitting thread: whoever meets one in the queue hands the rest to the home thread,
 *       so a web server's IO thread is never held up by a serial port.</li>
 *   <li>A submitting thread runs at most {@link #BUDGET} tasks in a row, then hands the rest to the home thread, so a
 *       flood from other threads cannot keep one caller busy.</li>
 *   <li>{@link #schedule} runs a task after a delay, like any other task (one at a time with the rest).</li>
 * </ul>
 * Time and the home come from a {@link Ticker}: {@link Ticker#SYSTEM} (real time, a thread of its own) unless a test
 * gives a virtual one; {@link #nanoTime} is the time its tasks must read, so timers and time stamps agree.
 *
 * <p>Thread-safety: every method may be called from any thread. Tasks never overlap and each one sees everything the
 * tasks before it wrote (the queue and the counter are the happens-before edges), so state touched only by tasks needs
 * no locks. A task may submit further tasks: they run after it, never inside it. Nothing here blocks a submitting
 * thread, so a task may call code that submits to this executor while holding locks, without deadlock. Tasks must
 * not block: they run on callers' threads.
 */
public final class SerialExecutor implements Executor {
    /** Tasks a submitting thread runs in a row before handing the rest to the home thread. */
    public static final int BUDGET = 32;

    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    /** Tasks submitted and not yet finished; the thread that raises it from 0 runs them (or hands them home). */
    private final AtomicInteger pending = new AtomicInteger();

    private final Ticker ticker;
    private final Ticker.Home home;
    private final Consumer<RuntimeException> onError;
    /** The thread running tasks now; written only by that thread (see {@link #drain}). */
    private volatile Thread runner;

    /** A task that must run on the home thread. */
    private record AtHome(Runnable task) implements Runnable {
        @Override
        public void run() {
            task.run();
        }
    }

    /**
     * A delayed task's handle. Cancel it from a task: a cancelled timer never runs, even if it was already due and
     * queued behind the task that cancels it.
     */
    public static final class Timer {
        private volatile boolean cancelled;
        private volatile Ticker.Scheduled future;

        /** Idempotent; null-safe via {@link SerialExecutor#cancel}. */
        public void cancel() {
            cancelled = true;
            Ticker.Scheduled f = future;
            if (f != null) f.cancel();
        }

        public boolean cancelled() {
            return cancelled;
        }
    }

    /**
     * @param threadName the home thread's name
     * @param onError    gets what a task throws (the executor carries on with the next task)
     */
    public SerialExecutor(String threadName, Consumer<RuntimeException> onError) {
        this(threadName, onError, Ticker.SYSTEM);
    }

    /** As above, on {@code ticker}'s time and home. */
    public SerialExecutor(String threadName, Consumer<RuntimeException> onError, Ticker ticker) {
        this.onError = onError;
        this.ticker = ticker;
        this.home = ticker.newHome(threadName);
    }

    /** Now, on this executor's ticker: what its tasks compare timer deadlines with. */
    public long nanoTime() {
        return ticker.nanoTime();
    }

    /** Runs {@code task} now on this thread if no task is running, else after the tasks before it. */
    @Override
    public void execute(Runnable task) {
        queue.offer(task);
        if (pending.getAndIncrement() == 0) drain();
    }

    /** Runs {@code task} on the home thread, after the tasks before it: for work that may block. */
    public void executeAtHome(Runnable task) {
        queue.offer(new AtHome(task));
        if (pending.getAndIncrement() == 0) handHome();
    }

    /**
     * Runs {@code task} after {@code delay} (as a task, one at a time with the rest). After {@link #shutdown} nothing
     * is scheduled: the returned timer is already cancelled.
     */
    public Timer schedule(Runnable task, long delay, TimeUnit unit) {
        Timer t = new Timer();
        try {
            t.future = home.schedule(
                    () -> execute(() -> {
                        if (!t.cancelled) task.run();
                    }),
                    unit.toNanos(delay));
        } catch (RejectedExecutionException e) {
            t.cancelled = true;
        }
        return t;
    }

    /** Runs {@code task} every {@code period}, the first time after one period, until its timer is cancelled. */
    public Timer scheduleWithFixedDelay(Runnable task, long period, TimeUnit unit) {
        Timer t = new Timer();
        try {
            t.future = home.scheduleWithFixedDelay(
                    () -> execute(() -> {
                        if (!t.cancelled) task.run();
                    }),
                    unit.toNanos(period));
        } catch (RejectedExecutionException e) {
            t.cancelled = true;
        }
        return t;
    }

    public static void cancel(Timer t) {
        if (t != null) t.cancel();
    }

    /** True on the thread that is running this executor's tasks, while it runs them (i.e. inside a task). */
    public boolean inTask() {
        return runner == Thread.currentThread();
    }

    /** Tasks submitted and not yet finished, the running one included (for tests). */
    int backlog() {
        return pending.get();
    }

    /** True on the home thread. */
    public boolean onHomeThread() {
        return home.onHomeThread();
    }

    /**
     * Stops timers and the home thread. Tasks already submitted and tasks submitted later still run, on the
     * submitting threads (a closed link must still answer late commands, with an error).
     */
    public void shutdown() {
        home.shutdown();
    }

    /** Waits for the home thread to finish what it was running; false on timeout. */
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return home.awaitTermination(timeout, unit);
    }

    private void handHome() {
        try {
            home.execute(this::drain);
        } catch (RejectedExecutionException e) {
            drain(); // shut down: the tasks still run, here
        }
    }

    /**
     * Runs queued tasks until none is left. Called by exactly one thread at a time: the one that raised
     * {@link #pending} from 0, or the home thread it handed over to. Every task counted in {@link #pending} was queued
     * before it was counted, so while the count is above 0 the queue is not empty.
     */
    private void drain() {
        Thread self = Thread.currentThread();
        boolean atHome = home.onHomeThread() || home.isShutdown();
        int ran = 0;
        while (true) {
            Runnable task = queue.peek();
            if (!atHome && (task instanceof AtHome || ran >= BUDGET)) {
                handHome(); // the home thread takes over the tasks still counted
                return;
            }
            queue.poll();
            runner = self;
            boolean finished = false;
            try {
                task.run();
                finished = true;
            } catch (RuntimeException e) {
                finished = true;
                try {
                    onError.accept(e);
                } catch (RuntimeException ignored) {
                    // the error handler's own failure must not stop the queue either
                }
            } finally {
                runner = null; // before the count can reach 0: another thread may start running tasks right after
                if (!finished && pending.decrementAndGet() > 0) handHome(); // an Error: the rest still runs
            }
            ran++;
            if (pending.decrementAndGet() == 0) return;
        }
    }
}
