package io.hilbridge.boardlog;

import java.time.Instant;

/**
 * One line of a board's log, as kept and shown: its number in the board's ring ({@code seq}, from 1, never reused
 * while the bridge runs), when the bridge received it, its level, where it came from and its cleaned text.
 * Immutable.
 */
public record LogLine(long seq, Instant time, Level level, Source source, String text) {

    /** The levels of uart-link.md's LOG frame; anything else the board sends is shown as debug. */
    public enum Level {
        ERROR,
        WARN,
        INFO,
        DEBUG;

        /** The LOG frame's level byte: 1 error, 2 warn, 3 info, 4 (or anything else) debug. */
        public static Level ofFrame(int level) {
            return switch (level) {
                case 1 -> ERROR;
                case 2 -> WARN;
                case 3 -> INFO;
                default -> DEBUG;
            };
        }

        /** The API's name: {@code error}, {@code warn}, {@code info}, {@code debug}. */
        public String apiName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Where a line came from. */
    public enum Source {
        /** A LOG frame the firmware sent (ESP_LOG lines once the firmware's link runs). */
        LOG,
        /**
         * Text the board printed outside frames: the ESP32 ROM's boot banner and what its console printed before the
         * firmware's link started. It is what shows why a board crash-loops.
         */
        BOOT;

        public String apiName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
