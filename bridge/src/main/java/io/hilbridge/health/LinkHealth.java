package io.hilbridge.health;

import io.hilbridge.link.BoardLink;
import io.hilbridge.link.BoardListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The bridge's link-health recorder: a {@link LinkHealthSampler} per board, fed every round trip by the board's
 * listener and closed once per {@link #INTERVAL} by a timer of its own, so the last {@link #SAMPLES} intervals (ten
 * minutes) are always at hand. Its memory is fixed when it starts.
 *
 * <p>Thread-safety: safe from any thread; the timer is one daemon thread that only samples.
 */
public final class LinkHealth implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LinkHealth.class);

    /** One sample a second ... */
    public static final Duration INTERVAL = Duration.ofSeconds(1);
    /** ... for the last ten minutes. */
    public static final int SAMPLES = 600;

    private final List<BoardLink> boards;
    private final Map<String, LinkHealthSampler> samplers = new LinkedHashMap<>();
    private final Duration interval;
    private final LongSupplier wallClockMillis;
    private final ScheduledExecutorService timer;
    private final BoardListener roundTrips = new BoardListener() {
        @Override
        public void onRoundTrip(BoardLink board, long nanos) {
            LinkHealthSampler s = samplers.get(board.deviceId());
            if (s != null) s.roundTrip(nanos);
        }
    };

    public LinkHealth(List<BoardLink> boards) {
        this(boards, INTERVAL, SAMPLES, System::currentTimeMillis);
    }

    LinkHealth(List<BoardLink> boards, Duration interval, int samples, LongSupplier wallClockMillis) {
        this.boards = List.copyOf(boards);
        this.interval = interval;
        this.wallClockMillis = wallClockMillis;
        for (BoardLink b : this.boards) samplers.put(b.deviceId(), new LinkHealthSampler(b::stats, samples));
        for (BoardLink b : this.boards) b.addListener(roundTrips);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hilbridge-link-health");
            t.setDaemon(true);
            return t;
        });
        long ms = interval.toMillis();
        timer.scheduleAtFixedRate(this::sampleAll, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** The board's sampler, or empty for an id the bridge does not have. */
    public Optional<LinkHealthSampler> sampler(String deviceId) {
        return Optional.ofNullable(samplers.get(deviceId));
    }

    public Duration interval() {
        return interval;
    }

    private void sampleAll() {
        long now = wallClockMillis.getAsLong();
        for (LinkHealthSampler s : samplers.values()) {
            try {
                s.sample(now);
            } catch (RuntimeException e) {
                // A bug here must not stop the timer: later samples would silently never come.
                log.error("link health sample failed", e);
            }
        }
    }

    /** Stops sampling and listening. Idempotent. */
    @Override
    public void close() {
        timer.shutdownNow();
        for (BoardLink b : boards) b.removeListener(roundTrips);
    }
}
