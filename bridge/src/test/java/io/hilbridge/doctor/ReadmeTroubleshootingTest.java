package io.hilbridge.doctor;

import io.hilbridge.serial.PortProblem;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hardware guide's troubleshooting table (docs/hardware.md, section 6, where the README points) has exactly one
 * row per finding of the doctor, in the same names, and the README names every finding.
 */
class ReadmeTroubleshootingTest {

    @Test
    void oneRowPerFinding() throws Exception {
        String root = System.getProperty("maven.multiModuleProjectDirectory");
        Path repo = root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent();
        if (!Files.exists(repo.resolve("README.md")))
            repo = Path.of("").toAbsolutePath().getParent();
        List<String> findings =
                Arrays.stream(PortProblem.Kind.values()).map(Enum::name).toList();
        String readme = Files.readString(repo.resolve("README.md"));
        for (String f : findings)
            assertThat(readme).as("the README names %s", f).contains("`" + f + "`");
        String text = Files.readString(repo.resolve("docs/hardware.md"));
        int start = text.indexOf("## 6. Troubleshooting");
        assertThat(start).as("docs/hardware.md has a troubleshooting section").isPositive();
        int end = text.indexOf("\n## ", start);
        Matcher m = Pattern.compile("(?m)^\\| `([A-Z_]+)` \\|")
                .matcher(text.substring(start, end < 0 ? text.length() : end));
        List<String> rows = new java.util.ArrayList<>();
        while (m.find()) rows.add(m.group(1));
        assertThat(rows).containsExactlyElementsOf(findings);
    }
}
