package io.hilbridge.qemu;

import io.hilbridge.serial.ForwardingTransport;
import io.hilbridge.serial.SerialTransport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A serial transport that passes everything through and keeps what the board sent (the last {@value #KEEP} bytes),
 * so a test can see the boot text the link received; {@link #mute} drops what the bridge writes, so the board hears
 * nothing while the bridge still hears the board.
 *
 * <p>Thread-safety: all methods from any thread.
 */
final class RecordingTransport extends ForwardingTransport {

    static final int KEEP = 256 * 1024;

    private final ByteArrayOutputStream received = new ByteArrayOutputStream(); // guarded by itself
    private volatile boolean muted;

    RecordingTransport(SerialTransport inner) {
        super(inner);
    }

    @Override
    protected void received(byte[] data, int offset, int length) {
        synchronized (received) {
            if (received.size() + length > KEEP) received.reset();
            received.write(data, offset, length);
        }
    }

    /** While muted, writes are dropped (and reported as queued, as a cable that lost them would). */
    void mute(boolean on) {
        muted = on;
    }

    /** Everything received so far as ISO-8859-1 text (frames and boot text alike). */
    String receivedText() {
        synchronized (received) {
            return received.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** How often {@code text} occurs in what was received. */
    int count(String text) {
        String all = receivedText();
        int n = 0;
        for (int i = all.indexOf(text); i >= 0; i = all.indexOf(text, i + 1)) n++;
        return n;
    }

    @Override
    public boolean write(byte[] data) {
        return muted || inner.write(data);
    }
}
