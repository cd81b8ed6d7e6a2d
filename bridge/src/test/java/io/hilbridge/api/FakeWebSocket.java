package io.hilbridge.api;

import io.hilbridge.ws.OutboundFrame;
import io.hilbridge.ws.WebSocket;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what the API sends to one client. Broadcast frames are decoded back to their text. Thread-safe. */
public final class FakeWebSocket implements WebSocket {
    public final List<String> sent = new CopyOnWriteArrayList<>();
    public final List<OutboundFrame> frames = new CopyOnWriteArrayList<>();
    private volatile Object attachment;
    private volatile boolean open = true;
    public volatile int closeCode = -1;

    @Override
    public boolean sendText(String text) {
        if (!open) return false;
        sent.add(text);
        return true;
    }

    @Override
    public boolean send(OutboundFrame frame) {
        if (!open) return false;
        frames.add(frame);
        sent.add(textOf(frame));
        return true;
    }

    /** The text payload of an unmasked, final text frame. */
    public static String textOf(OutboundFrame frame) {
        ByteBuffer b = frame.bytes();
        int b0 = b.get() & 0xFF;
        if (b0 != 0x81) throw new AssertionError("not a final text frame: " + b0);
        int len = b.get() & 0x7F;
        long n = len == 126 ? b.getShort() & 0xFFFF : len == 127 ? b.getLong() : len;
        byte[] payload = new byte[(int) n];
        b.get(payload);
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public void close(int code, String reason) {
        open = false;
        closeCode = code;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public String subprotocol() {
        return null;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return new InetSocketAddress("127.0.0.1", 40000);
    }

    @Override
    public long queuedBytes() {
        return queued;
    }

    /** What {@link #queuedBytes} reports: a test makes this client look slow. */
    public volatile long queued;

    @Override
    public Object attachment() {
        return attachment;
    }

    @Override
    public void attach(Object a) {
        attachment = a;
    }

    public List<String> sentSnapshot() {
        return new ArrayList<>(sent);
    }

    public String last() {
        return sent.get(sent.size() - 1);
    }
}
