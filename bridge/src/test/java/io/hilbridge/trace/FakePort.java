package io.hilbridge.trace;

import io.hilbridge.serial.SerialTransport;

import java.io.ByteArrayOutputStream;

/** A transport whose received bytes the test supplies ({@link #receive}); written bytes are kept. Single-threaded. */
final class FakePort implements SerialTransport {
    final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private Listener listener;

    @Override
    public void open(Listener l) {
        listener = l;
    }

    void receive(byte[] data) {
        listener.onBytes(data, 0, data.length);
    }

    void unplug(String reason) {
        listener.onDisconnect(reason);
    }

    @Override
    public boolean write(byte[] data) {
        written.writeBytes(data);
        return true;
    }

    @Override
    public void close() {
        listener = null;
    }

    @Override
    public String describe() {
        return "fake port";
    }
}
