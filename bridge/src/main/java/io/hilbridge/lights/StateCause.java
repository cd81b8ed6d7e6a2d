package io.hilbridge.lights;

import java.util.Locale;

/** Why a light's state changed, as the board reports it in STATE (uart-link.md section 3). */
public enum StateCause {
    COMMAND,
    BUTTON,
    BOOT,
    EFFECT,
    FAILSAFE,
    SYNC;

    public int code() {
        return ordinal();
    }

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static StateCause fromCode(int code) {
        StateCause[] v = values();
        if (code < 0 || code >= v.length) throw new IllegalArgumentException("unknown state cause " + code);
        return v[code];
    }
}
