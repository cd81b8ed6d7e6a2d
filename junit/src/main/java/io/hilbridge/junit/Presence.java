package io.hilbridge.junit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The one rule for a board that is not there: the test is skipped with one line naming what is missing, unless the
 * board must be present: {@code -Dhilbridge.require=true} (a bench), or {@code CI=true} for the boards CI installs
 * the tools of ({@code sim}, {@code host-sim}, {@code qemu}); then it fails with the same line.
 *
 * <p>Stateless; safe from any thread.
 */
final class Presence {
    private Presence() {}

    /** Skips or fails (never returns). */
    static RuntimeException missing(BoardSpec spec, String what) {
        String line = "hilbridge board " + spec + " is not available: " + what;
        if (required(spec)) {
            Assertions.fail(
                    line + (Boolean.getBoolean("hilbridge.require") ? " (-Dhilbridge.require=true)" : " (CI=true)"));
        }
        // Surefire does not show why a class was aborted in @BeforeAll; say it once, plainly.
        System.err.println("SKIPPED " + line);
        Assumptions.abort(line);
        throw new IllegalStateException("unreachable");
    }

    /** A fault the board cannot do: skipped with the reason (a bench must not fail for what its board lacks). */
    static RuntimeException cannot(BoardSpec spec, String fault, String why) {
        String line = "hilbridge board " + spec + " cannot " + fault + ": " + why;
        System.err.println("SKIPPED " + line);
        Assumptions.abort(line);
        throw new IllegalStateException("unreachable");
    }

    static boolean required(BoardSpec spec) {
        return required(spec, Boolean.getBoolean("hilbridge.require"), System.getenv("CI"));
    }

    /** The rule itself: {@code require} is {@code -Dhilbridge.require}, {@code ci} the value of {@code CI}. */
    static boolean required(BoardSpec spec, boolean require, String ci) {
        if (require) return true;
        boolean ciBoard = spec.kind() == BoardSpec.Kind.SIM
                || spec.kind() == BoardSpec.Kind.HOST_SIM
                || spec.kind() == BoardSpec.Kind.QEMU;
        return ciBoard && "true".equals(ci);
    }
}
