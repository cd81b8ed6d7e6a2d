package io.hilbridge.scenes;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The scenes of one device, in the order they were saved, and the name of the one marked "after power-on" (null:
 * none). Names are unique ignoring case ({@link SceneNames#sameName}). Immutable; the {@code with...} methods return
 * a changed copy and leave their checks to {@link SceneStore}.
 */
public record BoardScenes(List<Scene> scenes, String powerOn) {
    public static final BoardScenes EMPTY = new BoardScenes(List.of(), null);

    public BoardScenes {
        scenes = List.copyOf(scenes);
    }

    public Optional<Scene> find(String name) {
        return scenes.stream().filter(s -> SceneNames.sameName(s.name(), name)).findFirst();
    }

    /** {@code scene} added at the end, or in the place of the scene of the same name. */
    BoardScenes withSaved(Scene scene) {
        List<Scene> list = new ArrayList<>(scenes);
        int i = indexOf(scene.name());
        if (i >= 0) list.set(i, scene);
        else list.add(scene);
        String mark = powerOn != null && SceneNames.sameName(powerOn, scene.name()) ? scene.name() : powerOn;
        return new BoardScenes(list, mark);
    }

    BoardScenes withRenamed(String from, String to) {
        List<Scene> list = new ArrayList<>(scenes);
        int i = indexOf(from);
        list.set(i, list.get(i).named(to));
        String mark = powerOn != null && SceneNames.sameName(powerOn, from) ? to : powerOn;
        return new BoardScenes(list, mark);
    }

    BoardScenes withDeleted(String name) {
        List<Scene> list = new ArrayList<>(scenes);
        list.remove(indexOf(name));
        return new BoardScenes(list, powerOn != null && SceneNames.sameName(powerOn, name) ? null : powerOn);
    }

    BoardScenes withPowerOn(String name) {
        return new BoardScenes(scenes, name);
    }

    private int indexOf(String name) {
        for (int i = 0; i < scenes.size(); i++) {
            if (SceneNames.sameName(scenes.get(i).name(), name)) return i;
        }
        return -1;
    }
}
