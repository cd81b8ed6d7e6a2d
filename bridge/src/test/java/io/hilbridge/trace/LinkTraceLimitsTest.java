package io.hilbridge.trace;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hilbridge.link.Frame;
import io.hilbridge.link.FrameEncoder;
import io.hilbridge.serial.SerialTransport;
import io.hilbridge.trace.TraceRecord.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The trace's bounds: a full queue costs records (counted, then one "dropped N" record), never a wait; the size limit. */
class LinkTraceLimitsTest {
    private static final SerialTransport.Listener IGNORE = new SerialTransport.Listener() {
        @Override
        public void onBytes(byte[] data, int offset, int length) {}

        @Override
        public void onDisconnect(String reason) {}
    };

    @TempDir
    Path dir;

    /** Holds the writer thread in its first flush until released, so the queue fills while it waits. */
    private static final class GatedStream extends FilterOutputStream {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        GatedStream(ByteArrayOutputStream out) {
            super(out);
        }

        @Override
        public void flush() throws IOException {
            entered.countDown();
            try {
                if (!release.await(10, TimeUnit.SECONDS)) throw new IOException("test never released the writer");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            super.flush();
        }
    }

    @Test
    void aFullQueueDropsRecordsWithoutWaitingAndSaysHowMany() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        GatedStream gate = new GatedStream(sink);
        int capacity = 8;
        LinkTrace trace = LinkTrace.start(dir.resolve("q.pcapng"), new TraceOptions(1 << 20, capacity), gate);
        FakePort port = new FakePort();
        SerialTransport t = trace.tap("board0", port);
        t.open(IGNORE); // the writer takes the interface and the port-open event, then flushes into the gate
        assertThat(gate.entered.await(10, TimeUnit.SECONDS))
                .as("the writer to reach its first flush")
                .isTrue();
        int free = capacity - trace.queued(); // the port-open event may still wait in the queue
        int sent = free + 5;
        for (int i = 0; i < sent; i++) t.write(FrameEncoder.encode(Frame.PING, i, new byte[0])); // returns at once
        assertThat(trace.droppedRecords()).isEqualTo(5);
        gate.release.countDown();
        await().atMost(Duration.ofSeconds(10))
                .alias("the writer to empty the queue")
                .until(() -> trace.queued() == 0);
        t.write(FrameEncoder.encode(Frame.PING, 999, new byte[0])); // fits again, and carries the count
        trace.close();

        List<TraceRecord> records = TraceReader.readAll(new ByteArrayInputStream(sink.toByteArray()));
        List<TraceRecord> dropped =
                records.stream().filter(r -> r.kind() == Kind.DROPPED).toList();
        assertThat(dropped).hasSize(1);
        assertThat(ByteBuffer.wrap(dropped.get(0).body())
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .getInt())
                .isEqualTo(5);
        // port-open, the frames that fitted, "dropped 5" where the 5 were lost, then the frame after them
        assertThat(records.indexOf(dropped.get(0))).isEqualTo(1 + free);
        assertThat(TraceText.describe(records.get(records.size() - 1))).isEqualTo("PING seq=999");
        assertThat(LinkTraceTest.frames(records)).hasSize(free + 1);
    }

    @Test
    void theSizeLimitStopsTheTraceWithOneLogLineAndLeavesAValidFile() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(LinkTrace.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        Path file = dir.resolve("limit.pcapng");
        try {
            long limit = TraceOptions.MIN_BYTES;
            try (LinkTrace trace = LinkTrace.start(file, new TraceOptions(limit, 100_000))) {
                SerialTransport t = trace.tap("board0", new FakePort());
                t.open(IGNORE);
                for (int i = 0; i < 1000; i++) t.write(FrameEncoder.encode(Frame.PING, i, new byte[0]));
            }
            assertThat(Files.size(file)).isLessThanOrEqualTo(limit).isGreaterThan(limit - 64);
            List<TraceRecord> records = LinkTraceTest.read(file);
            assertThat(records.size()).isBetween(50, 999);
            assertThat(logged.list).hasSize(1);
            assertThat(logged.list.get(0).getFormattedMessage())
                    .contains(file.toString())
                    .contains("size limit of 4096 bytes (--trace-max-size); tracing stopped");
        } finally {
            logger.detachAppender(logged);
        }
    }

    @Test
    void sizesParseWithBinarySuffixesAndWrongOnesSayWhatIsAccepted() {
        assertThat(TraceOptions.parseSize("4096")).isEqualTo(4096);
        assertThat(TraceOptions.parseSize("512k")).isEqualTo(512 * 1024);
        assertThat(TraceOptions.parseSize("100M")).isEqualTo(100L << 20);
        assertThat(TraceOptions.parseSize("1G")).isEqualTo(1L << 30);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TraceOptions.parseSize("ten"))
                .hasMessageContaining("a number of bytes with an optional k, M or G suffix, got 'ten'");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TraceOptions(100, 10))
                .hasMessageContaining("at least 4096 bytes");
    }
}
