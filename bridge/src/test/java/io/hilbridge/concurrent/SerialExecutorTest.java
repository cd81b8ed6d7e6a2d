package io.hilbridge.concurrent;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class SerialExecutorTest {
    private static final String HOME = "serial-executor-test-home";
    private final List<RuntimeException> errors = new CopyOnWriteArrayList<>();
    private final SerialExecutor exec = new SerialExecutor(HOME, errors::add);

    @AfterEach
    void tearDown() throws InterruptedException {
        exec.shutdown();
        assertThat(exec.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    /** Waits until every task submitted so far has run. */
    private void settle() throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        exec.execute(() -> done.complete(null));
        done.get(5, TimeUnit.SECONDS);
    }

    @Test
    void anIdleExecutorRunsTheTaskOnTheCallingThreadBeforeReturning() {
        List<Thread> ranOn = new ArrayList<>();
        exec.execute(() -> ranOn.add(Thread.currentThread()));
        assertThat(ranOn).containsExactly(Thread.currentThread());
        assertThat(exec.inTask()).isFalse();
        assertThat(errors).isEmpty();
    }

    @Test
    void aTaskSubmittedFromATaskRunsAfterItOnTheSameThreadNotInsideIt() {
        List<String> events = new ArrayList<>();
        exec.execute(() -> {
            events.add("outer start");
            assertThat(exec.inTask()).isTrue();
            exec.execute(() -> events.add("inner on " + Thread.currentThread().getName()));
            events.add("outer end");
        });
        assertThat(events)
                .containsExactly(
                        "outer start",
                        "outer end",
                        "inner on " + Thread.currentThread().getName());
    }

    @Test
    void tasksFromManyThreadsNeverOverlapNoneIsLostAndEachThreadsOrderHolds() throws Exception {
        int threads = 4, perThread = 20_000;
        AtomicBoolean running = new AtomicBoolean();
        AtomicInteger overlaps = new AtomicInteger();
        int[] counter = {0}; // deliberately unsynchronized: only the executor's exclusion protects it
        int[] lastSeen = new int[threads];
        java.util.Arrays.fill(lastSeen, -1);
        AtomicInteger outOfOrder = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread w = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    int n = i;
                    exec.execute(() -> {
                        if (!running.compareAndSet(false, true)) overlaps.incrementAndGet();
                        counter[0]++;
                        if (n != lastSeen[id] + 1) outOfOrder.incrementAndGet();
                        lastSeen[id] = n;
                        running.set(false);
                    });
                }
            });
            w.start();
            workers.add(w);
        }
        start.countDown();
        for (Thread w : workers) w.join(30_000);
        settle();
        int[] result = new int[1];
        exec.execute(() -> result[0] = counter[0]); // read inside a task: the executor's happens-before edge
        settle();
        assertThat(result[0]).isEqualTo(threads * perThread);
        assertThat(overlaps).hasValue(0);
        assertThat(outOfOrder).hasValue(0);
        // The count drops just after the last task returns: nothing is left owned by a thread that has gone.
        await().atMost(Duration.ofSeconds(5)).until(() -> exec.backlog() == 0);
    }

    @Test
    void aCallingThreadRunsAtMostTheBudgetThenTheHomeThreadTakesOverInOrder() throws Exception {
        CountDownLatch queued = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> ranOn = new CopyOnWriteArrayList<>();
        List<Integer> order = new CopyOnWriteArrayList<>();
        Thread caller = new Thread(
                () -> exec.execute(() -> {
                    queued.countDown();
                    try {
                        release.await(); // a test-only stand-in for a long task, so the others queue up behind it
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    ranOn.add(Thread.currentThread().getName());
                    order.add(0);
                }),
                "caller");
        caller.start();
        queued.await(5, TimeUnit.SECONDS);
        int more = 2 * SerialExecutor.BUDGET;
        for (int i = 1; i <= more; i++) {
            int n = i;
            exec.execute(() -> {
                ranOn.add(Thread.currentThread().getName());
                order.add(n);
            });
        }
        assertThat(exec.backlog()).isEqualTo(more + 1); // all queued behind the caller's task, none run here
        release.countDown();
        caller.join(5_000);
        await().atMost(Duration.ofSeconds(5)).until(() -> order.size() == more + 1);
        assertThat(order).isSorted();
        assertThat(ranOn.subList(0, SerialExecutor.BUDGET)).containsOnly("caller");
        assertThat(ranOn.subList(SerialExecutor.BUDGET, more + 1)).containsOnly(HOME);
    }

    @Test
    void atHomeTasksRunOnTheHomeThreadAndKeepTheirPlaceInLine() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        exec.execute(() -> {
            exec.execute(() -> events.add("a on " + Thread.currentThread().getName()));
            exec.executeAtHome(() -> events.add("b on " + Thread.currentThread().getName()));
            exec.execute(() -> events.add("c on " + Thread.currentThread().getName()));
        });
        String me = Thread.currentThread().getName();
        await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 3);
        // a runs here (the caller's turn), b hands the rest home, c follows b there
        assertThat(events).containsExactly("a on " + me, "b on " + HOME, "c on " + HOME);
        CompletableFuture<String> idle = new CompletableFuture<>();
        exec.executeAtHome(() -> idle.complete(Thread.currentThread().getName()));
        assertThat(idle.get(5, TimeUnit.SECONDS)).isEqualTo(HOME);
    }

    @Test
    void aTimerCancelledByATaskNeverRunsEvenWhenItWasAlreadyDueAndQueued() throws Exception {
        AtomicInteger fired = new AtomicInteger();
        CompletableFuture<Void> cancelledInTask = new CompletableFuture<>();
        Thread caller = new Thread(() -> exec.execute(() -> {
            SerialExecutor.Timer t = exec.schedule(fired::incrementAndGet, 0, TimeUnit.NANOSECONDS);
            // The timer fires on the home thread and queues its task behind this one.
            await().atMost(Duration.ofSeconds(5)).until(() -> exec.backlog() == 2);
            t.cancel();
            cancelledInTask.complete(null);
        }));
        caller.start();
        cancelledInTask.get(10, TimeUnit.SECONDS);
        caller.join(5_000);
        settle(); // FIFO: the timer's queued task has had its turn
        assertThat(fired).hasValue(0);

        CompletableFuture<String> runs = new CompletableFuture<>();
        exec.schedule(() -> runs.complete(Thread.currentThread().getName()), 1, TimeUnit.MILLISECONDS);
        assertThat(runs.get(5, TimeUnit.SECONDS)).isEqualTo(HOME); // idle: a due timer runs on the home thread
    }

    @Test
    void aPeriodicTimerRunsUntilCancelled() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        SerialExecutor.Timer t = exec.scheduleWithFixedDelay(runs::incrementAndGet, 1, TimeUnit.MILLISECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() >= 3);
        CompletableFuture<Integer> atCancel = new CompletableFuture<>();
        exec.execute(() -> {
            t.cancel();
            atCancel.complete(runs.get());
        });
        int n = atCancel.get(5, TimeUnit.SECONDS);
        // Give it a chance to misbehave: a timer on the home thread would have run several times in 20 ms.
        CompletableFuture<Void> later = new CompletableFuture<>();
        exec.schedule(() -> later.complete(null), 20, TimeUnit.MILLISECONDS);
        later.get(5, TimeUnit.SECONDS);
        assertThat(runs).hasValue(n);
        assertThat(t.cancelled()).isTrue();
    }

    @Test
    void aFailingTaskIsReportedAndTheNextOneStillRuns() throws Exception {
        List<String> events = new ArrayList<>();
        exec.execute(() -> {
            exec.execute(() -> {
                throw new IllegalStateException("boom");
            });
            exec.execute(() -> events.add("next"));
        });
        settle();
        assertThat(events).containsExactly("next");
        assertThat(errors).singleElement().extracting(Throwable::getMessage).isEqualTo("boom");
    }

    @Test
    void anErrorReachesTheCallerAndTheTasksQueuedBehindItStillRun() throws Exception {
        CompletableFuture<String> after = new CompletableFuture<>();
        assertThatThrownBy(() -> exec.execute(() -> {
                    exec.execute(() -> after.complete(Thread.currentThread().getName()));
                    throw new AssertionError("an Error is not swallowed");
                }))
                .isInstanceOf(AssertionError.class);
        assertThat(after.get(5, TimeUnit.SECONDS)).isEqualTo(HOME);
        await().atMost(Duration.ofSeconds(5)).until(() -> exec.backlog() == 0);
    }

    @Test
    void afterShutdownTasksStillRunOnTheCallerAndTimersAreNeverDue() throws Exception {
        exec.shutdown();
        assertThat(exec.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        List<String> ranOn = new ArrayList<>();
        exec.execute(() -> ranOn.add(Thread.currentThread().getName()));
        exec.executeAtHome(() -> ranOn.add(Thread.currentThread().getName()));
        String me = Thread.currentThread().getName();
        assertThat(ranOn).containsExactly(me, me);
        assertThat(exec.schedule(() -> ranOn.add("timer"), 0, TimeUnit.NANOSECONDS)
                        .cancelled())
                .isTrue();
        assertThat(ranOn).hasSize(2);
    }
}
