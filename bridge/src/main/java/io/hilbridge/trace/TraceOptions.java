package io.hilbridge.trace;

import java.util.Locale;

/**
 * How big a trace may grow: {@code maxBytes} of file, then it stops; {@code queueCapacity} items waiting for the
 * writer thread, then records are counted as dropped. Immutable.
 */
public record TraceOptions(long maxBytes, int queueCapacity) {
    public static final long DEFAULT_MAX_BYTES = 100L << 20;
    public static final int DEFAULT_QUEUE = 4096;
    /** A trace smaller than this could not hold its own headers. */
    public static final long MIN_BYTES = 4096;

    public TraceOptions {
        if (maxBytes < MIN_BYTES)
            throw new IllegalArgumentException(
                    "trace size limit must be at least " + MIN_BYTES + " bytes, got " + maxBytes);
        if (queueCapacity < 1)
            throw new IllegalArgumentException("trace queue capacity must be positive, got " + queueCapacity);
    }

    public static TraceOptions defaults() {
        return new TraceOptions(DEFAULT_MAX_BYTES, DEFAULT_QUEUE);
    }

    public TraceOptions withMaxBytes(long bytes) {
        return new TraceOptions(bytes, queueCapacity);
    }

    /**
     * Parses a size as given to {@code --trace-max-size}: a number of bytes with an optional binary suffix k, M or G
     * ({@code 4096}, {@code 512k}, {@code 100M}, {@code 1G}).
     */
    public static long parseSize(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (!s.matches("\\d{1,12}[kmg]?")) {
            throw new IllegalArgumentException(
                    "a size is a number of bytes with an optional k, M or G suffix, got '" + text + "'");
        }
        char last = s.charAt(s.length() - 1);
        int shift = switch (last) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 0;
        };
        long n = Long.parseLong(shift == 0 ? s : s.substring(0, s.length() - 1));
        return n << shift;
    }
}
