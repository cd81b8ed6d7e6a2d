package io.hilbridge.ws;

import org.xnio.StreamConnection;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** An upgraded TCP connection made of a {@link FakeSourceConduit} and a {@link FakeSinkConduit}, on a {@link FakeIoThread}. */
final class FakeStreamConnection extends StreamConnection {
    static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 50_000);
    private volatile boolean closed;

    FakeStreamConnection(FakeIoThread thread, FakeSourceConduit source, FakeSinkConduit sink) {
        super(thread);
        setSourceConduit(source);
        setSinkConduit(sink);
    }

    /** True once the connection closed its TCP socket. */
    boolean isClosed() {
        return closed;
    }

    @Override
    protected void closeAction() {
        closed = true;
    }

    @Override
    public SocketAddress getPeerAddress() {
        return PEER;
    }

    @Override
    public SocketAddress getLocalAddress() {
        return new InetSocketAddress("127.0.0.1", 8080);
    }
}
