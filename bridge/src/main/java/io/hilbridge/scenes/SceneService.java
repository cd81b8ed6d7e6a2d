package io.hilbridge.scenes;

import io.hilbridge.engine.CommandEngine;
import io.hilbridge.lights.BoardInfo;
import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.link.BoardLink;
import io.hilbridge.link.BoardListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Scenes for every front-end: list, save the board's confirmed lights under a name, apply, rename, delete, and the
 * mark "after power-on". Applying goes through the {@link CommandEngine} ({@link CommandEngine#executeEach}): every
 * light's change is checked by the one validator before anything is sent, so a scene that no longer fits its board
 * (another firmware) is refused whole with the validator's error.
 *
 * <p>After power-on (websocket-api.md, "Scenes"): a boot is a HELLO whose boot id differs from the last one this
 * bridge saw for the device, the first one included, which is the same test the link uses to replay the desired
 * state. Once the device is online after a boot (the replay done), the marked scene is applied, so it wins over the
 * replayed lights.
 *
 * <p>Thread-safety: every method may be called from any thread. Board callbacks only note the boot and hand the
 * apply to this service's own thread, so nothing is called on a board from inside a link task.
 */
public final class SceneService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SceneService.class);

    /** One device's scenes as the front-ends show them; {@code problem}: the store's, or null. */
    public record DeviceScenes(String device, BoardScenes scenes, String problem) {}

    private final CommandEngine engine;
    private final SceneStore store;
    private final Consumer<DeviceScenes> changed;
    private final Map<String, Long> lastBootId = new ConcurrentHashMap<>();
    private final Map<String, Boolean> bootPending = new ConcurrentHashMap<>();
    private final ExecutorService powerOnThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hilbridge-scenes");
        t.setDaemon(true);
        return t;
    });
    private final BoardListener boots = new Boots();

    /** {@code changed}: told after every change of a device's scenes (the API broadcasts it). */
    public SceneService(CommandEngine engine, SceneStore store, Consumer<DeviceScenes> changed) {
        this.engine = engine;
        this.store = store;
        this.changed = changed;
        for (BoardLink b : engine.boards()) {
            store.get(b.deviceId()); // read every file now: a corrupt one is reported at start, not on first use
            b.addListener(boots);
            b.info().ifPresent(info -> boots.onHello(b, info)); // a HELLO that came before we listened
            if (b.status() == DeviceStatus.ONLINE) boots.onStatus(b, DeviceStatus.ONLINE);
        }
    }

    public DeviceScenes list(String deviceOrNull) {
        String device = engine.board(deviceOrNull).deviceId();
        return new DeviceScenes(device, store.get(device), store.problem(device));
    }

    /** Saves the board's confirmed lights as {@code name}; an existing name is {@code scene_exists} unless replace. */
    public DeviceScenes save(String deviceOrNull, String name, boolean replace) {
        BoardLink board = engine.board(deviceOrNull);
        SceneNames.check(name);
        Scene scene = new Scene(
                name,
                SceneCapture.capture(
                        board.deviceId(), board.info().orElse(null), board.status(), board.reportedStates()));
        return change(board.deviceId(), s -> {
            if (!replace && s.find(name).isPresent())
                throw SceneErrors.exists(board.deviceId(), s.find(name).get().name());
            if (s.find(name).isEmpty() && s.scenes().size() >= SceneStore.MAX_SCENES_PER_BOARD) {
                throw SceneErrors.tooMany(board.deviceId());
            }
            return s.withSaved(scene);
        });
    }

    public DeviceScenes rename(String deviceOrNull, String name, String to) {
        String device = engine.board(deviceOrNull).deviceId();
        SceneNames.check(to);
        return change(device, s -> {
            Scene scene = s.find(name).orElseThrow(() -> SceneErrors.unknownScene(device, name));
            if (s.find(to).filter(other -> other != scene).isPresent()) throw SceneErrors.exists(device, to);
            return s.withRenamed(scene.name(), to);
        });
    }

    public DeviceScenes delete(String deviceOrNull, String name) {
        String device = engine.board(deviceOrNull).deviceId();
        return change(device, s -> {
            Scene scene = s.find(name).orElseThrow(() -> SceneErrors.unknownScene(device, name));
            return s.withDeleted(scene.name());
        });
    }

    /** Marks {@code name} as the scene applied after each boot; null removes the mark. */
    public DeviceScenes markPowerOn(String deviceOrNull, String name) {
        String device = engine.board(deviceOrNull).deviceId();
        return change(device, s -> {
            if (name == null) return s.withPowerOn(null);
            Scene scene = s.find(name).orElseThrow(() -> SceneErrors.unknownScene(device, name));
            return s.withPowerOn(scene.name());
        });
    }

    /** Removes the "after power-on" mark if {@code name} (an existing scene) has it; else changes nothing. */
    public DeviceScenes unmarkPowerOn(String deviceOrNull, String name) {
        String device = engine.board(deviceOrNull).deviceId();
        return change(device, s -> {
            Scene scene = s.find(name).orElseThrow(() -> SceneErrors.unknownScene(device, name));
            boolean marked = s.powerOn() != null && SceneNames.sameName(s.powerOn(), scene.name());
            return marked ? s.withPowerOn(null) : s;
        });
    }

    /**
     * Applies a scene: completes with the scene once the board has acknowledged every light, or exceptionally with
     * a {@link CommandException} (unknown_scene, or the engine's codes); nothing is sent unless every light passes.
     */
    public CompletableFuture<Scene> apply(String deviceOrNull, String name) {
        Scene scene;
        String device;
        try {
            device = engine.board(deviceOrNull).deviceId();
            String d = device;
            scene = store.get(device).find(name).orElseThrow(() -> SceneErrors.unknownScene(d, name));
        } catch (CommandException e) {
            return CompletableFuture.failedFuture(e);
        }
        // Not thenApply: that would wrap the engine's CommandException in a CompletionException.
        CompletableFuture<Scene> result = new CompletableFuture<>();
        engine.executeEach(device, scene.lights()).whenComplete((v, e) -> {
            if (e == null) result.complete(scene);
            else result.completeExceptionally(e);
        });
        return result;
    }

    private DeviceScenes change(String device, java.util.function.UnaryOperator<BoardScenes> op) {
        BoardScenes after = store.update(device, op);
        DeviceScenes result = new DeviceScenes(device, after, store.problem(device));
        changed.accept(result);
        return result;
    }

    private void applyPowerOn(String device) {
        BoardScenes scenes = store.get(device);
        if (scenes.powerOn() == null) return;
        String name = scenes.powerOn();
        apply(device, name).whenComplete((scene, e) -> {
            if (e == null) log.info("{}: applied the power-on scene \"{}\" after the board booted", device, name);
            else log.warn("{}: the power-on scene \"{}\" was not applied: {}", device, name, e.getMessage());
        });
    }

    /** Notes boots (a new boot id) and applies the power-on scene once the device is online after one. */
    private final class Boots implements BoardListener {
        @Override
        public void onHello(BoardLink board, BoardInfo info) {
            Long before = lastBootId.put(board.deviceId(), info.bootId());
            if (before == null || before != info.bootId()) bootPending.put(board.deviceId(), true);
        }

        @Override
        public void onStatus(BoardLink board, DeviceStatus status) {
            if (status != DeviceStatus.ONLINE) return;
            if (bootPending.remove(board.deviceId()) != null) {
                powerOnThread.execute(() -> applyPowerOn(board.deviceId()));
            }
        }
    }

    @Override
    public void close() {
        for (BoardLink b : engine.boards()) b.removeListener(boots);
        powerOnThread.shutdownNow();
    }
}
