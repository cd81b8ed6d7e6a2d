package io.hilbridge.health;

/**
 * One interval of a board's link: what happened between the previous sample and {@code atMillis}.
 *
 * @param atMillis when the interval ended, milliseconds since the epoch
 * @param roundTrips SETs acknowledged in the interval
 * @param rttP50Micros median round trip of those SETs in microseconds, -1 when there were none
 * @param rttP99Micros 99th percentile (nearest rank) in microseconds, -1 when there were none
 * @param retransmits SET frames sent again
 * @param timeouts commands that failed with timeout
 * @param noiseErrors decode errors that were damage on the wire (noise, bit flips, a wrong baud rate)
 * @param bootText decode errors that were the ROM's boot text (the board started: not a fault)
 */
public record HealthSample(
        long atMillis,
        int roundTrips,
        int rttP50Micros,
        int rttP99Micros,
        int retransmits,
        int timeouts,
        int noiseErrors,
        int bootText) {}
