package io.hilbridge.scenes;

import io.hilbridge.command.CommandErrors;
import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.ErrorCode;

/**
 * Every error a scene request can get from the scene rules (the lights' own rules are the validator's, with its
 * errors): one factory per fault, codes as in protocol-spec/websocket-api.md. Stateless and thread-safe.
 */
public final class SceneErrors {
    private SceneErrors() {}

    public static CommandException badName(String rule) {
        return new CommandException(ErrorCode.BAD_SCENE_NAME, rule);
    }

    public static CommandException unknownScene(String device, String name) {
        return new CommandException(
                ErrorCode.UNKNOWN_SCENE,
                "device " + device + " has no scene \"" + CommandErrors.abbreviate(name, 40) + "\"");
    }

    public static CommandException exists(String device, String name) {
        return new CommandException(
                ErrorCode.SCENE_EXISTS,
                "device " + device + " already has a scene \"" + name
                        + "\"; choose another name, or replace it (scene.save with replace)");
    }

    public static CommandException tooMany(String device) {
        return new CommandException(
                ErrorCode.TOO_MANY_SCENES,
                "device " + device + " already has " + SceneStore.MAX_SCENES_PER_BOARD
                        + " scenes, the most allowed; delete one first");
    }

    /** The store could not keep the change ({@code why}: the data folder's problem, for the person to fix). */
    public static CommandException storage(String why) {
        return new CommandException(
                ErrorCode.STORAGE_UNAVAILABLE, "scenes cannot be saved: " + why + "; nothing was changed");
    }

    /** The board has not reported every light yet, so there is nothing complete to save. */
    public static CommandException notReported(String device, int light) {
        return new CommandException(
                ErrorCode.DEVICE_OFFLINE,
                "device " + device + " has not reported light " + light + " yet; try again when it is online");
    }
}
