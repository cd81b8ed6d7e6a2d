package io.hilbridge.junit;

import io.hilbridge.trace.LinkTrace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * One link trace per test ({@code protocol-spec/trace-format.md}):
 * {@code target/hilbridge/<board>/<test class>/<test>.pcapng}.
 * The bridge records into one {@link LinkTrace} from its start ({@code startup-N.pcapng}: the first handshake); before
 * each test it moves on to that test's file, so a file holds the isolation reset and the test, and is complete once
 * the next test begins or the bridge closes. A board whose bridge runs elsewhere ({@code url:}) has none.
 *
 * <p>Thread-safety: one per rig, used from the thread running that rig's tests (synchronized all the same).
 */
final class TraceFiles {
    private final Path dir;
    private final LinkTrace trace; // null: no trace (url:)
    private final Set<String> used = new HashSet<>();
    private Path current;

    private TraceFiles(Path dir, LinkTrace trace) {
        this.dir = dir;
        this.trace = trace;
    }

    /**
     * {@code target/hilbridge/<board>/<class name>} under the working directory (the module's, under Maven): runs of
     * one class against several boards keep their traces apart.
     */
    static Path directory(BoardSpec spec, Class<?> testClass) {
        String board = spec.toString().replaceAll("[^A-Za-z0-9._=-]", "_");
        return Path.of("target", "hilbridge", board, testClass.getName());
    }

    /** Starts the trace a bridge in this JVM will record into; none for a bridge elsewhere. */
    static TraceFiles forSpec(BoardSpec spec, Path dir) {
        if (spec.kind() == BoardSpec.Kind.URL) return new TraceFiles(dir, null);
        Path startup;
        try {
            startup = Files.createTempFile(dir, "startup-", ".pcapng");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a link trace in " + dir + ": " + e.getMessage(), e);
        }
        TraceFiles t = new TraceFiles(dir, LinkTrace.start(startup));
        t.current = startup;
        return t;
    }

    /** The trace for {@code Bridge.start}, which owns it from then on (and closes it); null for none. */
    LinkTrace linkTrace() {
        return trace;
    }

    /** Moves the trace to the file of the test method {@code base} ({@code base-2}, ... when it runs again). */
    synchronized void beginTest(String base) {
        if (trace == null) return;
        String name = base;
        for (int n = 2; !used.add(name); n++) name = base + "-" + n; // repeated and parameterised tests
        current = dir.resolve(name + ".pcapng");
        trace.rotate(current);
    }

    /** The file being written now, or null without a trace. */
    synchronized Path current() {
        return current; // never set without a trace
    }

    /** Closes the trace if no bridge took it (its start failed before). */
    void closeUnused() {
        if (trace != null) trace.close();
    }
}
