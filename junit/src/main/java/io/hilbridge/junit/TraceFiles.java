package io.hilbridge.junit;

import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;

/**
 * Where each test's link trace goes: {@code target/hilbridge/<test class>/<test method>.pcapng}.
 *
 * <p>Thread-safety: one per rig; used from the test's thread.
 */
final class TraceFiles {
    private final Path dir;

    private TraceFiles(Path dir) {
        this.dir = dir;
    }

    /** {@code target/hilbridge/<class name>} under the working directory (the module's, under Maven). */
    static Path directory(Class<?> testClass) {
        return Path.of("target", "hilbridge", testClass.getName());
    }

    static TraceFiles forSpec(BoardSpec spec, Path dir) {
        return new TraceFiles(dir);
    }

    void beginTest(ExtensionContext context, TestRun run) {
    }

    /** This test's trace file, or null when none is written. */
    Path current() {
        return null;
    }
}
