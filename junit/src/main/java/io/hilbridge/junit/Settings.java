package io.hilbridge.junit;

/** Where the kit's settings come from, in one place. Stateless. */
final class Settings {
    private Settings() {}

    /**
     * The token of a running bridge ({@code url:} boards): {@code HILBRIDGE_TOKEN}, else the system property
     * {@code hilbridge.token} (which a shell's history keeps: prefer the environment), else none.
     */
    static String token() {
        String env = System.getenv("HILBRIDGE_TOKEN");
        if (env != null && !env.isBlank()) return env;
        String property = System.getProperty("hilbridge.token");
        return property == null || property.isBlank() ? null : property;
    }
}
