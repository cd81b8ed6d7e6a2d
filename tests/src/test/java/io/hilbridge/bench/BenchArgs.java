package io.hilbridge.bench;

import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * The command line of every benchmark program: {@code --name=value} or {@code --flag} options. exec-maven-plugin
 * passes {@code -Dbench.args="..."} as one argument, so the arguments are joined and split on white space. A
 * benchmark's option handler throws {@link #unknown} for a name it does not know, so a typo stops the run instead of
 * measuring the defaults.
 */
final class BenchArgs {
    private BenchArgs() {}

    /** Calls {@code option} with each option's name (without {@code --}) and value (null for a flag). */
    static void parse(String[] args, BiConsumer<String, String> option) {
        for (String a : String.join(" ", args).trim().split("\\s+")) {
            if (a.isBlank()) continue;
            String[] kv = a.replaceFirst("^--", "").split("=", 2);
            option.accept(kv[0], kv.length > 1 ? kv[1] : null);
        }
    }

    static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("unknown option --" + name);
    }

    /** A comma-separated list of numbers, as {@code --clients=1000,5000}. */
    static int[] ints(String value) {
        return Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    /** Measure the code, not its debug logging: logback logs at DEBUG without a configuration file. */
    static void quietLogs() {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
    }
}
