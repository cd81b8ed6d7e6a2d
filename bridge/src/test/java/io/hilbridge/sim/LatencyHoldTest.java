package io.hilbridge.sim;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The simulated FTDI receive buffer: full 62-byte packets go at once, the rest when the latency timer runs out. */
class LatencyHoldTest {

    private record Delivery(byte[] bytes, String thread) {}

    @Test
    void fullPacketsGoAtOnceAndTheRestWithTheTimerInOrder() {
        List<Delivery> got = new CopyOnWriteArrayList<>();
        try (LatencyHold hold = new LatencyHold(
                "test-latency",
                Duration.ofMillis(50),
                b -> got.add(new Delivery(b, Thread.currentThread().getName())))) {
            byte[] data = new byte[150];
            for (int i = 0; i < data.length; i++) data[i] = (byte) i;
            hold.accept(java.util.Arrays.copyOfRange(data, 0, 20));
            assertThat(got)
                    .as("20 bytes wait in the chip")
                    .noneMatch(d -> d.thread().equals("main"));
            hold.accept(java.util.Arrays.copyOfRange(data, 20, 150));
            // 150 bytes: two full packets on the caller's thread, 26 left for the timer.
            List<Delivery> atOnce =
                    got.stream().filter(d -> !d.thread().equals("test-latency")).toList();
            assertThat(atOnce).extracting(d -> d.bytes().length).containsExactly(62, 62);
            await("the held bytes, sent when the latency timer runs out")
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> got.stream().mapToInt(d -> d.bytes().length).sum() == 150);
            assertThat(got.get(got.size() - 1).thread()).isEqualTo("test-latency");
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            got.forEach(d -> all.write(d.bytes(), 0, d.bytes().length));
            assertThat(all.toByteArray()).as("in order").isEqualTo(data);
        }
    }

    @Test
    void latencyIsAFaultOfTheSimulatedBoard() {
        assertThat(Faults.parse("latency=16ms").adapterLatency()).isEqualTo(Duration.ofMillis(16));
        assertThat(Faults.parse("drop=0").adapterLatency()).isNull();
        assertThatThrownBy(() -> Faults.parse("latency=0ms")).hasMessageContaining("1ms..255ms");
        assertThatThrownBy(() -> Faults.parse("latency=16")).hasMessageContaining("like 16ms");
    }
}
