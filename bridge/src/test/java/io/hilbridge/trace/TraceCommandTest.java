package io.hilbridge.trace;

import io.hilbridge.cli.Main;
import io.hilbridge.link.Frame;
import io.hilbridge.link.FrameEncoder;
import io.hilbridge.serial.SerialTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hilbridge trace FILE}: one line per record; a file that is not a whole trace gives one line naming the offset. */
class TraceCommandTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private Path sampleTrace() throws Exception {
        Path file = dir.resolve("sample.pcapng");
        FakePort port = new FakePort();
        try (LinkTrace trace = LinkTrace.start(file)) {
            SerialTransport t = trace.tap("board0", port);
            t.open(new SerialTransport.Listener() {
                @Override
                public void onBytes(byte[] data, int offset, int length) {}

                @Override
                public void onDisconnect(String reason) {}
            });
            t.write(FrameEncoder.encode(
                    Frame.SET, 300, new byte[] {2, 0x07, 1, (byte) 200, 0x11, 0x22, 0x33, 0, 0, 0}));
            port.receive(FrameEncoder.encode(Frame.NACK, 4, new byte[] {44, 1, 2}));
            port.receive(new byte[] {0, 'r', 's', 't', ':', '0', 'x', '1', 0});
        }
        return file;
    }

    @Test
    void printsOneLinePerRecord() throws Exception {
        Run r = run("trace", sampleTrace().toString());
        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
        String[] lines = r.out().split("\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[0])
                .matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6} board0 -- EVENT port-open fake port");
        assertThat(lines[1])
                .endsWith(" board0 tx SET seq=300 light=2 fields=on,brightness,color on=1 brightness=200 "
                        + "color=#112233 effect=0 transition_ms=0");
        assertThat(lines[2]).endsWith(" board0 rx NACK seq=4 ack_seq=300 code=2 UNSUPPORTED");
        assertThat(lines[3]).endsWith(" board0 rx DECODE_ERROR cobs 7 bytes \"rst:0x1\"");
    }

    @Test
    void aTruncatedFilePrintsWhatPrecedesTheCutThenNamesTheOffset() throws Exception {
        Path whole = sampleTrace();
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = dir.resolve("cut.pcapng");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 10));
        Run r = run("trace", cut.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out().split("\n")).hasSize(3);
        assertThat(r.err())
                .startsWith("hilbridge trace: " + cut + ": offset ")
                .contains("truncated block")
                .endsWith("(after 3 records)\n")
                .doesNotContain("Exception", "\tat ");
    }

    @Test
    void aFileThatIsNoTraceOrIsMissingSaysSo() throws Exception {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "not a capture at all");
        Run r = run("trace", text.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("hilbridge trace: " + text + ": offset 0: not a pcapng file");
        Run missing = run("trace", dir.resolve("nope.pcapng").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("hilbridge trace: " + dir.resolve("nope.pcapng") + ": no such file\n");
    }

    @Test
    void aWrongTraceSizeIsACommandLineError() {
        Run r = run("--serial", "loopback", "--trace", dir.resolve("x.pcapng").toString(), "--trace-max-size", "lots");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .contains(
                        "--trace-max-size: a size is a number of bytes with an optional k, M or G suffix, got 'lots'");
    }
}
