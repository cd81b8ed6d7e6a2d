package io.hilbridge.ws;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** A refused client: the words it gets, the count, and at most one log line a minute however many are refused. */
class ClientRefusalsTest {
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(ClientRefusals.class);
    private final AtomicLong clock = new AtomicLong(5_000_000_000L);

    @BeforeEach
    void attach() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(logged);
    }

    @Test
    void theAnswersNameTheLimitAndTheOption() {
        ClientRefusals r = new ClientRefusals(10_000, clock::get);
        assertThat(r.httpReason()).isEqualTo("too many WebSocket clients: the limit is 10000 (--max-clients)");
        assertThat(r.closeReason()).contains("10000").contains("--max-clients");
        assertThat(new ClientRefusals(Integer.MAX_VALUE, clock::get)
                        .closeReason()
                        .getBytes(StandardCharsets.UTF_8)
                        .length)
                .as("a close reason fits in a control frame")
                .isLessThanOrEqualTo(123);
    }

    @Test
    void everyRefusalIsCountedButOnlyOneLineIsLoggedPerMinute() {
        ClientRefusals r = new ClientRefusals(2, clock::get);
        r.refused(2);
        for (int i = 0; i < 500; i++) {
            clock.addAndGet(100_000_000L); // 50 s in all: still within the minute
            r.refused(2);
        }
        assertThat(r.total()).isEqualTo(501);
        assertThat(logged.list).hasSize(1);
        assertThat(logged.list.get(0).getFormattedMessage())
                .contains("refused 1 WebSocket client(s)")
                .contains("2 are connected and the limit is 2")
                .contains("--max-clients");

        clock.addAndGet(ClientRefusals.LOG_INTERVAL_NANOS);
        r.refused(2);
        assertThat(logged.list).hasSize(2);
        assertThat(logged.list.get(1).getFormattedMessage()).contains("refused 501 WebSocket client(s)");
    }

    @Test
    void theNextLineComesExactlyOneIntervalAfterTheLast() {
        ClientRefusals r = new ClientRefusals(1, clock::get);
        r.refused(1);
        assertThat(logged.list).as("the first refusal logs at once").hasSize(1);
        clock.addAndGet(ClientRefusals.LOG_INTERVAL_NANOS - 1);
        r.refused(1);
        assertThat(logged.list).as("one nanosecond before the interval").hasSize(1);
        clock.addAndGet(1);
        r.refused(1);
        assertThat(logged.list).hasSize(2);
        assertThat(logged.list.get(1).getFormattedMessage()).contains("refused 2 WebSocket client(s)");
    }
}
