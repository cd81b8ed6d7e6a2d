package io.hilbridge.client;

import java.util.Locale;

/**
 * Why a light's state changed: the {@code cause} of a {@code state} message, or {@link #SNAPSHOT} when this client
 * refreshed its view from a {@code hello} or {@code snapshot} (after a reconnect, or {@link HilbridgeClient#get}).
 * {@link #UNKNOWN} keeps a cause a later API version may add.
 */
public enum StateCause {
    COMMAND,
    BUTTON,
    BOOT,
    EFFECT,
    FAILSAFE,
    SYNC,
    /** Not a bridge cause: this client's view was refreshed from a snapshot and the light differed. */
    SNAPSHOT,
    UNKNOWN;

    public static StateCause fromApi(String name) {
        for (StateCause c : values()) {
            if (c != SNAPSHOT
                    && c != UNKNOWN
                    && c.name().toLowerCase(Locale.ROOT).equals(name)) return c;
        }
        return UNKNOWN;
    }
}
