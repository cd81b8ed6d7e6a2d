package io.hilbridge.app;

import io.hilbridge.ws.WireClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * --max-clients through the whole bridge: clients up to the limit are served, the next one gets 503 naming the
 * limit and the option, the metrics count it, and a slot that is freed is taken again.
 */
class ClientLimitTest {
    private Bridge bridge;
    private final List<WireClient> clients = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (WireClient c : clients) c.close();
        if (bridge != null) bridge.close();
    }

    private WireClient connect() throws Exception {
        WireClient c = new WireClient(bridge.httpPort());
        clients.add(c);
        return c;
    }

    @Test
    void theClientPastTheLimitGets503NamingTheLimitAndIsCounted() throws Exception {
        bridge = Bridge.start(BridgeConfig.loopback().withMaxClients(2), line -> {});
        assertThat(connect().handshake(WireClient.request(""))).isEqualTo(101);
        WireClient second = connect();
        assertThat(second.handshake(WireClient.request(""))).isEqualTo(101);
        await("two WebSocket clients open").until(() -> bridge.webSocketConnections() == 2);

        WireClient third = connect();
        assertThat(third.handshake(WireClient.request(""))).isEqualTo(503);
        assertThat(new String(third.in.readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("too many WebSocket clients: the limit is 2 (--max-clients)\n");
        assertThat(metric("hilbridge_websocket_clients_refused_total")).isEqualTo(1.0);
        assertThat(metric("hilbridge_websocket_clients_limit")).isEqualTo(2.0);

        second.skipData = true; // the bridge greets with hello
        second.closeCleanly();
        await("a freed slot").until(() -> bridge.webSocketConnections() == 1);
        assertThat(connect().handshake(WireClient.request(""))).isEqualTo(101);
        assertThat(metric("hilbridge_websocket_clients_refused_total")).isEqualTo(1.0);
    }

    private double metric(String name) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(bridge.url().resolve(URI.create("/metrics")))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        Matcher m = Pattern.compile("(?m)^" + name + " (\\S+)$").matcher(r.body());
        assertThat(m.find()).as(name + " in\n" + r.body()).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
