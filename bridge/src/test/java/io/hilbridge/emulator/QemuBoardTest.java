package io.hilbridge.emulator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a person sees when the emulated board cannot start (the running board is tested in hilbridge-tests). */
class QemuBoardTest {

    @TempDir
    Path dir;

    @Test
    void aMissingImageSaysHowToBuildIt() {
        assertThatThrownBy(() -> QemuBoard.start(
                        "qemu-system-riscv32", dir.resolve("none.elf"), dir.resolve("link"), line -> {}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("firmware/port/qemu-virt/build.sh image");
        assertThat(dir.resolve("link")).doesNotExist();
    }

    @Test
    void aMissingEmulatorSaysWhatToInstall() throws IOException {
        Path image = Files.writeString(dir.resolve("board.elf"), "not really an ELF");
        assertThatThrownBy(() ->
                        QemuBoard.start(dir.resolve("no-qemu").toString(), image, dir.resolve("link"), line -> {}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("apt-get install qemu-system-misc");
        assertThat(dir.resolve("link")).doesNotExist();
    }
}
