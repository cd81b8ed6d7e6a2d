package io.hilbridge.client;

import java.util.List;

/**
 * Which lights of a device a {@code set} addresses: one id, a list of ids, or all of them. Immutable.
 */
public final class Lights {
    private static final Lights ALL = new Lights(null);

    private final List<Integer> ids;

    private Lights(List<Integer> ids) {
        this.ids = ids;
    }

    public static Lights one(int id) {
        return new Lights(List.of(id));
    }

    public static Lights of(int... ids) {
        if (ids.length == 0) throw new IllegalArgumentException("Lights.of needs at least one light id (or use all())");
        return new Lights(java.util.Arrays.stream(ids).boxed().toList());
    }

    public static Lights all() {
        return ALL;
    }

    public boolean isAll() {
        return ids == null;
    }

    /** The ids; empty for {@link #all()}. */
    public List<Integer> ids() {
        return ids == null ? List.of() : ids;
    }

    @Override
    public String toString() {
        if (ids == null) return "all";
        return ids.size() == 1 ? String.valueOf(ids.get(0)) : ids.toString();
    }
}
