package io.hilbridge.concurrent;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The test clock the link's and WebSocket layer's timing tests stand on: it must run timers exactly as due. */
class VirtualClockTest {
    private final VirtualClock clock = new VirtualClock();
    private final List<RuntimeException> errors = new ArrayList<>();
    private final SerialExecutor exec = new SerialExecutor("virtual", errors::add, clock);
    private final List<String> ran = new ArrayList<>();

    private long ms() {
        return clock.elapsed().toMillis();
    }

    @Test
    void timersRunAtTheirDueTimeEarliestFirstTiesInScheduleOrder() {
        exec.schedule(() -> ran.add("b@" + ms()), 200, TimeUnit.MILLISECONDS);
        exec.schedule(() -> ran.add("a@" + ms()), 100, TimeUnit.MILLISECONDS);
        exec.schedule(() -> ran.add("c@" + ms()), 200, TimeUnit.MILLISECONDS);
        clock.advance(Duration.ofMillis(200).minusNanos(1));
        assertThat(ran).containsExactly("a@100");
        clock.advance(Duration.ofNanos(1));
        assertThat(ran).containsExactly("a@100", "b@200", "c@200");
        assertThat(errors).isEmpty();
    }

    @Test
    void aTimerScheduledByATimerRunsInTheSameAdvanceWhenItFallsDue() {
        exec.schedule(
                () -> exec.schedule(() -> ran.add("second@" + ms()), 50, TimeUnit.MILLISECONDS),
                50,
                TimeUnit.MILLISECONDS);
        clock.advance(Duration.ofMillis(500));
        assertThat(ran).containsExactly("second@100");
        assertThat(ms()).isEqualTo(500);
    }

    @Test
    void aCancelledTimerNeverRuns() {
        SerialExecutor.Timer t = exec.schedule(() -> ran.add("cancelled"), 10, TimeUnit.MILLISECONDS);
        exec.schedule(() -> ran.add("kept"), 20, TimeUnit.MILLISECONDS);
        t.cancel();
        clock.advance(Duration.ofSeconds(1));
        assertThat(ran).containsExactly("kept");
    }

    @Test
    void aFixedDelayTimerRepeatsEveryPeriodUntilCancelled() {
        SerialExecutor.Timer[] t = new SerialExecutor.Timer[1];
        t[0] = exec.scheduleWithFixedDelay(
                () -> {
                    ran.add("@" + ms());
                    if (ran.size() == 3) t[0].cancel();
                },
                250,
                TimeUnit.MILLISECONDS);
        clock.advance(Duration.ofSeconds(5));
        assertThat(ran).containsExactly("@250", "@500", "@750");
    }

    @Test
    void homeWorkRunsAtOnceOnTheCallerAsTheHomeThread() {
        List<Boolean> onHome = new ArrayList<>();
        exec.executeAtHome(() -> onHome.add(exec.onHomeThread() && exec.inTask()));
        exec.execute(() -> onHome.add(exec.onHomeThread()));
        assertThat(onHome).containsExactly(true, false);
        assertThat(exec.onHomeThread()).isFalse();
    }

    @Test
    void afterShutdownTimersDieAndNothingIsScheduled() {
        exec.schedule(() -> ran.add("late"), 10, TimeUnit.MILLISECONDS);
        exec.shutdown();
        assertThat(exec.schedule(() -> ran.add("new"), 1, TimeUnit.MILLISECONDS).cancelled())
                .isTrue();
        exec.execute(() -> ran.add("task")); // tasks still run, on the caller
        clock.advance(Duration.ofSeconds(1));
        assertThat(ran).containsExactly("task");
    }

    @Test
    void timeNeverRunsBackwards() {
        clock.advance(Duration.ofMillis(5));
        assertThat(clock.nanoTime() - exec.nanoTime()).isZero();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> clock.advance(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ms()).isEqualTo(5);
    }
}
