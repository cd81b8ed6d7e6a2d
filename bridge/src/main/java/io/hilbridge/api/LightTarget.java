package io.hilbridge.api;

import java.util.List;

/**
 * Which lights of one device a command addresses: every light ({@code "all"}), or a non-empty list of distinct
 * light ids (a single number is a list of one). Immutable.
 */
public record LightTarget(boolean all, List<Integer> ids) {

    public static final LightTarget ALL = new LightTarget(true, List.of());

    public LightTarget {
        ids = List.copyOf(ids);
        if (all != ids.isEmpty()) throw new IllegalArgumentException("either all or a non-empty list of ids");
    }

    public static LightTarget of(List<Integer> ids) {
        return new LightTarget(false, ids);
    }
}
