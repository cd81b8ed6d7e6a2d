package io.hilbridge.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hilbridge.app.Bridge;
import io.hilbridge.app.BridgeConfig;
import io.hilbridge.junit.Board;
import io.hilbridge.junit.HilbridgeTest;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.hilbridge.client.LightChange.turnOn;
import static io.hilbridge.junit.HilbridgeAssertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * What the kit costs per test against the same checks written by hand with REST calls, on the simulated board in
 * this process: {@value #CHECKS} checks "set light 1 to brightness b, the board confirms b", as one
 * {@code @HilbridgeTest} class (bridge start, isolation before each test, the client) and as a loop of REST PUT/GET
 * on one bridge started by hand. A program, not a test: it prints a table. Run:
 * {@code ./mvnw -o -q -pl bridge,client,junit,examples -DskipTests -Pbench -Dbench=KitOverheadBenchmark verify}
 */
public final class KitOverheadBenchmark {
    static final int CHECKS = 50;
    static final int RUNS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The checks through the kit (run by the launcher, never by Surefire: its name is not a test class's). */
    @HilbridgeTest(board = "sim")
    public static class KitChecks {
        @RepeatedTest(CHECKS)
        void setIsConfirmed(Board board, RepetitionInfo info) {
            int b = info.getCurrentRepetition() * 5;
            board.confirm(1, turnOn().brightness(b));
            assertThat(board.light(1)).reaches(turnOn().brightness(b)).within(Duration.ofSeconds(5));
        }
    }

    public static void main(String[] args) throws Exception {
        System.clearProperty("hilbridge.board");
        kit();
        rest(); // warm-up of both
        List<Long> kit = new ArrayList<>();
        List<Long> rest = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            kit.add(kit());
            rest.add(rest());
        }
        long k = median(kit);
        long r = median(rest);
        System.out.printf(
                "%d checks \"set, board confirms\" on the simulated board, median of %d runs (interleaved)%n",
                CHECKS, RUNS);
        System.out.printf("%-28s %10s %14s%n", "way", "total ms", "per check ms");
        System.out.printf("%-28s %10d %14.2f%n", "raw REST (bridge by hand)", r, (double) r / CHECKS);
        System.out.printf("%-28s %10d %14.2f%n", "@HilbridgeTest (kit)", k, (double) k / CHECKS);
        System.out.printf(
                "kit / raw REST = %.2f; kit overhead per test = %.2f ms%n", (double) k / r, (double) (k - r) / CHECKS);
    }

    static long kit() {
        AtomicInteger failed = new AtomicInteger();
        long start = System.nanoTime();
        LauncherFactory.create()
                .execute(
                        LauncherDiscoveryRequestBuilder.request()
                                .selectors(selectClass(KitChecks.class))
                                .build(),
                        new TestExecutionListener() {
                            @Override
                            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                                if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                                    failed.incrementAndGet();
                                    System.out.println("FAILED " + id.getDisplayName() + ": " + result.getThrowable());
                                }
                            }
                        });
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (failed.get() > 0) throw new IllegalStateException(failed + " kit checks failed");
        return ms;
    }

    static long rest() throws Exception {
        long start = System.nanoTime();
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try (Bridge bridge = Bridge.start(BridgeConfig.loopback(), line -> {})) {
            URI base = URI.create("http://127.0.0.1:" + bridge.httpPort());
            awaitHealthy(http, base);
            for (int i = 1; i <= CHECKS; i++) {
                int b = i * 5;
                URI light = base.resolve("/api/devices/board0/lights/1");
                HttpResponse<String> put = http.send(
                        HttpRequest.newBuilder(light)
                                .timeout(Duration.ofSeconds(5))
                                .header("Content-Type", "application/json")
                                .PUT(HttpRequest.BodyPublishers.ofString("{\"on\": true, \"brightness\": " + b + "}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (put.statusCode() != 200) throw new IllegalStateException("PUT answered " + put.body());
                HttpResponse<String> get = http.send(
                        HttpRequest.newBuilder(base.resolve("/api/devices/board0"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                JsonNode state =
                        JSON.readTree(get.body()).path("lights").path(1).path("state");
                if (state.path("brightness").asInt() != b || !state.path("on").asBoolean()) {
                    throw new IllegalStateException("light 1 is " + state + ", wanted brightness " + b);
                }
            }
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** What a hand-written REST test does: ask /api/health until the board is online, with a deadline. */
    private static void awaitHealthy(HttpClient http, URI base) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            HttpResponse<String> health = http.send(
                    HttpRequest.newBuilder(base.resolve("/api/health"))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (health.body().contains("\"ok\"")) return;
            if (System.nanoTime() > deadline) throw new IllegalStateException("bridge not healthy: " + health.body());
            Thread.onSpinWait();
        }
    }

    static long median(List<Long> xs) {
        List<Long> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }
}
