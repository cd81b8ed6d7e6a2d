package io.hilbridge.examples.bench;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Wall time of the example suite per board kind, with the classes run one after another and with JUnit's parallel
 * execution (classes concurrent, as many threads as cores), through the same JUnit launcher Maven uses. A program,
 * not a test: it prints a table. Run:
 * {@code ./mvnw -o -q -pl bridge,client,junit,examples -DskipTests -Pbench -Dbench=ExampleSuiteBenchmark verify}
 * (args: board kinds, default {@code sim host-sim qemu}).
 */
public final class ExampleSuiteBenchmark {
    static final String[] SUITE = {"LightCommandsExample", "RefusalsExample", "RecoveryExample", "ClientsExample"};
    static final int RUNS = 3;

    public static void main(String[] args) {
        List<String> boards =
                args.length == 0 || args[0].isBlank() ? List.of("sim", "host-sim", "qemu") : Arrays.asList(args);
        System.out.printf(
                "example suite (%d classes), median of %d runs after one warm-up, %d cores%n",
                SUITE.length, RUNS, Runtime.getRuntime().availableProcessors());
        System.out.printf("%-10s %6s %12s %12s %9s%n", "board", "tests", "serial ms", "parallel ms", "ratio");
        for (String board : boards) {
            System.setProperty("hilbridge.board", board);
            run(false); // warm-up: JIT, the first build of an emulated image, page cache
            Result serial = median(false);
            Result parallel = median(true);
            System.out.printf(
                    "%-10s %6s %12d %12d %9.2f%n",
                    board,
                    serial.ran + "/" + serial.skipped + "s",
                    serial.millis,
                    parallel.millis,
                    (double) parallel.millis / serial.millis);
            if (serial.failed + parallel.failed > 0) {
                System.out.println("  FAILED tests: " + serial.failed + " serial, " + parallel.failed + " parallel");
            }
        }
        System.out.println("ratio = parallel / serial wall time (below 1: parallel is faster); s = skipped");
    }

    record Result(long millis, int ran, int skipped, int failed) {}

    static Result median(boolean parallel) {
        List<Result> runs = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) runs.add(run(parallel));
        runs.sort((a, b) -> Long.compare(a.millis, b.millis));
        return runs.get(RUNS / 2);
    }

    static Result run(boolean parallel) {
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
        for (String c : SUITE) request.selectors(selectClass("io.hilbridge.examples." + c));
        if (parallel) {
            request.configurationParameters(Map.of(
                    "junit.jupiter.execution.parallel.enabled", "true",
                    "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
                    "junit.jupiter.execution.parallel.config.strategy", "dynamic",
                    "junit.jupiter.execution.parallel.config.dynamic.factor", "1"));
        }
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger skipped = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Launcher launcher = LauncherFactory.create();
        long start = System.nanoTime();
        launcher.execute(request.build(), new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (!id.isTest()) return;
                if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) ran.incrementAndGet();
                else if (result.getStatus() == TestExecutionResult.Status.ABORTED) skipped.incrementAndGet();
                else {
                    failed.incrementAndGet();
                    System.out.println("  FAILED " + id.getDisplayName() + ": "
                            + result.getThrowable().orElse(null));
                }
            }
        });
        return new Result((System.nanoTime() - start) / 1_000_000, ran.get(), skipped.get(), failed.get());
    }
}
