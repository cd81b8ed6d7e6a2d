package io.hilbridge.junit;

import java.nio.file.Path;

/**
 * What the extension knows about the test running now on a rig: its name and its trace file (null when the board's
 * link is not in this JVM, {@code url:}). Set before each test.
 *
 * <p>Thread-safety: volatile fields; one test at a time uses a rig (a class's tests run one after another, and
 * classes have their own rigs).
 */
final class TestRun {
    volatile String name = "(before the first test)";
    volatile Path trace;

    String traceLine() {
        return trace == null
                ? "link trace: none (the bridge runs elsewhere: start it with --trace FILE)"
                : "link trace: " + trace.toAbsolutePath() + " (complete once the next test begins or the class ends; "
                        + "read it with: hilbridge trace FILE, or Wireshark with "
                        + "protocol-spec/wireshark/hilbridge.lua)";
    }
}
