package io.hilbridge.trace;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the trace reader and the text printer with arbitrary files. Invariants: the reader ends the file or throws
 * {@link TraceFormatException} with an offset inside the input, nothing else; every record it returns prints as one
 * line. Seeds (real traces with every record kind) are in
 * src/test/resources/io/hilbridge/trace/TraceReaderFuzzTestInputs/fuzzReader/.
 */
class TraceReaderFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void fuzzReader(byte[] data) throws IOException {
        TraceReader reader = new TraceReader(new ByteArrayInputStream(data));
        try {
            for (TraceRecord r = reader.next(); r != null; r = reader.next()) {
                List<TraceReader.Board> boards = reader.boards();
                assertThat(r.board()).isLessThan(boards.size());
                String line = TraceText.line(r, boards);
                assertThat(line).doesNotContain("\n");
            }
        } catch (TraceFormatException e) {
            assertThat(e.offset()).isBetween(0L, (long) data.length);
            assertThat(e.getMessage()).startsWith("offset " + e.offset() + ": ");
        }
    }
}
