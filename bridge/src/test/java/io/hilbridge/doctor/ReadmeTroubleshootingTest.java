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

/** The README's troubleshooting table has exactly one row per finding of the doctor, in the same names. */
class ReadmeTroubleshootingTest {

    @Test
    void oneRowPerFinding() throws Exception {
        String root = System.getProperty("maven.multiModuleProjectDirectory");
        Path readme = (root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent()).resolve("README.md");
        if (!Files.exists(readme)) readme = Path.of("").toAbsolutePath().getParent().resolve("README.md");
        String text = Files.readString(readme);
        int start = text.indexOf("### 6. Troubleshooting");
        assertThat(start).as("README has a troubleshooting section").isPositive();
        int end = text.indexOf("\n## ", start);
        Matcher m = Pattern.compile("(?m)^\\| `([A-Z_]+)` \\|").matcher(text.substring(start, end < 0 ? text.length() : end));
        List<String> rows = new java.util.ArrayList<>();
        while (m.find()) rows.add(m.group(1));
        assertThat(rows).containsExactlyElementsOf(Arrays.stream(PortProblem.Kind.values()).map(Enum::name).toList());
    }
}
