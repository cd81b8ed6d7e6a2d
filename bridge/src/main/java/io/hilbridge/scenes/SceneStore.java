package io.hilbridge.scenes;

import io.hilbridge.scenes.SceneCodec.CorruptSceneFileException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The scenes of every device: in memory, and in {@code <data dir>/scenes/<device>.json} unless the store is
 * {@link #inMemory()}. A change is written to the file first and kept in memory only once the write succeeded, so a
 * refused write changes nothing. Problems with the folder never stop the bridge: a file that cannot be read is
 * reported by {@link #problem} and left untouched (writes for that device are refused, so it cannot be replaced by
 * an empty list); a corrupt file is kept aside under a new name with one log line, and the device starts with no
 * scenes.
 *
 * <p>Thread-safety: every method locks the store; file work happens under the lock (scene changes are rare and a
 * file is small).
 */
public final class SceneStore {
    private static final Logger log = LoggerFactory.getLogger(SceneStore.class);

    public static final int MAX_SCENES_PER_BOARD = 32;

    private final Path folder; // null: in memory only
    private final Map<String, BoardScenes> scenes = new HashMap<>();
    private final Map<String, String> unreadable = new HashMap<>(); // device -> why its file could not be read
    private final Map<String, String> lastWriteFailure = new HashMap<>(); // device -> why the last write failed
    private final Map<String, SceneFile> files = new HashMap<>();
    private final SceneFile.Step beforeMove;

    private SceneStore(Path folder, SceneFile.Step beforeMove) {
        this.folder = folder;
        this.beforeMove = beforeMove;
    }

    /** Scenes kept for the life of the process only (tests, embedding without a data folder). */
    public static SceneStore inMemory() {
        return new SceneStore(null, () -> {});
    }

    /** Scenes kept in {@code dataDir}/scenes/. The folder is created when the first scene is saved. */
    public static SceneStore inDataDir(Path dataDir) {
        return new SceneStore(dataDir.resolve("scenes"), () -> {});
    }

    /** As {@link #inDataDir}, with a step run before each file is moved into place (tests: a crash there). */
    static SceneStore inDataDir(Path dataDir, SceneFile.Step beforeMove) {
        return new SceneStore(dataDir.resolve("scenes"), beforeMove);
    }

    /** Where the scene files are, or empty for an in-memory store. */
    public Optional<Path> folder() {
        return Optional.ofNullable(folder);
    }

    /** The scenes of {@code device}, read from its file the first time. */
    public synchronized BoardScenes get(String device) {
        BoardScenes s = scenes.get(device);
        if (s == null) {
            s = load(device);
            scenes.put(device, s);
        }
        return s;
    }

    /** Why scenes of {@code device} cannot be saved now (for the page), or null when nothing is known to be wrong. */
    public synchronized String problem(String device) {
        get(device);
        String why = unreadable.get(device);
        return why != null ? why : lastWriteFailure.get(device);
    }

    /**
     * Applies {@code change} to the device's scenes and keeps the result: written to the file, then kept in memory.
     * {@code change} throws to refuse (nothing is written); a failed write throws {@code storage_unavailable}.
     */
    public synchronized BoardScenes update(String device, UnaryOperator<BoardScenes> change) {
        BoardScenes before = get(device);
        BoardScenes after = change.apply(before);
        if (after.scenes().size() > MAX_SCENES_PER_BOARD) throw SceneErrors.tooMany(device);
        if (folder != null) {
            String why = unreadable.get(device);
            if (why != null) throw SceneErrors.storage(why);
            try {
                file(device).write(SceneCodec.fileJson(device, after));
                lastWriteFailure.remove(device);
            } catch (IOException | RuntimeException e) {
                String reason = "cannot write " + file(device).path() + " (" + describe(e) + ")";
                lastWriteFailure.put(device, reason);
                log.warn("{}: {}", device, reason);
                throw SceneErrors.storage(reason);
            }
        }
        scenes.put(device, after);
        return after;
    }

    private BoardScenes load(String device) {
        if (folder == null) return BoardScenes.EMPTY;
        SceneFile f = file(device);
        Optional<byte[]> bytes;
        try {
            bytes = f.read();
        } catch (IOException | RuntimeException e) {
            String why = "cannot read " + f.path() + " (" + describe(e) + ")";
            unreadable.put(device, why);
            log.warn("{}: {}; its scenes are unavailable until the bridge restarts", device, why);
            return BoardScenes.EMPTY;
        }
        if (bytes.isEmpty()) return BoardScenes.EMPTY;
        try {
            if (bytes.get().length > SceneFile.MAX_BYTES) {
                throw new CorruptSceneFileException("larger than " + SceneFile.MAX_BYTES + " bytes");
            }
            return SceneCodec.readFile(bytes.get());
        } catch (CorruptSceneFileException e) {
            try {
                Path aside = f.keepAside();
                log.warn(
                        "{}: scene file {} is corrupt ({}); kept aside as {}, starting with no scenes",
                        device,
                        f.path(),
                        e.getMessage(),
                        aside.getFileName());
            } catch (IOException | RuntimeException moveFailed) {
                String why = f.path() + " is corrupt (" + e.getMessage() + ") and could not be moved aside ("
                        + describe(moveFailed) + ")";
                unreadable.put(device, why);
                log.warn("{}: {}; its scenes are unavailable until the bridge restarts", device, why);
            }
            return BoardScenes.EMPTY;
        }
    }

    private SceneFile file(String device) {
        return files.computeIfAbsent(device, d -> new SceneFile(folder, d, beforeMove));
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
