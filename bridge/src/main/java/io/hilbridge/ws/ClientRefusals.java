package io.hilbridge.ws;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * What happens to a client refused because the connection limit is reached: the words it is told (HTTP 503 body,
 * or the 1013 close reason when it raced the check), the count the metrics report, and the log. A full bridge may
 * refuse thousands of clients a second, so the log gets at most one line per {@link #LOG_INTERVAL_NANOS}, saying
 * how many were refused since the last one.
 *
 * <p>Thread-safety: safe for concurrent use (atomic counters; two threads may rarely both log within one interval).
 */
final class ClientRefusals {
    private static final Logger LOG = LoggerFactory.getLogger(ClientRefusals.class);
    static final long LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final int limit;
    private final LongSupplier nanoClock;
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong notLogged = new AtomicLong();
    /** When the last line was logged; starts one interval back, so that the first refusal logs at once. */
    private final AtomicLong lastLogNanos;

    ClientRefusals(int limit, LongSupplier nanoClock) {
        this.limit = limit;
        this.nanoClock = nanoClock;
        this.lastLogNanos = new AtomicLong(nanoClock.getAsLong() - LOG_INTERVAL_NANOS);
    }

    /** The HTTP 503 body: the limit and the option that sets it. */
    String httpReason() {
        return "too many WebSocket clients: the limit is " + limit + " (--max-clients)";
    }

    /** The 1013 close reason (at most 123 bytes, as a close frame allows). */
    String closeReason() {
        return "too many clients: limit " + limit + " (--max-clients)";
    }

    /** Counts one refused client and logs a line if none was logged within the interval. */
    void refused(int open) {
        refused.incrementAndGet();
        notLogged.incrementAndGet();
        long now = nanoClock.getAsLong();
        long last = lastLogNanos.get();
        if (now - last < LOG_INTERVAL_NANOS || !lastLogNanos.compareAndSet(last, now)) return;
        long count = notLogged.getAndSet(0);
        LOG.warn(
                "refused {} WebSocket client(s) since the last such line: {} are connected and the limit is {}"
                        + " (raise it with --max-clients; each client needs one file descriptor)",
                count,
                open,
                limit);
    }

    /** Clients refused since start. */
    long total() {
        return refused.get();
    }
}
