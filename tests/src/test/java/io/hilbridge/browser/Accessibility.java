package io.hilbridge.browser;

import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.openqa.selenium.WebDriver;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs axe-core (Deque's engine, bundled in the test jar, injected into the page: nothing is fetched) on the whole
 * page as it is at that moment, so every panel a feature script has added is checked too. Stateless.
 */
public final class Accessibility {
    /** axe's two highest impacts; "moderate" and "minor" findings are reported by axe but do not fail a test. */
    private static final Set<String> FAILING = Set.of("serious", "critical");

    private Accessibility() {}

    /**
     * Fails when axe finds a serious or critical violation; the message names {@code where} (the view checked) and
     * lists every such violation: rule, impact, what it asks, its help page, and each element (CSS target) with
     * axe's summary of what is wrong there.
     */
    public static void assertNoSeriousViolations(WebDriver driver, String where) {
        Results results = new AxeBuilder().analyze(driver);
        assertThat(results.isErrored())
                .as("axe-core could not run on %s: %s", where, results.getErrorMessage())
                .isFalse();
        List<Rule> serious = results.getViolations().stream()
                .filter(r -> FAILING.contains(r.getImpact()))
                .toList();
        assertThat(serious)
                .as("axe-core passed %d rules on %s", results.getPasses().size(), where)
                .withFailMessage(() -> describe(where, serious))
                .isEmpty();
    }

    static String describe(String where, List<Rule> violations) {
        StringBuilder b = new StringBuilder()
                .append(violations.size())
                .append(" serious or critical accessibility violation(s) on ")
                .append(where)
                .append(':');
        for (Rule r : violations) {
            b.append("\n- ")
                    .append(r.getId())
                    .append(" [")
                    .append(r.getImpact())
                    .append("] ")
                    .append(r.getHelp())
                    .append(" (")
                    .append(r.getHelpUrl())
                    .append(')');
            for (CheckedNode n : r.getNodes()) {
                b.append("\n    at ")
                        .append(n.getTarget())
                        .append(": ")
                        .append(String.valueOf(n.getFailureSummary()).replace("\n", " "));
            }
        }
        return b.toString();
    }
}
