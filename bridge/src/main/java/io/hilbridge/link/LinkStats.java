package io.hilbridge.link;

/**
 * Counters of one board link since the bridge started, a consistent snapshot. Decode errors are by kind, as in
 * protocol-spec/uart-link.md section 2.
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
        long lastRttMicros) {

    public long decodeErrors() {
        return cobsErrors + runtErrors + crcErrors + versionErrors + oversizeErrors;
    }
}
