package io.hilbridge.junit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One link trace per test (junit/README.md, protocol-spec/trace-format.md): under
 * {@code target/hilbridge/<board>/<test class>/}, a startup file until the first test, then {@code <test>.pcapng}
 * ({@code <test>-2.pcapng} when the method runs again); none for a bridge elsewhere ({@code url:}).
 */
class TraceFilesTest {

    @Test
    void theDirectoryNamesTheBoardAndTheClassWithSafeCharacters() {
        assertThat(TraceFiles.directory(BoardSpec.parse("sim:faults=bitflip=0.001"), TraceFilesTest.class))
                .isEqualTo(Path.of("target", "hilbridge", "sim_faults=bitflip=0.001", TraceFilesTest.class.getName()));
        assertThat(TraceFiles.directory(BoardSpec.parse("url:ws://127.0.0.1:80/ws"), String.class))
                .isEqualTo(Path.of("target", "hilbridge", "url_ws___127.0.0.1_80_ws", "java.lang.String"));
    }

    @Test
    void eachTestGetsItsOwnFileAndARepeatedTestANumberedOne(@TempDir Path dir) throws Exception {
        TraceFiles traces = TraceFiles.forSpec(BoardSpec.parse("sim"), dir);
        try {
            assertThat(traces.linkTrace()).isNotNull();
            Path startup = traces.current();
            assertThat(startup.getParent()).isEqualTo(dir);
            assertThat(startup.getFileName().toString()).startsWith("startup-").endsWith(".pcapng");
            assertThat(startup).exists();

            traces.beginTest("setIsConfirmed");
            assertThat(traces.current()).isEqualTo(dir.resolve("setIsConfirmed.pcapng"));
            traces.beginTest("setIsConfirmed");
            assertThat(traces.current()).isEqualTo(dir.resolve("setIsConfirmed-2.pcapng"));
            traces.beginTest("setIsConfirmed");
            assertThat(traces.current()).isEqualTo(dir.resolve("setIsConfirmed-3.pcapng"));
            traces.beginTest("other");
            assertThat(traces.current()).isEqualTo(dir.resolve("other.pcapng"));
        } finally {
            traces.closeUnused();
        }
        assertThat(dir.resolve("setIsConfirmed-2.pcapng")).exists();
        assertThat(Files.size(dir.resolve("other.pcapng")))
                .as("a closed trace has its header")
                .isPositive();
    }

    @Test
    void aBridgeElsewhereHasNoTrace(@TempDir Path dir) throws Exception {
        TraceFiles traces = TraceFiles.forSpec(BoardSpec.parse("url:ws://127.0.0.1:1/ws"), dir);
        traces.beginTest("anything");
        traces.closeUnused();
        assertThat(traces.linkTrace()).isNull();
        assertThat(traces.current()).isNull();
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
