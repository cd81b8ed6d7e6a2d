package io.hilbridge.lights;

/**
 * Why a light's hardware is not showing its state, as the board reports it in FAULT (uart-link.md section 3). A
 * light without a fault has none (no constant for it). Codes this bridge does not know are shown as
 * {@link #UNKNOWN}: a newer board may report more.
 */
public enum LightFault {
    /** The light's driver did not finish a refresh in time, or failed (wrong pin, stuck peripheral). */
    OUTPUT_STUCK(1, "output_stuck"),
    /** A reserved code from a newer board. */
    UNKNOWN(-1, "unknown");

    private final int code;
    private final String apiName;

    LightFault(int code, String apiName) {
        this.code = code;
        this.apiName = apiName;
    }

    /** The wire code; -1 for {@link #UNKNOWN}, which is never sent. */
    public int code() {
        return code;
    }

    /** The name used in JSON. */
    public String apiName() {
        return apiName;
    }

    /** The fault a non-zero wire code stands for. */
    public static LightFault fromCode(int code) {
        if (code <= 0) throw new IllegalArgumentException("fault code " + code + " is not a fault");
        return code == OUTPUT_STUCK.code ? OUTPUT_STUCK : UNKNOWN;
    }
}
