package io.hilbridge.app;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The default --data-dir per operating system, as the help text and websocket-api.md section 5 state it. */
class DataDirTest {
    @Test
    void linuxUsesXdgDataHomeWhenAbsoluteElseLocalShare() {
        assertThat(DataDir.defaultDir(Map.of("XDG_DATA_HOME", "/data/me"), "Linux", "/home/me"))
                .isEqualTo(Path.of("/data/me", "hilbridge"));
        assertThat(DataDir.defaultDir(Map.of("XDG_DATA_HOME", "relative/ignored"), "Linux", "/home/me"))
                .isEqualTo(Path.of("/home/me", ".local", "share", "hilbridge"));
        assertThat(DataDir.defaultDir(Map.of(), "Linux", "/home/me"))
                .isEqualTo(Path.of("/home/me", ".local", "share", "hilbridge"));
    }

    @Test
    void macOsUsesApplicationSupport() {
        assertThat(DataDir.defaultDir(Map.of("XDG_DATA_HOME", "/x"), "Mac OS X", "/Users/me"))
                .isEqualTo(Path.of("/Users/me", "Library", "Application Support", "hilbridge"));
    }

    @Test
    void windowsUsesAppData() {
        assertThat(DataDir.defaultDir(Map.of("APPDATA", "/roaming"), "Windows 11", "/users/me"))
                .isEqualTo(Path.of("/roaming", "hilbridge"));
        assertThat(DataDir.defaultDir(Map.of(), "Windows 11", "/users/me"))
                .isEqualTo(Path.of("/users/me", "AppData", "Roaming", "hilbridge"));
    }
}
