package io.hilbridge.lights;

/**
 * Stable error codes, shared by the WebSocket API, REST and the link (see protocol-spec/websocket-api.md).
 * The HTTP status is what REST answers for the code.
 */
public enum ErrorCode {
    BAD_REQUEST("bad_request", 400),
    UNKNOWN_DEVICE("unknown_device", 404),
    UNKNOWN_LIGHT("unknown_light", 404),
    OUT_OF_RANGE("out_of_range", 400),
    UNSUPPORTED("unsupported", 400),
    DEVICE_OFFLINE("device_offline", 503),
    TIMEOUT("timeout", 504),
    BUSY("busy", 409),
    TOO_LARGE("too_large", 400),
    /** A reset on request had no effect: the board answered with the boot id it had before. */
    RESET_FAILED("reset_failed", 502),
    /** The board refused the command with a NACK code that has no finer mapping ("nack:malformed" etc.). */
    NACK("nack", 502),
    /** Scenes: no scene of that name on the device. */
    UNKNOWN_SCENE("unknown_scene", 404),
    /** Scenes: a scene name that is empty, too long or holds a control character or a slash. */
    BAD_SCENE_NAME("bad_scene_name", 400),
    /** Scenes: another scene of the device already has that name (compared ignoring case). */
    SCENE_EXISTS("scene_exists", 409),
    /** Scenes: the device already has the most scenes allowed. */
    TOO_MANY_SCENES("too_many_scenes", 409),
    /** Scenes: the data folder cannot be written (or its scene file could not be read safely). */
    STORAGE_UNAVAILABLE("storage_unavailable", 503);

    private final String apiName;
    private final int httpStatus;

    ErrorCode(String apiName, int httpStatus) {
        this.apiName = apiName;
        this.httpStatus = httpStatus;
    }

    public String apiName() {
        return apiName;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
