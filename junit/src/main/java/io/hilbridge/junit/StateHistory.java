package io.hilbridge.junit;

import io.hilbridge.client.ClientListener;
import io.hilbridge.client.LightState;
import io.hilbridge.client.StateEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * Every confirmed state the client heard since the current test began (bounded: the newest {@link #CAPACITY}), so
 * {@code neverLeaves} can check the whole test, not only from the assertion on.
 *
 * <p>Thread-safe: the client's receive thread adds, the test reads.
 */
final class StateHistory implements ClientListener {
    static final int CAPACITY = 10_000;

    record Seen(String device, int light, LightState state, long nanos) {}

    private final List<Seen> seen = new ArrayList<>();
    private boolean overflowed;

    @Override
    public synchronized void onState(StateEvent e) {
        if (seen.size() == CAPACITY) {
            seen.remove(0);
            overflowed = true;
        }
        seen.add(new Seen(e.device(), e.light(), e.state(), System.nanoTime()));
    }

    /** Forgets everything: a new test begins. */
    synchronized void clear() {
        seen.clear();
        overflowed = false;
    }

    synchronized List<Seen> of(String device, int light) {
        return seen.stream()
                .filter(s -> s.device().equals(device) && s.light() == light)
                .toList();
    }

    synchronized boolean overflowed() {
        return overflowed;
    }
}
