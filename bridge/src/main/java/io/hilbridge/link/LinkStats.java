package io.hilbridge.link;

/**
 * Counters of one board link since the bridge started, a consistent snapshot. Decode errors are by kind, as in
 * protocol-spec/uart-link.md section 2; {@code bootText} says how many of them were the ESP32 ROM's boot text (a
 * board that started), so the rest are damage on the wire.
 */
public record LinkStats(
        long framesSent,
        long framesReceived,
        long bytesSent,
        long bytesReceived,
        long cobsErrors,
        long runtErrors,
        long crcErrors,
        long versionErrors,
        long oversizeErrors,
        long retransmits,
        long timeouts,
        long nacks,
        long reconnects,
        long resets,
        /** The last SET round trip in microseconds, or -1 before the first. */
        long lastRttMicros,
        /** Of the decode errors, the runs of boot text the ROM printed while the board started: not a fault. */
        long bootText) {

    public long decodeErrors() {
        return cobsErrors + runtErrors + crcErrors + versionErrors + oversizeErrors;
    }

    /** Decode errors that were not boot text: line noise, bit flips, a wrong baud rate. */
    public long noiseErrors() {
        return decodeErrors() - bootText;
    }
}
