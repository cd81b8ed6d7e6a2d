package io.hilbridge.link;

import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.Effect;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.LightInfo;
import io.hilbridge.lights.Rgb;
import io.hilbridge.sim.LoopbackTransport;
import io.hilbridge.sim.SimulatedBoard;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The soak of issue 4: 10,000 random commands over every light through a wire that corrupts 1% of the bytes, with
 * 5 board resets and 3 unplugs on the way. At the end the board shows exactly the last desired state, every command
 * got exactly one answer, nothing escaped, and no thread is left behind.
 */
class LinkSoakTest {
    private static final int COMMANDS = 10_000;
    private static final int BATCH = 32;

    @Test
    void tenThousandCommandsThroughNoiseResetsAndUnplugs() throws Exception {
        Set<Thread> threadsBefore = hilbridgeThreads();
        AtomicLong uncaught = new AtomicLong();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.incrementAndGet());

        Random random = new Random(4);
        SimulatedBoard board = SimulatedBoard.builder().baud(0).seed(4).build();
        // 1% of the bytes in each direction are corrupted: flipped, dropped or duplicated
        board.faults().bitFlipRate(0.006).dropRate(0.002).duplicateRate(0.002);
        LinkSession s = LinkSession.start(
                "soak",
                new LoopbackTransport(board),
                LinkSessionFaultsTest.FAST.toBuilder()
                        .retransmitTimeout(Duration.ofMillis(10))
                        .maxRetransmitTimeout(Duration.ofMillis(40))
                        .build());
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> s.status() == DeviceStatus.ONLINE);
            List<LightInfo> lights = s.info().orElseThrow().lights();

            AtomicLong acks = new AtomicLong();
            AtomicLong errors = new AtomicLong();
            AtomicLong doubleAnswers = new AtomicLong();
            AtomicLong strangeErrors = new AtomicLong();
            Map<String, Long> errorCodes = new ConcurrentHashMap<>();
            List<CompletableFuture<Void>> all = new ArrayList<>(COMMANDS);
            int batches = (COMMANDS + BATCH - 1) / BATCH;
            Set<Integer> resetAt = Set.of(30, 85, 145, 205, 280);
            Set<Integer> unplugAt = Set.of(60, 175, 240);
            for (int b = 0; b < batches; b++) {
                if (resetAt.contains(b)) board.faults().reset();
                boolean unplug = unplugAt.contains(b);
                if (unplug) board.faults().unplug();
                List<CompletableFuture<Void>> batch = new ArrayList<>(BATCH);
                for (int i = 0; i < BATCH && all.size() + batch.size() < COMMANDS; i++) {
                    int light = random.nextInt(lights.size());
                    CompletableFuture<Void> f = s.set(light, randomChange(random, lights.get(light)));
                    AtomicLong answers = new AtomicLong();
                    f.whenComplete((v, e) -> {
                        if (answers.incrementAndGet() > 1) doubleAnswers.incrementAndGet();
                        if (e == null) {
                            acks.incrementAndGet();
                        } else if (e instanceof CommandException ce) {
                            errors.incrementAndGet();
                            errorCodes.merge(ce.apiCode(), 1L, Long::sum);
                        } else {
                            strangeErrors.incrementAndGet();
                        }
                    });
                    batch.add(f);
                }
                all.addAll(batch);
                CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new))
                        .handle((v, e) -> null)
                        .get(30, TimeUnit.SECONDS);
                if (unplug) {
                    board.faults().replug();
                    await().atMost(Duration.ofSeconds(20)).until(() -> s.status() != DeviceStatus.OFFLINE);
                }
            }

            System.out.printf("soak: %d acks, %d errors %s, %s%n", acks.get(), errors.get(), errorCodes, s.stats());
            assertThat(all).hasSize(COMMANDS).allMatch(CompletableFuture::isDone);
            assertThat(acks.get() + errors.get()).isEqualTo(COMMANDS);
            assertThat(doubleAnswers.get()).isZero();
            assertThat(strangeErrors.get()).isZero();
            assertThat(errorCodes.keySet()).isSubsetOf("timeout", "device_offline");
            // Still under noise: the board converges to the last desired state of every light.
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(board.lights()).isEqualTo(s.desiredStates()));
            assertThat(s.stats().resets()).isEqualTo(5 + 3); // a replug is a power-on: a new boot id too
            assertThat(s.stats().reconnects()).isGreaterThanOrEqualTo(3);
            assertThat(s.stats().decodeErrors()).isPositive();
            assertThat(s.internalErrors()).isZero();
            System.out.printf("soak: %d acks, %d errors %s, %s%n", acks.get(), errors.get(), errorCodes, s.stats());
        } finally {
            s.close();
            board.close();
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
        assertThat(uncaught.get()).isZero();
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(hilbridgeThreads().stream()
                                .filter(t -> !threadsBefore.contains(t))
                                .map(Thread::getName)
                                .collect(Collectors.toList()))
                        .isEmpty());
    }

    private static Set<Thread> hilbridgeThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("hilbridge-"))
                .collect(Collectors.toSet());
    }

    private static LightChange randomChange(Random r, LightInfo light) {
        Boolean on = r.nextInt(3) == 0 ? null : r.nextBoolean();
        Integer brightness = light.kind().dimmable() && r.nextBoolean() ? r.nextInt(256) : null;
        Rgb color = light.kind().colored() && r.nextBoolean()
                ? new Rgb(r.nextInt(256), r.nextInt(256), r.nextInt(256))
                : null;
        Integer transition = light.kind().dimmable() && r.nextInt(4) == 0 ? r.nextInt(1000) : null;
        Effect effect = null;
        if (r.nextInt(5) == 0) {
            List<Effect> options = new ArrayList<>(light.effects());
            options.add(Effect.NONE);
            options.sort(null);
            effect = options.get(r.nextInt(options.size()));
        }
        LightChange c = new LightChange(on, brightness, color, transition, effect);
        return c.isEmpty() ? new LightChange(true, null, null, null, null) : c;
    }
}
