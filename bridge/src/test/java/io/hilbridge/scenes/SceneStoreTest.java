package io.hilbridge.scenes;

import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.Effect;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.Rgb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The scene store on a real folder: what it writes survives a new store (a restart), a crash in the middle of a
 * write leaves the old file whole, a corrupt file is kept aside and never overwritten, a folder that cannot be
 * written refuses changes with storage_unavailable and changes nothing, and the limits hold.
 */
class SceneStoreTest {
    @TempDir
    Path dir;

    private static Scene scene(String name, boolean on) {
        return new Scene(
                name,
                List.of(
                        new LightChange(on, null, null, null, Effect.NONE),
                        new LightChange(true, 40, new Rgb(1, 2, 3), null, Effect.RAINBOW)));
    }

    private Path file() {
        return dir.resolve("scenes").resolve("board0.json");
    }

    private List<Path> filesInSceneFolder() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("scenes"))) {
            return s.sorted().toList();
        }
    }

    @Test
    void savedScenesAndTheMarkSurviveANewStore() {
        SceneStore store = SceneStore.inDataDir(dir);
        store.update("board0", s -> s.withSaved(scene("Evening", true)));
        store.update("board0", s -> s.withSaved(scene("Night", false)).withPowerOn("Night"));

        BoardScenes again = SceneStore.inDataDir(dir).get("board0");

        assertThat(again).isEqualTo(store.get("board0"));
        assertThat(again.scenes()).extracting(Scene::name).containsExactly("Evening", "Night");
        assertThat(again.powerOn()).isEqualTo("Night");
        assertThat(again.find("evening")).contains(scene("Evening", true));
    }

    @Test
    void aCrashBeforeTheMoveLeavesTheOldFileWholeAndNoTemporaryFile() throws IOException {
        SceneStore.inDataDir(dir).update("board0", s -> s.withSaved(scene("Evening", true)));
        byte[] before = Files.readAllBytes(file());
        SceneStore crashing = SceneStore.inDataDir(dir, () -> {
            throw new IOException("power cut (test)");
        });

        assertThatThrownBy(() -> crashing.update("board0", s -> s.withSaved(scene("Night", false))))
                .isInstanceOfSatisfying(
                        CommandException.class, e -> assertThat(e.apiCode()).isEqualTo("storage_unavailable"));

        assertThat(Files.readAllBytes(file())).isEqualTo(before);
        assertThat(filesInSceneFolder()).containsExactly(file());
        assertThat(crashing.get("board0").scenes()).extracting(Scene::name).containsExactly("Evening");
        assertThat(crashing.problem("board0")).contains("power cut (test)");
    }

    @Test
    void aTemporaryFileLeftByAKilledProcessIsIgnoredAndRemoved() throws IOException {
        SceneStore.inDataDir(dir).update("board0", s -> s.withSaved(scene("Evening", true)));
        Path stray = dir.resolve("scenes").resolve(".board0.json.12345.tmp");
        Files.writeString(stray, "{\"format\":1,\"scen"); // half a file: the process died while writing it

        BoardScenes loaded = SceneStore.inDataDir(dir).get("board0");

        assertThat(loaded.scenes()).extracting(Scene::name).containsExactly("Evening");
        assertThat(stray).doesNotExist();
    }

    @Test
    void aCorruptFileIsKeptAsideUntouchedAndTheBoardStartsEmpty() throws IOException {
        Files.createDirectories(file().getParent());
        byte[] corrupt = "{\"format\":1,\"scenes\":[{\"name\":\"Eve".getBytes(StandardCharsets.UTF_8);
        Files.write(file(), corrupt);

        SceneStore store = SceneStore.inDataDir(dir);

        assertThat(store.get("board0")).isEqualTo(BoardScenes.EMPTY);
        List<Path> files = filesInSceneFolder();
        assertThat(files).hasSize(1);
        Path aside = files.get(0);
        assertThat(aside.getFileName().toString()).startsWith("board0.json.corrupt-");
        assertThat(Files.readAllBytes(aside)).isEqualTo(corrupt);

        store.update("board0", s -> s.withSaved(scene("Evening", true))); // a new file, the old one stays aside
        Files.write(file(), "[]".getBytes(StandardCharsets.UTF_8)); // corrupt again, in the same second
        SceneStore.inDataDir(dir).get("board0");

        assertThat(Files.readAllBytes(aside)).isEqualTo(corrupt);
        assertThat(filesInSceneFolder())
                .hasSize(2)
                .allMatch(p -> p.getFileName().toString().startsWith("board0.json.corrupt-"));
    }

    @Test
    void fileContentsThatBreakTheRulesCountAsCorrupt() throws IOException {
        Files.createDirectories(file().getParent());
        for (String bad : List.of(
                "{\"format\":2,\"device\":\"board0\",\"powerOn\":null,\"scenes\":[]}",
                "{\"format\":1,\"device\":\"board0\",\"powerOn\":\"Gone\",\"scenes\":[]}",
                "{\"format\":1,\"device\":\"board0\",\"powerOn\":null,\"scenes\":[{\"name\":\"\",\"lights\":[{\"light\":0,\"on\":true}]}]}",
                "{\"format\":1,\"device\":\"board0\",\"powerOn\":null,\"scenes\":[{\"name\":\"a\",\"lights\":[{\"light\":0,\"brightness\":256}]}]}",
                "{\"format\":1,\"device\":\"board0\",\"powerOn\":null,\"scenes\":[{\"name\":\"a\",\"lights\":[{\"light\":0,\"on\":true}]},{\"name\":\"A\",\"lights\":[{\"light\":0,\"on\":true}]}]}")) {
            Files.writeString(file(), bad);
            assertThat(SceneStore.inDataDir(dir).get("board0")).as(bad).isEqualTo(BoardScenes.EMPTY);
            assertThat(file()).as(bad).doesNotExist(); // moved aside
        }
    }

    @Test
    void aFolderThatCannotBeWrittenRefusesChangesAndKeepsRunning() throws IOException {
        Path notAFolder = dir.resolve("data");
        Files.writeString(notAFolder, "a file where the data folder should be");
        SceneStore store = SceneStore.inDataDir(notAFolder);

        assertThat(store.get("board0")).isEqualTo(BoardScenes.EMPTY);
        assertThatThrownBy(() -> store.update("board0", s -> s.withSaved(scene("Evening", true))))
                .isInstanceOfSatisfying(CommandException.class, e -> {
                    assertThat(e.apiCode()).isEqualTo("storage_unavailable");
                    assertThat(e.getMessage()).contains(notAFolder.toString()).contains("nothing was changed");
                });
        assertThat(store.get("board0")).isEqualTo(BoardScenes.EMPTY);
        assertThat(store.problem("board0")).contains("cannot write");
    }

    @Test
    void theSceneCountIsBounded() {
        SceneStore store = SceneStore.inMemory();
        for (int i = 0; i < SceneStore.MAX_SCENES_PER_BOARD; i++) {
            String name = "s" + i;
            store.update("board0", s -> s.withSaved(scene(name, true)));
        }
        assertThatThrownBy(() -> store.update("board0", s -> s.withSaved(scene("one more", true))))
                .isInstanceOfSatisfying(
                        CommandException.class, e -> assertThat(e.apiCode()).isEqualTo("too_many_scenes"));
        assertThat(store.get("board0").scenes()).hasSize(SceneStore.MAX_SCENES_PER_BOARD);
    }

    @Test
    void nameRules() {
        assertThat(SceneNames.check("Évening 2 ✨")).isEqualTo("Évening 2 ✨");
        assertThat(SceneNames.check("x".repeat(SceneNames.MAX_NAME_CHARS))).hasSize(40);
        for (String bad : new String[] {
            null, "", "   ", "x".repeat(SceneNames.MAX_NAME_CHARS + 1), " lead", "trail ", "a/b", "tab\there"
        }) {
            assertThatThrownBy(() -> SceneNames.check(bad))
                    .as(String.valueOf(bad))
                    .isInstanceOfSatisfying(
                            CommandException.class, e -> assertThat(e.apiCode()).isEqualTo("bad_scene_name"));
        }
        assertThat(SceneNames.sameName("Evening", "EVENING")).isTrue();
    }
}
