package io.hilbridge.ws;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The per-IO-thread flush batching: any number of flush requests cost one task on the IO thread until it runs; each
 * request runs exactly once, in request order; a request made while the batch runs waits for the next task; one
 * failing flush does not strand those behind it; a stopping IO thread does not fail the sender. The IO thread is a
 * queue of tasks the test runs by hand.
 */
class FlushBatcherTest {
    private final Queue<Runnable> ioTasks = new ArrayDeque<>();
    private final Executor ioThread = ioTasks::add;
    private final FlushBatcher batcher = new FlushBatcher(ioThread);
    private final List<String> ran = new ArrayList<>();

    private void runIoThread() {
        Runnable task;
        while ((task = ioTasks.poll()) != null) {
            task.run();
        }
    }

    @Test
    void manyRequestsCostOneTaskAndEachRunsOnceInOrder() {
        int connections = 40; // more than the batch's first array holds
        for (int i = 0; i < connections; i++) {
            int id = i;
            batcher.request(() -> ran.add("flush " + id));
        }
        assertThat(ioTasks).hasSize(1);
        assertThat(ran).isEmpty();
        runIoThread();
        assertThat(ran).hasSize(connections);
        for (int i = 0; i < connections; i++) {
            assertThat(ran.get(i)).isEqualTo("flush " + i);
        }
        // The next requests start a new batch with a new task, and nothing of the old batch runs again.
        for (int round = 0; round < 3; round++) {
            ran.clear();
            batcher.request(() -> ran.add("again"));
            assertThat(ioTasks).hasSize(1);
            runIoThread();
            assertThat(ran).containsExactly("again");
        }
    }

    @Test
    void aRequestMadeWhileTheBatchRunsGoesToTheNextTask() {
        batcher.request(() -> {
            ran.add("first");
            batcher.request(() -> ran.add("requested during the run"));
        });
        ioTasks.poll().run();
        assertThat(ran).containsExactly("first");
        assertThat(ioTasks).as("a new task for the request made during the run").hasSize(1);
        runIoThread();
        assertThat(ran).containsExactly("first", "requested during the run");
    }

    @Test
    void oneFailingFlushDoesNotStrandTheOthers() {
        batcher.request(() -> ran.add("before"));
        batcher.request(() -> {
            throw new IllegalStateException("a connection's bug");
        });
        batcher.request(() -> ran.add("after"));
        assertThatCode(this::runIoThread).doesNotThrowAnyException();
        assertThat(ran).containsExactly("before", "after");
    }

    @Test
    void aStoppingIoThreadDoesNotFailTheSender() {
        FlushBatcher stopping = new FlushBatcher(task -> {
            throw new RejectedExecutionException("stopped");
        });
        assertThatCode(() -> stopping.request(() -> ran.add("never"))).doesNotThrowAnyException();
        assertThat(ran).isEmpty();
    }

    @Test
    void theGatherBufferIsOneDirectBufferOfTheBatchSize() {
        ByteBuffer g = batcher.gatherBuffer();
        assertThat(g.isDirect()).isTrue();
        assertThat(g.capacity()).isEqualTo(FlushBatcher.GATHER_BYTES);
        assertThat(batcher.gatherBuffer()).isSameAs(g);
    }
}
