package io.hilbridge.link;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The link's counters, the figures behind {@link LinkStats}.
 *
 * <p>Thread-safety: written by link tasks, read by any thread (atomics and a volatile round-trip time).
 */
final class LinkCounters {
    final AtomicLong framesSent = new AtomicLong();
    final AtomicLong framesReceived = new AtomicLong();
    final AtomicLong bytesSent = new AtomicLong();
    final AtomicLong bytesReceived = new AtomicLong();
    private final AtomicLong[] decodeErrors = new AtomicLong[DecodeError.values().length];
    /** Of the decode errors, the runs that were the ESP32 ROM's boot text (see {@link BootText#isRomBootText}). */
    final AtomicLong bootText = new AtomicLong();

    final AtomicLong retransmits = new AtomicLong();
    final AtomicLong timeouts = new AtomicLong();
    final AtomicLong nacks = new AtomicLong();
    final AtomicLong reconnects = new AtomicLong();
    final AtomicLong resets = new AtomicLong();
    /** Frames that decoded but whose payload did not fit their type. */
    final AtomicLong malformed = new AtomicLong();
    /** Bugs caught in link tasks (logged, the link carries on). */
    final AtomicLong internalErrors = new AtomicLong();

    volatile long lastRttMicros = -1;

    LinkCounters() {
        for (int i = 0; i < decodeErrors.length; i++) decodeErrors[i] = new AtomicLong();
    }

    void decodeError(DecodeError error) {
        decodeErrors[error.ordinal()].incrementAndGet();
    }

    void wrote(int bytes) {
        framesSent.incrementAndGet();
        bytesSent.addAndGet(bytes);
    }

    LinkStats stats() {
        return new LinkStats(
                framesSent.get(),
                framesReceived.get(),
                bytesSent.get(),
                bytesReceived.get(),
                decodeErrors[DecodeError.COBS.ordinal()].get(),
                decodeErrors[DecodeError.RUNT.ordinal()].get(),
                decodeErrors[DecodeError.CRC.ordinal()].get(),
                decodeErrors[DecodeError.VERSION.ordinal()].get(),
                decodeErrors[DecodeError.OVERSIZE.ordinal()].get(),
                retransmits.get(),
                timeouts.get(),
                nacks.get(),
                reconnects.get(),
                resets.get(),
                lastRttMicros,
                bootText.get());
    }
}
