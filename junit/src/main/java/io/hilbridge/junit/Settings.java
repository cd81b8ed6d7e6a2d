package io.hilbridge.junit;

import java.util.Map;

/** Where the kit's settings come from, in one place. Stateless. */
final class Settings {
    private Settings() {}

    /**
     * The token of a running bridge ({@code url:} boards): {@code HILBRIDGE_TOKEN}, else the system property
     * {@code hilbridge.token} (which a shell's history keeps: prefer the environment), else none.
     */
    static String token(Map<String, String> env) {
        return token(env.get("HILBRIDGE_TOKEN"), System.getProperty("hilbridge.token"));
    }

    /** The rule itself, with the environment variable's and the property's values (null or blank: not set). */
    static String token(String env, String property) {
        if (env != null && !env.isBlank()) return env;
        return property == null || property.isBlank() ? null : property;
    }
}
