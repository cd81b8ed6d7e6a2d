package io.hilbridge.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A conversation written down line by line ({@code > } what was done, {@code < } each message the bridge sent), and
 * compared byte for byte with a golden file next to the test class. On a mismatch the actual transcript is written
 * to {@code target/} so the difference can be read (and, when a change of the messages is intended, copied over).
 * Not thread-safe: one per test.
 */
public final class Transcript {
    private final StringBuilder text = new StringBuilder();

    public void did(String action) {
        text.append("> ").append(action).append('\n');
    }

    public void sent(String message) {
        text.append("< ").append(message).append('\n');
    }

    /** Compares with the resource {@code <TestClass>.transcript} beside {@code testClass}. */
    public void assertMatchesGolden(Class<?> testClass) throws IOException {
        String name = testClass.getSimpleName() + ".transcript";
        String expected;
        try (InputStream in = testClass.getResourceAsStream(name)) {
            expected = in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String actual = text.toString();
        if (!actual.equals(expected)) {
            Path out = Path.of("target", name + ".actual");
            Files.writeString(out, actual);
            assertThat(expected)
                    .as("golden file %s (actual transcript written to %s)", name, out.toAbsolutePath())
                    .isNotNull();
        }
        assertThat(actual)
                .as("the bridge's messages, byte for byte, against %s", name)
                .isEqualTo(expected);
    }
}
