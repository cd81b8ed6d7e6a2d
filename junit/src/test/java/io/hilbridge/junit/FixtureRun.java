package io.hilbridge.junit;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Runs fixture classes (kit users' tests) through a real JUnit Platform launcher, as Maven would, and keeps what
 * happened to each test and container: passed, failed with what, skipped why, and their report entries.
 *
 * <p>Thread-safe collection: parallel fixture runs report from several threads.
 */
final class FixtureRun {
    record Outcome(String name, TestExecutionResult.Status status, Throwable error, String skipReason) {}

    final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
    final List<String> skips = java.util.Collections.synchronizedList(new ArrayList<>());
    final Map<String, List<Map<String, String>>> entries = new ConcurrentHashMap<>();

    static FixtureRun of(Map<String, String> config, Class<?>... classes) {
        FixtureRun run = new FixtureRun();
        LauncherDiscoveryRequestBuilder b = LauncherDiscoveryRequestBuilder.request();
        for (Class<?> c : classes) b.selectors(selectClass(c));
        b.configurationParameters(config);
        LauncherDiscoveryRequest request = b.build();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, run.listener());
        return run;
    }

    static FixtureRun of(Class<?>... classes) {
        return of(Map.of(), classes);
    }

    private TestExecutionListener listener() {
        return new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                outcomes.put(
                        id.getDisplayName(),
                        new Outcome(
                                id.getDisplayName(),
                                result.getStatus(),
                                result.getThrowable().orElse(null),
                                null));
            }

            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                outcomes.put(id.getDisplayName(), new Outcome(id.getDisplayName(), null, null, reason));
                skips.add(reason);
            }

            @Override
            public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
                entries.computeIfAbsent(
                                id.getDisplayName(), k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                        .add(entry.getKeyValuePairs());
            }
        };
    }

    Outcome outcome(String displayName) {
        Outcome o = outcomes.get(displayName);
        if (o == null) throw new AssertionError("no outcome for " + displayName + "; have " + outcomes.values());
        return o;
    }
}
