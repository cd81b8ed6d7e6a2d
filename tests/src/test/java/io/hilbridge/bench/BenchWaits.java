package io.hilbridge.bench;

import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.link.LinkSession;
import org.awaitility.core.ConditionTimeoutException;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.awaitility.Awaitility.await;

/**
 * The waits the benchmark programs share: each has a deadline and names what it waited for, through Awaitility like
 * the tests. Not thread-safe to share a call across threads; each method is independent.
 */
final class BenchWaits {
    private static final Duration POLL = Duration.ofMillis(5);

    private BenchWaits() {}

    /** Waits until {@code condition} holds; fails naming {@code what} and the last value of {@code state}. */
    static void until(String what, Duration atMost, BooleanSupplier condition, Supplier<Object> state) {
        try {
            await(what)
                    .atMost(atMost)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(POLL)
                    .until(condition::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(what + " not reached within " + atMost + "; now: " + state.get(), e);
        }
    }

    /** Like {@link #until} but answers whether it held by the deadline, for a benchmark that reports it. */
    static boolean holdsWithin(Duration atMost, BooleanSupplier condition) {
        try {
            await().atMost(atMost).pollDelay(Duration.ZERO).pollInterval(POLL).until(condition::getAsBoolean);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    static void awaitOnline(LinkSession link, Duration atMost) {
        until(link.deviceId() + " online", atMost, () -> link.status() == DeviceStatus.ONLINE, link::status);
    }

    /**
     * The used heap after full collections, the lowest of four: System.gc() on G1 runs a full, synchronous
     * collection, and taking the lowest of several hides a collection the JVM chose to skip.
     */
    static long usedHeapAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            used = Math.min(
                    used,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
