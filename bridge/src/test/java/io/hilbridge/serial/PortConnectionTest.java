package io.hilbridge.serial;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The connection rules measured on jSerialComm 2.11.4 (JSerialCommTransport's class comment, SerialTransport's
 * contract), on a fake port: received bytes reach the listener as read, a read of -1 or a failed read is the end of
 * the port, a write of 0 or less is a failure, a write that has not returned within the stall limit ends the
 * connection, the end is reported once and only while the connection is current, a close is no end, and the lines
 * go to their closing levels before the port closes. Time for the watchdog is a test clock.
 */
class PortConnectionTest {
    private static final long STALL_NANOS = TimeUnit.MILLISECONDS.toNanos(2000);
    private static final String WHERE = "/dev/ttyUSB0";

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final List<Integer> chunks = new CopyOnWriteArrayList<>();
    private final List<String> ends = new CopyOnWriteArrayList<>();
    private final AtomicBoolean current = new AtomicBoolean(true);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(PortConnection.class);
    private PortConnection connection;

    private final SerialTransport.Listener listener = new SerialTransport.Listener() {
        @Override
        public void onBytes(byte[] data, int offset, int length) {
            synchronized (received) {
                received.write(data, offset, length);
            }
            chunks.add(length);
        }

        @Override
        public void onDisconnect(String reason) {
            ends.add(reason);
        }
    };

    private PortConnection start(FakeRawPort port, LinePolicy policy) {
        return start(port, policy, PortConnection.JOIN_LIMIT_MS);
    }

    private PortConnection start(FakeRawPort port, LinePolicy policy, long joinLimitMs) {
        logged.start();
        logger.addAppender(logged);
        connection = new PortConnection(
                port,
                WHERE,
                listener,
                policy,
                new WriteWatchdog(STALL_NANOS),
                clock::get,
                c -> current.get(),
                joinLimitMs);
        connection.start();
        return connection;
    }

    @AfterEach
    void tearDown() {
        if (connection != null) connection.close();
        logger.detachAppender(logged);
    }

    /** Closes the connection under test (not again at the end of the test). */
    private void closeNow() {
        PortConnection c = connection;
        connection = null;
        c.close();
    }

    private byte[] received() {
        synchronized (received) {
            return received.toByteArray();
        }
    }

    private void awaitEnd() {
        await("the connection's end reported").atMost(10, TimeUnit.SECONDS).until(() -> !ends.isEmpty());
    }

    @Test
    void bytesReachTheListenerAsReadAndAnEmptyReadIsNoChunk() {
        FakeRawPort port = FakeRawPort.linux();
        start(port, null);
        port.nextRead(new byte[] {1, 2, 3});
        port.nextRead(new byte[0]); // a read timeout with nothing: no chunk, no end
        port.nextRead(new byte[] {4});

        await("the bytes 1 2 3 4 received").atMost(10, TimeUnit.SECONDS).until(() -> received().length == 4);
        assertThat(received()).containsExactly(1, 2, 3, 4);
        assertThat(chunks).containsExactly(3, 1);
        assertThat(ends).isEmpty();
    }

    @Test
    void aReadOfMinusOneIsThePortGoneReportedOnce() {
        FakeRawPort port = FakeRawPort.linux();
        start(port, null);
        port.nextReadGone();

        awaitEnd();
        assertThat(ends).containsExactly("the port is gone (read returned -1)");
        assertThat(connection.offer(new byte[] {1}))
                .as("a write after the end is refused")
                .isFalse();
    }

    @Test
    void aFailedReadEndsTheConnection() {
        FakeRawPort port = FakeRawPort.linux();
        start(port, null);
        port.nextReadFails(new IllegalStateException("device unplugged"));

        awaitEnd();
        assertThat(ends).containsExactly("read failed: java.lang.IllegalStateException: device unplugged");
    }

    @Test
    void aWriteIsSentWholeAcrossPartialWritesInOrderAndAsQueuedNotAsLaterChanged() {
        FakeRawPort port = FakeRawPort.linux();
        port.chunk(2);
        start(port, null);
        byte[] first = {10, 11, 12, 13, 14};
        assertThat(connection.offer(first)).isTrue();
        first[0] = 99; // the caller may reuse its array at once
        assertThat(connection.offer(new byte[] {20, 21})).isTrue();

        await("7 bytes written").atMost(10, TimeUnit.SECONDS).until(() -> port.written().length == 7);
        assertThat(port.written()).containsExactly(10, 11, 12, 13, 14, 20, 21);
        assertThat(ends).isEmpty();
    }

    /** WriteWatchdog: only a write still in progress can stall; one that returned is over, however long ago. */
    @Test
    void aWriteThatReturnedIsNoStallHoweverMuchTimePasses() {
        FakeRawPort port = FakeRawPort.linux();
        start(port, null);
        connection.offer(new byte[] {1});
        await("1 byte written").atMost(10, TimeUnit.SECONDS).until(() -> port.written().length == 1);
        clock.addAndGet(10 * STALL_NANOS);
        port.nextRead(new byte[] {7});
        port.nextRead(new byte[] {8}); // read only after the reader looked at the watchdog following the 7
        await("two reader wake-ups").atMost(10, TimeUnit.SECONDS).until(() -> received().length == 2);
        assertThat(ends).isEmpty();
    }

    @Test
    void aWriteOfZeroIsAFailureAsAfterAnUnplug() {
        FakeRawPort port = FakeRawPort.linux();
        port.writeAnswers(0);
        start(port, null);
        connection.offer(new byte[] {1});

        awaitEnd();
        assertThat(ends).containsExactly("write failed (writeBytes returned 0)");
    }

    @Test
    void aNegativeWriteIsAFailure() {
        FakeRawPort port = FakeRawPort.linux();
        port.writeAnswers(-1);
        start(port, null);
        connection.offer(new byte[] {1});

        awaitEnd();
        assertThat(ends).containsExactly("write failed (writeBytes returned -1)");
    }

    @Test
    void aWriteThatThrowsEndsTheConnection() {
        FakeRawPort port = FakeRawPort.linux();
        port.writesFail(new IllegalStateException("port closed"));
        start(port, null);
        connection.offer(new byte[] {1});

        awaitEnd();
        assertThat(ends).containsExactly("write failed: java.lang.IllegalStateException: port closed");
    }

    @Test
    void aWriteStalledLongerThanTheLimitEndsTheConnectionNotBefore() throws Exception {
        FakeRawPort port = FakeRawPort.linux();
        CountDownLatch gate = port.stallWrites();
        start(port, null);
        try {
            long startedAt = clock.get();
            connection.offer(new byte[] {1});
            assertThat(port.writeEntered.await(10, TimeUnit.SECONDS))
                    .as("the write started")
                    .isTrue();

            // At the limit exactly the write is not stalled yet (the watchdog's boundary is WriteWatchdogTest's);
            // the reader wakes every read timeout and would end it here if it were.
            clock.set(startedAt + STALL_NANOS);
            port.nextRead(new byte[] {7});
            port.nextRead(new byte[] {8}); // read only after the reader looked at the watchdog following the 7
            await("two more reader wake-ups").atMost(10, TimeUnit.SECONDS).until(() -> received().length == 2);
            assertThat(ends).isEmpty();

            clock.set(startedAt + STALL_NANOS + 1);
            awaitEnd();
            assertThat(ends).containsExactly("a write has not returned for 2000 ms (stalled device)");
        } finally {
            gate.countDown();
        }
    }

    @Test
    void anEndIsNotReportedByAConnectionNoLongerCurrent() {
        FakeRawPort port = FakeRawPort.linux();
        current.set(false);
        start(port, null);
        port.nextReadGone();

        await("the connection refuses writes after the end")
                .atMost(10, TimeUnit.SECONDS)
                .until(() -> !connection.offer(new byte[] {1}));
        closeNow(); // joins the reader, which saw the end: whatever it reported is in by now
        assertThat(ends).isEmpty();
    }

    @Test
    void aCloseIsNotAnEndReleasesTheLinesBeforeClosingAndStopsBothThreads() {
        FakeRawPort port = FakeRawPort.linux();
        LinePolicy policy = LinePolicy.of(AdapterFamily.CP210X, HostOs.LINUX);
        PortOpening.open(port, policy, false);
        start(port, policy);
        port.nextRead(new byte[] {1});
        connection.offer(new byte[] {2});
        await("the reader and the writer running")
                .atMost(10, TimeUnit.SECONDS)
                .until(() -> received().length == 1 && port.written().length == 1);

        PortConnection closed = connection;
        closeNow(); // the fake's read in progress then returns -1, as a real port's does

        assertThat(ends).as("a close is no disconnect").isEmpty();
        List<String> calls = port.simulated().calls();
        assertThat(calls.subList(calls.size() - 2, calls.size())).containsExactly("set DTR=0 RTS=0", "close");
        assertThat(port.readerThread.isAlive())
                .as("reader thread alive after close")
                .isFalse();
        assertThat(port.writerThread.isAlive())
                .as("writer thread alive after close")
                .isFalse();
        assertThat(closed.offer(new byte[] {1})).as("a write after close").isFalse();
        assertThat(logged.list).as("nothing to warn about").isEmpty();
        // Daemon threads named after the port: they never keep the JVM alive, and a thread dump says whose they are.
        assertThat(port.readerThread.getName()).isEqualTo("hilbridge-serial-rx-ttyUSB0");
        assertThat(port.writerThread.getName()).isEqualTo("hilbridge-serial-tx-ttyUSB0");
        assertThat(port.readerThread.isDaemon()).isTrue();
        assertThat(port.writerThread.isDaemon()).isTrue();
    }

    @Test
    void aPseudoTerminalIsClosedWithoutLineCalls() {
        FakeRawPort port = FakeRawPort.linux();
        PortOpening.open(port, LinePolicy.of(AdapterFamily.UNKNOWN, HostOs.LINUX), true);
        start(port, null);

        closeNow();

        assertThat(port.simulated().calls()).containsExactly("preset DTR=0 RTS=0", "open", "close");
    }

    @Test
    void aWriterStuckInWriteIsAbandonedWithAWarning() throws Exception {
        FakeRawPort port = FakeRawPort.linux();
        CountDownLatch gate = port.stallWrites();
        start(port, null, 50); // the writer never returns here: any limit shows the rule; a short one saves time
        try {
            connection.offer(new byte[] {1});
            assertThat(port.writeEntered.await(10, TimeUnit.SECONDS))
                    .as("the write started")
                    .isTrue();

            closeNow(); // waits its limit for the writer, which ignores the interrupt

            assertThat(logged.list.stream().map(ILoggingEvent::getFormattedMessage))
                    .containsExactly(WHERE + ": the writer thread is stuck in writeBytes; abandoning it");
        } finally {
            gate.countDown();
        }
    }

    @Test
    void theWriteQueueIsBoundedAndDropsWhenFull() throws Exception {
        FakeRawPort port = FakeRawPort.linux();
        CountDownLatch gate = port.stallWrites();
        start(port, null);
        try {
            connection.offer(new byte[] {0});
            assertThat(port.writeEntered.await(10, TimeUnit.SECONDS))
                    .as("the write started")
                    .isTrue();
            for (int i = 0; i < PortConnection.WRITE_QUEUE; i++) {
                assertThat(connection.offer(new byte[] {(byte) i}))
                        .as("write %d of the queue", i)
                        .isTrue();
            }
            assertThat(connection.offer(new byte[] {1}))
                    .as("one past the queue's bound")
                    .isFalse();
        } finally {
            gate.countDown();
        }
    }
}
