package io.hilbridge.junit;

import io.hilbridge.client.ClientListener;
import io.hilbridge.client.HilbridgeException;
import io.hilbridge.client.LightChange;
import io.hilbridge.client.LightState;
import io.hilbridge.client.StateEvent;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Assertions on a light's confirmed state that read as the requirement:
 * {@code assertThat(board.light(0)).reaches(turnOn().brightness(128)).within(Duration.ofSeconds(2))},
 * {@code .staysIn(turnOn()).during(...)}, {@code .neverLeaves(turnOff()).during(...)}. A failure's message is built
 * by {@link FailureReport}: wanted, confirmed and desired state, recent link events, the trace's path.
 *
 * <p>Not thread-safe: one assertion on the test's thread. Every wait has its deadline in the call.
 */
public final class LightAssert {
    private final LightHandle light;

    LightAssert(LightHandle light) {
        this.light = light;
    }

    /** The board confirms a state showing every field of {@code wanted}, within the time given next. */
    public Within reaches(LightChange wanted) {
        return new Within(wanted.asPredicate());
    }

    /** The board confirms a state {@code wanted} accepts (its {@code toString} names it in failures). */
    public Within reaches(Predicate<LightState> wanted) {
        return new Within(wanted);
    }

    /** The light is in {@code wanted} now and every state the board confirms during the time given next is too. */
    public During staysIn(LightChange wanted) {
        return new During(wanted.asPredicate(), false);
    }

    public During staysIn(Predicate<LightState> wanted) {
        return new During(wanted, false);
    }

    /**
     * Like {@link #staysIn}, and every state the board confirmed since the test began was in {@code wanted} too:
     * not even a flicker.
     */
    public During neverLeaves(LightChange wanted) {
        return new During(wanted.asPredicate(), true);
    }

    public During neverLeaves(Predicate<LightState> wanted) {
        return new During(wanted, true);
    }

    /** The light's confirmed state shows {@code wanted} now. */
    public LightState is(LightChange wanted) {
        LightState now = light.confirmed();
        if (!wanted.isShownBy(now)) {
            throw new AssertionError(FailureReport.of(light, "is " + wanted, "the confirmed state is " + now));
        }
        return now;
    }

    /** The deadline of {@link #reaches}. */
    public final class Within {
        private final Predicate<LightState> wanted;

        private Within(Predicate<LightState> wanted) {
            this.wanted = wanted;
        }

        /** Waits at most {@code timeout}; returns the confirmed state that matched. */
        public LightState within(Duration timeout) {
            BoardRig rig = light.board().rig();
            try {
                return rig.client().awaitState(light.board().id(), light.id(), wanted, timeout);
            } catch (HilbridgeException e) {
                throw new AssertionError(
                        FailureReport.of(
                                light, "reaches " + wanted + " within " + timeout, "not reached: " + e.getMessage()),
                        e);
            }
        }
    }

    /** The length of {@link #staysIn} / {@link #neverLeaves}. */
    public final class During {
        private final Predicate<LightState> wanted;
        private final boolean wholeTest;

        private During(Predicate<LightState> wanted, boolean wholeTest) {
            this.wanted = wanted;
            this.wholeTest = wholeTest;
        }

        /** Watches every confirmed state for {@code duration}; fails at the first that leaves {@code wanted}. */
        public void during(Duration duration) {
            String requirement = (wholeTest ? "never leaves " : "stays in ") + wanted + " for " + duration;
            BoardRig rig = light.board().rig();
            String device = light.board().id();
            CompletableFuture<LightState> left = new CompletableFuture<>();
            ClientListener watch = new ClientListener() {
                @Override
                public void onState(StateEvent e) {
                    if (e.device().equals(device) && e.light() == light.id() && !wanted.test(e.state())) {
                        left.complete(e.state());
                    }
                }
            };
            rig.client().addListener(watch);
            try {
                if (wholeTest) checkHistory(rig, requirement);
                LightState now = light.confirmed();
                if (!wanted.test(now)) fail(requirement, "it is " + now + " already at the start");
                LightState outside = left.get(duration.toMillis(), TimeUnit.MILLISECONDS);
                fail(requirement, "the board confirmed " + outside + " during the watch");
            } catch (TimeoutException expected) {
                // the whole duration passed with every confirmed state inside: the requirement holds
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while watching " + light, e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            } finally {
                rig.client().removeListener(watch);
            }
        }

        private void checkHistory(BoardRig rig, String requirement) {
            for (StateHistory.Seen s : rig.history.of(light.board().id(), light.id())) {
                if (!wanted.test(s.state())) {
                    fail(requirement, "the board confirmed " + s.state() + " earlier in the test");
                }
            }
        }

        private void fail(String requirement, String outcome) {
            throw new AssertionError(FailureReport.of(light, requirement, outcome));
        }
    }
}
