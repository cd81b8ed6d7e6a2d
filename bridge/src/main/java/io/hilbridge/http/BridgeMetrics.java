package io.hilbridge.http;

import io.hilbridge.api.ApiService;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.link.BoardLink;
import io.hilbridge.link.BoardListener;
import io.hilbridge.link.LinkStats;
import io.hilbridge.ws.WebSocketUpgradeHandler;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The bridge's Prometheus metrics, in a registry of its own (not the global default, so two bridges in one JVM,
 * as in tests, do not collide). Link counters are read from {@link BoardLink#stats()} at scrape time; only the
 * round-trip histogram is fed as events arrive ({@link BoardListener#onRoundTrip}).
 *
 * <p>Thread-safety: the Prometheus client is thread-safe; scrapes may run concurrently with observations.
 */
public final class BridgeMetrics implements AutoCloseable {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final List<BoardLink> boards;
    private final BoardListener roundTrips;

    public BridgeMetrics(ApiService api) {
        this(api, null);
    }

    /** {@code webSockets}: the WebSocket layer whose limit and refusals are reported; null when there is none. */
    public BridgeMetrics(ApiService api, WebSocketUpgradeHandler webSockets) {
        this.boards = api.boards();
        counter("hilbridge_link_frames_sent", "UART frames sent to the board", LinkStats::framesSent);
        counter("hilbridge_link_frames_received", "UART frames decoded from the board", LinkStats::framesReceived);
        counter("hilbridge_link_bytes_sent", "bytes written to the serial port", LinkStats::bytesSent);
        counter("hilbridge_link_bytes_received", "bytes read from the serial port", LinkStats::bytesReceived);
        counter("hilbridge_link_retransmits", "SET frames sent again after no answer", LinkStats::retransmits);
        counter("hilbridge_link_timeouts", "commands that failed with timeout", LinkStats::timeouts);
        counter("hilbridge_link_nacks", "commands the board refused", LinkStats::nacks);
        counter("hilbridge_link_reconnects", "times the link was re-established", LinkStats::reconnects);
        counter("hilbridge_link_resets", "board resets seen (new boot id)", LinkStats::resets);
        counter(
                "hilbridge_link_boot_text",
                "runs of the ESP32 ROM's boot text among the decode errors: a board that started, not a fault",
                LinkStats::bootText);
        CounterWithCallback.builder()
                .name("hilbridge_link_decode_errors")
                .help("frames dropped by the decoder, by kind (cobs, runt, crc, version, oversize)")
                .labelNames("device", "kind")
                .callback(cb -> {
                    for (BoardLink b : boards) {
                        LinkStats s = b.stats();
                        cb.call(s.cobsErrors(), b.deviceId(), "cobs");
                        cb.call(s.runtErrors(), b.deviceId(), "runt");
                        cb.call(s.crcErrors(), b.deviceId(), "crc");
                        cb.call(s.versionErrors(), b.deviceId(), "version");
                        cb.call(s.oversizeErrors(), b.deviceId(), "oversize");
                    }
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("hilbridge_device_status")
                .help("1 for the device's current link status, 0 for the others")
                .labelNames("device", "status")
                .callback(cb -> {
                    for (BoardLink b : boards) {
                        DeviceStatus now = b.status();
                        for (DeviceStatus s : DeviceStatus.values()) {
                            cb.call(s == now ? 1 : 0, b.deviceId(), s.apiName());
                        }
                    }
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("hilbridge_websocket_clients")
                .help("connected WebSocket clients")
                .callback(cb -> cb.call(api.clientCount()))
                .register(registry);
        if (webSockets != null) {
            GaugeWithCallback.builder()
                    .name("hilbridge_websocket_clients_limit")
                    .help("most WebSocket clients connected at once (--max-clients)")
                    .callback(cb -> cb.call(webSockets.config().maxConnections()))
                    .register(registry);
            CounterWithCallback.builder()
                    .name("hilbridge_websocket_clients_refused")
                    .help("WebSocket clients refused because the limit (--max-clients) was reached")
                    .callback(cb -> cb.call(webSockets.refusedConnections()))
                    .register(registry);
        }
        Histogram rtt = Histogram.builder()
                .name("hilbridge_link_round_trip_seconds")
                .help("time from first sending a SET to its acknowledgement")
                .unit(Unit.SECONDS)
                .labelNames("device")
                .classicOnly()
                .classicUpperBounds(0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2)
                .register(registry);
        roundTrips = new BoardListener() {
            @Override
            public void onRoundTrip(BoardLink board, long nanos) {
                rtt.labelValues(board.deviceId()).observe(nanos / 1e9);
            }
        };
        for (BoardLink b : boards) {
            rtt.labelValues(b.deviceId()); // present with zero counts before the first command
            b.addListener(roundTrips);
        }
    }

    private void counter(String name, String help, ToLongFunction<LinkStats> value) {
        CounterWithCallback.builder()
                .name(name)
                .help(help)
                .labelNames("device")
                .callback(cb -> {
                    for (BoardLink b : boards) cb.call(value.applyAsLong(b.stats()), b.deviceId());
                })
                .register(registry);
    }

    public String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    /** The Prometheus text exposition of every metric, now. */
    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        for (BoardLink b : boards) b.removeListener(roundTrips);
    }
}
