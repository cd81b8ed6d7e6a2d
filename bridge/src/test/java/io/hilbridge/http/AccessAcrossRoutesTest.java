package io.hilbridge.http;

import io.hilbridge.api.ApiService;
import io.hilbridge.api.FakeBoardLink;
import io.hilbridge.ws.WebSocketConfig;
import io.hilbridge.ws.WebSocketUpgradeHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One access policy, one verdict: the same requests (token, Origin, Host variants) sent to every route of a bridge
 * wired as {@code Bridge} wires it (the page, REST GET and PUT, {@code /metrics}, the WebSocket upgrade) are allowed
 * or refused alike, with the same status. The one difference is by design: the page is public, so a missing or wrong
 * token does not refuse it (it reads the token from its own URL and passes it on).
 */
class AccessAcrossRoutesTest {
    private static final String TOKEN = "s3cret";
    private static final String ALLOWED_ORIGIN = "http://dash.example:3000";
    private static final String WS_KEY = "AAAAAAAAAAAAAAAAAAAAAA==";

    /** A route, and the status it answers when access is allowed. */
    private enum Route {
        PAGE("GET", "/", 200, true),
        REST_GET("GET", "/api/devices", 200, false),
        REST_PUT("PUT", "/api/devices/board0/lights/0", 200, false),
        METRICS("GET", "/metrics", 200, false),
        WEBSOCKET("GET", "/ws", 101, false);

        final String method;
        final String path;
        final int allowedStatus;
        final boolean isPublic;

        Route(String method, String path, int allowedStatus, boolean isPublic) {
            this.method = method;
            this.path = path;
            this.allowedStatus = allowedStatus;
            this.isPublic = isPublic;
        }
    }

    private static final int ALLOWED = 0;

    /** One request shape: Host header, extra header lines, query token, and the verdict expected (0 = allowed). */
    private record Probe(String name, String host, List<String> headers, String queryToken, int verdict) {}

    private FakeBoardLink board;
    private ApiService api;
    private HttpServer server;

    @BeforeEach
    void setUp() {
        board = FakeBoardLink.standard("board0");
        api = new ApiService(List.of(board), "9.9.9", Duration.ofSeconds(5));
        HttpServerConfig cfg =
                HttpServerConfig.defaults().withPort(0).withToken(TOKEN).withAllowedOrigins(Set.of(ALLOWED_ORIGIN));
        WebSocketConfig ws = WebSocketConfig.builder()
                .access(new WebSocketAccess(cfg.accessPolicy()))
                .build();
        server = HttpServer.start(cfg, api, new WebSocketUpgradeHandler(ws, api));
    }

    @AfterEach
    void tearDown() {
        server.close();
        api.close();
    }

    private List<Probe> probes() {
        int port = server.port();
        String local = "127.0.0.1:" + port;
        String bearer = "Authorization: Bearer " + TOKEN;
        List<Probe> p = new ArrayList<>();
        p.add(new Probe("no token", local, List.of(), null, 401));
        p.add(new Probe("wrong token in the header", local, List.of("Authorization: Bearer wrong"), null, 401));
        p.add(new Probe("wrong token in the query", local, List.of(), "wrong", 401));
        p.add(new Probe(
                "a wrong Bearer header is not rescued by a right ?token=",
                local,
                List.of("Authorization: Bearer wrong"),
                TOKEN,
                401));
        p.add(new Probe("right token in the header", local, List.of(bearer), null, ALLOWED));
        p.add(new Probe("right token in the query", local, List.of(), TOKEN, ALLOWED));
        p.add(new Probe("foreign Origin", local, List.of(bearer, "Origin: http://evil.example"), null, 403));
        p.add(new Probe(
                "foreign Origin, no token (Origin is checked first)",
                local,
                List.of("Origin: http://evil.example"),
                null,
                403));
        p.add(new Probe("Origin null", local, List.of(bearer, "Origin: null"), null, 403));
        p.add(new Probe(
                "two Origin headers",
                local,
                List.of(bearer, "Origin: http://" + local, "Origin: http://" + local),
                null,
                403));
        p.add(new Probe("allowed Origin", local, List.of(bearer, "Origin: " + ALLOWED_ORIGIN), null, ALLOWED));
        p.add(new Probe("the bridge's own Origin", local, List.of(bearer, "Origin: http://" + local), null, ALLOWED));
        p.add(new Probe("rebinding Host", "evil.example:" + port, List.of(bearer), null, 403));
        p.add(new Probe(
                "rebinding Host that looks numeric", "127.0.0.1.evil.example:" + port, List.of(bearer), null, 403));
        p.add(new Probe(
                "rebinding Host and Origin, same-origin on paper",
                "evil.example:" + port,
                List.of(bearer, "Origin: http://evil.example:" + port),
                null,
                403));
        p.add(new Probe(
                "same-origin on a re-pointable name (an allowed origin's host, another port)",
                "dash.example:" + port,
                List.of(bearer, "Origin: http://dash.example:" + port),
                null,
                403));
        p.add(new Probe(
                "an allowed origin's host in Host, no Origin", "dash.example:" + port, List.of(bearer), null, ALLOWED));
        p.add(new Probe("IPv6 loopback literal", "[::1]:" + port, List.of(bearer), null, ALLOWED));
        p.add(new Probe(
                "IPv6 loopback literal, same origin",
                "[::1]:" + port,
                List.of(bearer, "Origin: http://[::1]:" + port),
                null,
                ALLOWED));
        p.add(new Probe("IPv6 literal of another machine", "[::2]:" + port, List.of(bearer), null, 403));
        p.add(new Probe("IPv4 address of another machine", "192.168.1.5:" + port, List.of(bearer), null, 403));
        p.add(new Probe("localhost", "localhost:" + port, List.of(bearer), null, ALLOWED));
        p.add(new Probe(
                "localhost, same origin",
                "localhost:" + port,
                List.of(bearer, "Origin: http://localhost:" + port),
                null,
                ALLOWED));
        p.add(new Probe("a .localhost name", "app.localhost:" + port, List.of(bearer), null, ALLOWED));
        p.add(new Probe("another 127/8 address", "127.0.0.2:" + port, List.of(bearer), null, ALLOWED));
        return p;
    }

    @Test
    void everyRouteGivesTheSameVerdictForTheSameRequest() throws Exception {
        List<String> mismatches = new ArrayList<>();
        for (Probe probe : probes()) {
            for (Route route : Route.values()) {
                int expected = probe.verdict() == ALLOWED || (route.isPublic && probe.verdict() == 401)
                        ? route.allowedStatus
                        : probe.verdict();
                int callsBefore = board.calls.size();
                int status = send(route, probe);
                if (status != expected) {
                    mismatches.add(route + " / " + probe.name() + ": expected " + expected + ", got " + status);
                }
                if (route == Route.REST_PUT && expected != route.allowedStatus) {
                    assertThat(board.calls)
                            .as("a refused PUT never reaches the board (" + probe.name() + ")")
                            .hasSize(callsBefore);
                }
            }
        }
        assertThat(mismatches)
                .as("routes whose verdict differs from the policy's")
                .isEmpty();
    }

    /** Sends one raw request (java.net.http cannot set Host or two Origin headers) and returns its status. */
    private int send(Route route, Probe probe) throws Exception {
        String target = route.path + (probe.queryToken() == null ? "" : "?token=" + probe.queryToken());
        StringBuilder req =
                new StringBuilder(route.method + " " + target + " HTTP/1.1\r\nHost: " + probe.host() + "\r\n");
        for (String h : probe.headers()) req.append(h).append("\r\n");
        String body = "";
        if (route == Route.WEBSOCKET) {
            req.append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ")
                    .append(WS_KEY)
                    .append("\r\nSec-WebSocket-Version: 13\r\n");
        } else {
            req.append("Connection: close\r\n");
            if (route == Route.REST_PUT) {
                body = "{\"on\":true}";
                req.append("Content-Type: application/json\r\nContent-Length: ")
                        .append(body.length())
                        .append("\r\n");
            }
        }
        req.append("\r\n").append(body);
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5000); // the deadline for the status line; a timeout fails the test with the route
            s.getOutputStream().write(req.toString().getBytes(StandardCharsets.US_ASCII));
            String line =
                    new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            assertThat(line)
                    .as("status line of " + route + " / " + probe.name())
                    .startsWith("HTTP/1.1 ");
            return Integer.parseInt(line.substring(9, 12));
        }
    }
}
