package io.hilbridge.conformance;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Interop with an independent client library: OkHttp's WebSocket against hilbridge's layer (echo server). */
class OkHttpInteropTest {
    static ConformanceServer server;
    static OkHttpClient client;

    @BeforeAll
    static void start() {
        server = new ConformanceServer();
        // OkHttp pings every 200 ms and fails the socket if a pong is late: our pongs must keep up.
        client = new OkHttpClient.Builder()
                .pingInterval(200, TimeUnit.MILLISECONDS)
                .build();
    }

    @AfterAll
    static void stop() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
        server.close();
    }

    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    private WebSocket connect() throws InterruptedException {
        Request request = new Request.Builder()
                .url("ws://127.0.0.1:" + server.port + "/ws")
                .header("Sec-WebSocket-Protocol", "hilbridge.v1")
                .build();
        WebSocket ws = client.newWebSocket(request, new WebSocketListener() {
            @Override
            public void onOpen(WebSocket webSocket, Response response) {
                events.add("open " + response.header("Sec-WebSocket-Protocol"));
            }

            @Override
            public void onMessage(WebSocket webSocket, String text) {
                events.add("text " + text);
            }

            @Override
            public void onMessage(WebSocket webSocket, ByteString bytes) {
                events.add("binary " + bytes.hex());
            }

            @Override
            public void onClosing(WebSocket webSocket, int code, String reason) {
                events.add("closing " + code + " " + reason);
                webSocket.close(code, reason);
            }

            @Override
            public void onClosed(WebSocket webSocket, int code, String reason) {
                events.add("closed " + code);
            }

            @Override
            public void onFailure(WebSocket webSocket, Throwable t, Response response) {
                events.add("failure " + t);
            }
        });
        assertThat(next()).isEqualTo("open hilbridge.v1");
        return ws;
    }

    private String next() throws InterruptedException {
        String e = events.poll(10, TimeUnit.SECONDS);
        assertThat(e).as("an event within 10 s").isNotNull();
        return e;
    }

    @Test
    void echoesTextAndBinaryAndClosesCleanly() throws Exception {
        WebSocket ws = connect();
        ws.send("héllo ✓");
        assertThat(next()).isEqualTo("text héllo ✓");
        ws.send(ByteString.of((byte) 1, (byte) 2, (byte) 0xFF));
        assertThat(next()).isEqualTo("binary 0102ff");
        String big = "z".repeat(200_000);
        ws.send(big);
        assertThat(next()).isEqualTo("text " + big);
        ws.close(1000, "done");
        assertThat(next()).isEqualTo("closing 1000 done");
        assertThat(next()).isEqualTo("closed 1000");
    }

    @Test
    void manyMessagesKeepTheirOrderWhilePingsFlow() throws Exception {
        WebSocket ws = connect();
        for (int i = 0; i < 500; i++) {
            ws.send("m" + i);
        }
        for (int i = 0; i < 500; i++) {
            assertThat(next()).isEqualTo("text m" + i);
        }
        ws.close(1000, null);
        assertThat(next()).startsWith("closing 1000");
        assertThat(next()).isEqualTo("closed 1000");
    }
}
