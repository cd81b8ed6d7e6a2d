package io.hilbridge.ws;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.WebSocket.Listener;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Interop with an independent client: the JDK's java.net.http.WebSocket against our layer on Undertow. */
class JdkClientInteropTest {
    private EchoServer server;
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        server = new EchoServer(WebSocketConfig.defaults());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private java.net.http.WebSocket connect() {
        return http.newWebSocketBuilder()
                .subprotocols(WebSocketConfig.SUBPROTOCOL)
                .buildAsync(server.uri(), new Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            received.add("text " + text);
                            text.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onBinary(java.net.http.WebSocket ws, ByteBuffer data, boolean last) {
                        received.add("binary " + StandardCharsets.UTF_8.decode(data));
                        ws.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onPong(java.net.http.WebSocket ws, ByteBuffer message) {
                        received.add("pong " + StandardCharsets.UTF_8.decode(message));
                        ws.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(java.net.http.WebSocket ws, int code, String reason) {
                        received.add("close " + code + " " + reason);
                        return CompletableFuture.completedFuture(null);
                    }
                })
                .join();
    }

    private String next() throws InterruptedException {
        String s = received.poll(10, TimeUnit.SECONDS);
        assertThat(s).as("event within 10 s").isNotNull();
        return s;
    }

    @Test
    void echoesTextBinaryAndPingsWithSubprotocol() throws Exception {
        java.net.http.WebSocket ws = connect();
        assertThat(ws.getSubprotocol()).isEqualTo("hilbridge.v1");
        assertThat(server.events.poll(10, TimeUnit.SECONDS)).isEqualTo("open hilbridge.v1");

        ws.sendText("hello, wörld ✓", true).join();
        assertThat(next()).isEqualTo("text hello, wörld ✓");

        ws.sendText("frag", false).join();
        ws.sendText("mented", true).join();
        assertThat(next()).isEqualTo("text fragmented");

        ws.sendBinary(ByteBuffer.wrap("bin".getBytes(StandardCharsets.UTF_8)), true)
                .join();
        assertThat(next()).isEqualTo("binary bin");

        ws.sendPing(ByteBuffer.wrap("p1".getBytes(StandardCharsets.UTF_8))).join();
        assertThat(next()).isEqualTo("pong p1");

        String big = "x".repeat(40_000);
        ws.sendText(big, true).join();
        assertThat(next()).isEqualTo("text " + big);
        assertThat(server.handler.openConnections()).isEqualTo(1);
    }

    @Test
    void clientInitiatedCloseIsEchoed() throws Exception {
        java.net.http.WebSocket ws = connect();
        ws.sendClose(4000, "done").join();
        assertThat(next()).isEqualTo("close 4000 done");
        assertThat(server.events.poll(10, TimeUnit.SECONDS)).startsWith("open");
        assertThat(server.events.poll(10, TimeUnit.SECONDS)).isEqualTo("close 4000 done");
        assertThat(server.handler.openConnections()).isZero();
    }

    @Test
    void serverInitiatedCloseReachesClient() throws Exception {
        java.net.http.WebSocket ws = connect();
        ws.sendText("close", true).join();
        assertThat(next()).isEqualTo("close 1000 bye");
        // The JDK client answers the close frame itself once onClose's stage completes.
        assertThat(server.events.poll(10, TimeUnit.SECONDS)).startsWith("open");
        assertThat(server.events.poll(10, TimeUnit.SECONDS)).isEqualTo("close 1000 bye");
    }
}
