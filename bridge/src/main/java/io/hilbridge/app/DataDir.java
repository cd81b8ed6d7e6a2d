package io.hilbridge.app;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The default data folder ({@code --data-dir}): the user's data directory of the operating system, plus
 * {@code hilbridge}. Linux and other Unix: {@code $XDG_DATA_HOME} when it is an absolute path, else
 * {@code ~/.local/share} (the XDG Base Directory rule); macOS: {@code ~/Library/Application Support}; Windows:
 * {@code %APPDATA%} (else {@code ~\AppData\Roaming}). Stateless.
 */
public final class DataDir {
    public static final String APP = "hilbridge";

    private DataDir() {}

    /** The default for this process. */
    public static Path defaultDir() {
        return defaultDir(System.getenv(), System.getProperty("os.name", ""), System.getProperty("user.home", "."));
    }

    /** The default for a given environment, OS name ({@code os.name}) and home folder. */
    public static Path defaultDir(Map<String, String> env, String osName, String home) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            String appData = env.get("APPDATA");
            Path base = appData != null && !appData.isBlank() ? Path.of(appData) : Path.of(home, "AppData", "Roaming");
            return base.resolve(APP);
        }
        if (os.startsWith("mac")) return Path.of(home, "Library", "Application Support", APP);
        String xdg = env.get("XDG_DATA_HOME");
        if (xdg != null && Path.of(xdg).isAbsolute()) return Path.of(xdg, APP);
        return Path.of(home, ".local", "share", APP);
    }
}
