package io.hilbridge.emulator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where {@code --serial qemu-esp32c3} finds QEMU and the image, and what it says when something is missing. */
class Esp32c3SetupTest {

    @TempDir
    Path dir;

    @Test
    void anExplicitQemuWinsOverTheKit() throws IOException {
        Esp32c3Board.Qemu q = Esp32c3Setup.qemu(
                Map.of("HILBRIDGE_ESP32C3_QEMU", "/opt/esp/qemu-system-riscv32", "HILBRIDGE_ESP_KIT", dir.toString()));
        assertThat(q.executable()).isEqualTo("/opt/esp/qemu-system-riscv32");
        assertThat(q.leadingArgs()).isEmpty();
    }

    @Test
    void theKitsQemuGetsTheKitsRomFolder() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("qemu/bin")).resolve("qemu-system-riscv32");
        Files.writeString(bin, "#!/bin/sh\n");
        assertThat(bin.toFile().setExecutable(true)).isTrue();
        Esp32c3Board.Qemu q = Esp32c3Setup.qemu(Map.of("HILBRIDGE_ESP_KIT", dir.toString()));
        assertThat(q.executable()).isEqualTo(bin.toString());
        assertThat(q.leadingArgs())
                .isEqualTo(List.of("-L", dir.resolve("qemu/share").toString()));
    }

    @Test
    void withoutQemuTheErrorNamesWhatToSet() {
        assertThatThrownBy(() -> Esp32c3Setup.qemu(Map.of()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("HILBRIDGE_ESP32C3_QEMU")
                .hasMessageContaining("HILBRIDGE_ESP_KIT");
        assertThatThrownBy(() -> Esp32c3Setup.qemu(Map.of("HILBRIDGE_ESP_KIT", dir.toString())))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("has no");
    }

    @Test
    void aGivenImageMustExistAndTheRepositoryImageIsFound() throws IOException {
        assertThatThrownBy(() -> Esp32c3Setup.image(
                        Map.of("HILBRIDGE_ESP32C3_IMAGE", dir.resolve("x.bin").toString()), dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no such file");
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Files.createDirectories(repo.resolve("firmware"));
        assertThatThrownBy(() -> Esp32c3Setup.image(Map.of(), repo))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(Esp32c3Setup.IMAGE)
                .hasMessageContaining("HILBRIDGE_ESP32C3_IMAGE");
        Path image = repo.resolve(Esp32c3Setup.IMAGE);
        Files.createDirectories(image.getParent());
        Files.write(image, new byte[16]);
        Path below = Files.createDirectories(repo.resolve("bridge/target"));
        assertThat(Esp32c3Setup.image(Map.of(), below)).isEqualTo(image);
    }

    @Test
    void startingWithoutAnImageFailsBeforeAnyProcessRuns() {
        assertThatThrownBy(() -> Esp32c3Board.start(
                        new Esp32c3Board.Qemu("qemu-system-riscv32", List.of()), dir.resolve("none.bin"), line -> {}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no ESP32-C3 flash image");
    }
}
