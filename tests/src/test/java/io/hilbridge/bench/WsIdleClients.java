package io.hilbridge.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Child process of {@link WsBenchmark}'s heap measurement: opens N idle WebSocket connections to 127.0.0.1:port,
 * prints "READY", and holds them until its stdin closes. A separate process, so client sockets do not count in the
 * server's heap. Needs N file descriptors (ulimit -n).
 */
public final class WsIdleClients {
    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        byte[] request = ("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                        + "Sec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        List<SocketChannel> open = new ArrayList<>(n);
        ByteBuffer head = ByteBuffer.allocate(1024);
        for (int i = 0; i < n; i++) {
            SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            ch.write(ByteBuffer.wrap(request));
            head.clear();
            while (!(head.position() >= 4
                    && head.get(head.position() - 1) == '\n'
                    && head.get(head.position() - 3) == '\n')) {
                if (ch.read(head) < 0) {
                    throw new IOException("server closed connection " + i + " during the handshake");
                }
            }
            if (head.get(9) != '1' || head.get(10) != '0' || head.get(11) != '1') {
                throw new IOException("handshake " + i + " refused");
            }
            open.add(ch);
        }
        System.out.println("READY " + open.size());
        System.out.flush();
        InputStream stdin = System.in;
        while (stdin.read() >= 0) {
            // hold the connections until the parent closes our stdin
        }
        for (SocketChannel ch : open) {
            ch.close();
        }
    }
}
