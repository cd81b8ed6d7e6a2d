/**
 * Scenes: the lights of a board saved under a name, applied again in one step (protocol-spec/websocket-api.md,
 * "Scenes"). {@link io.hilbridge.scenes.SceneStore} keeps them per device in memory and in the data folder
 * ({@link io.hilbridge.scenes.SceneFile}: one JSON file per device, replaced atomically), within the limits of
 * {@link io.hilbridge.scenes.SceneStore#MAX_SCENES_PER_BOARD} and {@link io.hilbridge.scenes.SceneNames}.
 * {@link io.hilbridge.scenes.SceneService} is what the front-ends call: a scene is applied through the
 * {@code CommandEngine}, each light's change checked by the one {@code CommandValidator} before anything is sent,
 * and the scene marked "after power-on" is applied once the board is back online after each boot.
 *
 * <p>A scene holds, per light, the change that makes the light look as it did (only the fields its kind has); it
 * holds no rules of its own.
 */
package io.hilbridge.scenes;
