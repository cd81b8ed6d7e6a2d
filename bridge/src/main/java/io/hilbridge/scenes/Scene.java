package io.hilbridge.scenes;

import io.hilbridge.lights.LightChange;

import java.util.List;

/**
 * A named scene: {@code lights.get(i)} is the change that gives light i the look it had when the scene was saved
 * (only the fields its kind has; no transition). Immutable.
 */
public record Scene(String name, List<LightChange> lights) {
    public Scene {
        lights = List.copyOf(lights);
    }

    public Scene named(String newName) {
        return new Scene(newName, lights);
    }
}
