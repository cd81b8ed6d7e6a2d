package io.hilbridge.junit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a program can be run, for the checks that a board's tools are installed. Stateless. */
final class Executables {
    private Executables() {}

    static boolean onPath(String exe) {
        if (exe.contains("/")) return Files.isExecutable(Path.of(exe));
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, exe))) return true;
        }
        return false;
    }
}
