package io.hilbridge.client;

import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLSession;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocketHandshakeException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection's rules without a bridge (client/README.md): a quiet bridge is pinged after {@code pingInterval} and
 * counted as gone after more than twice that; a failed handshake is {@code client:refused} for HTTP 401 (token) and
 * 403 (Host or Origin), else {@code client:connect_failed}, with what was tried in words. ClientConnectionTest checks
 * the same against real sockets.
 */
class ConnectionRulesTest {
    private static final URI BRIDGE = URI.create("ws://127.0.0.1:8080/ws");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void aQuietBridgeIsPingedAfterOneIntervalAndDeadAfterMoreThanTwo() {
        Duration interval = Duration.ofSeconds(5);
        long i = interval.toNanos();
        assertThat(Silence.after(0, interval)).isEqualTo(Silence.FINE);
        assertThat(Silence.after(i - 1, interval)).isEqualTo(Silence.FINE);
        assertThat(Silence.after(i, interval)).isEqualTo(Silence.PING);
        assertThat(Silence.after(2 * i, interval)).isEqualTo(Silence.PING);
        assertThat(Silence.after(2 * i + 1, interval)).isEqualTo(Silence.DEAD);
    }

    /** A handshake answer with only a status, as the JDK reports a refused upgrade. */
    private static WebSocketHandshakeException refused(int status) {
        return new WebSocketHandshakeException(new HttpResponse<Object>() {
            @Override
            public int statusCode() {
                return status;
            }

            @Override
            public HttpRequest request() {
                return null;
            }

            @Override
            public Optional<HttpResponse<Object>> previousResponse() {
                return Optional.empty();
            }

            @Override
            public HttpHeaders headers() {
                return null;
            }

            @Override
            public Object body() {
                return null;
            }

            @Override
            public Optional<SSLSession> sslSession() {
                return Optional.empty();
            }

            @Override
            public URI uri() {
                return BRIDGE;
            }

            @Override
            public HttpClient.Version version() {
                return HttpClient.Version.HTTP_1_1;
            }
        });
    }

    private static HilbridgeException explained(Throwable t) {
        // The JDK's future fails with a CompletionException around an IOException around the cause.
        return BridgeSocket.explain(BRIDGE, TIMEOUT, new CompletionException(new java.io.IOException(t)));
    }

    @Test
    void aRefusedHandshakeNamesTheTokenOrHostAndOriginRule() {
        HilbridgeException token = explained(refused(401));
        assertThat(token.errorCode()).isEqualTo(ErrorCode.REFUSED);
        assertThat(token)
                .hasMessage("client:refused: ws://127.0.0.1:8080/ws refused the connection with HTTP 401: the bridge"
                        + " needs its token and the one given was missing or wrong");
        HilbridgeException origin = explained(refused(403));
        assertThat(origin.errorCode()).isEqualTo(ErrorCode.REFUSED);
        assertThat(origin.getMessage())
                .startsWith("client:refused: ws://127.0.0.1:8080/ws refused the connection with HTTP 403: the Host");
        HilbridgeException notTheBridge = explained(refused(404));
        assertThat(notTheBridge.errorCode()).isEqualTo(ErrorCode.CONNECT_FAILED);
        assertThat(notTheBridge)
                .hasMessage("client:connect_failed: ws://127.0.0.1:8080/ws answered HTTP 404 instead of a WebSocket"
                        + " handshake: is this the bridge's /ws address?");
        assertThat(token.getCause()).isInstanceOf(CompletionException.class);
    }

    @Test
    void aFailedConnectionSaysWhetherNothingListensOrNothingAnswered() {
        assertThat(explained(new HttpConnectTimeoutException("connect timed out")))
                .hasMessage("client:connect_failed: ws://127.0.0.1:8080/ws: no answer within 10000 ms");
        assertThat(explained(new HttpTimeoutException("request timed out")))
                .hasMessage("client:connect_failed: ws://127.0.0.1:8080/ws: no answer within 10000 ms");
        assertThat(explained(new ConnectException("Connection refused")))
                .hasMessage("client:connect_failed: ws://127.0.0.1:8080/ws: nothing accepts connections there"
                        + " (ConnectException: Connection refused); is the bridge running on that host and port?");
        assertThat(explained(new ConnectException()))
                .hasMessage("client:connect_failed: ws://127.0.0.1:8080/ws: nothing accepts connections there"
                        + " (ConnectException); is the bridge running on that host and port?");
        assertThat(BridgeSocket.explain(BRIDGE, TIMEOUT, new UnresolvedAddressException())
                        .getMessage())
                .contains("nothing accepts connections there (UnresolvedAddressException)");
        HilbridgeException other = explained(new IllegalStateException("odd"));
        assertThat(other.errorCode()).isEqualTo(ErrorCode.CONNECT_FAILED);
        assertThat(other)
                .hasMessage("client:connect_failed: ws://127.0.0.1:8080/ws: java.lang.IllegalStateException: odd");
    }
}
