package io.hilbridge.junit;

import java.nio.file.Files;
import java.nio.file.Path;

/** The hilbridge repository a test runs in, for the boards built from it (host-sim). Stateless. */
final class RepoRoot {
    private RepoRoot() {}

    /** The nearest directory at or above the working directory holding protocol-spec/, or null outside it. */
    static Path find() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("protocol-spec"))) p = p.getParent();
        return p;
    }
}
