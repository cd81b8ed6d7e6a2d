package io.hilbridge.firmware;

import io.hilbridge.serial.SerialTransport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link SerialTransport} over a pty path with plain file I/O, for driving {@code hilbridge-sim} at the
 * link level without a serial library (the simulator already puts its pty in raw mode). The bridge's own
 * serial transport is exercised by the tests that run the whole bridge with {@code --serial}.
 *
 * <p>Thread-safety: one reader and one writer thread per connection; {@link #write} and {@link #close} may be
 * called from any thread.
 */
final class PtyTransport implements SerialTransport {

    private final Path path;
    private volatile Connection current;

    PtyTransport(Path path) {
        this.path = path;
    }

    private static final class Connection {
        // Two channels: a FileChannel serialises read and write on one position lock, so a blocked read
        // would stall every write.
        final FileChannel in;
        final FileChannel out;
        final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(256);
        final AtomicBoolean ended = new AtomicBoolean();
        final Listener listener;

        Connection(FileChannel in, FileChannel out, Listener listener) {
            this.in = in;
            this.out = out;
            this.listener = listener;
        }

        void end(String reason, boolean report) {
            if (ended.compareAndSet(false, true)) {
                for (FileChannel ch : new FileChannel[] {in, out}) {
                    try {
                        ch.close(); // also wakes a read blocked on it
                    } catch (IOException ignored) {
                        // closing anyway
                    }
                }
                queue.offer(new byte[0]); // wakes the writer
                if (report) listener.onDisconnect(reason);
            }
        }
    }

    @Override
    public void open(Listener listener) throws IOException {
        close();
        FileChannel in = FileChannel.open(path, StandardOpenOption.READ);
        FileChannel out;
        try {
            out = FileChannel.open(path, StandardOpenOption.WRITE);
        } catch (IOException e) {
            in.close();
            throw e;
        }
        Connection c = new Connection(in, out, listener);
        current = c;
        Thread reader = new Thread(() -> {
            ByteBuffer buf = ByteBuffer.allocate(1024);
            try {
                while (!c.ended.get()) {
                    buf.clear();
                    int n = c.in.read(buf);
                    if (n < 0) {
                        c.end("end of stream", true);
                        return;
                    }
                    if (n > 0) listener.onBytes(buf.array(), 0, n);
                }
            } catch (IOException e) {
                c.end("read failed: " + e, true);
            }
        }, "pty-reader");
        Thread writer = new Thread(() -> {
            try {
                while (!c.ended.get()) {
                    byte[] data = c.queue.take();
                    ByteBuffer b = ByteBuffer.wrap(data);
                    while (b.hasRemaining() && !c.ended.get()) c.out.write(b);
                }
            } catch (IOException e) {
                c.end("write failed: " + e, true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "pty-writer");
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    @Override
    public boolean write(byte[] data) {
        Connection c = current;
        return c != null && !c.ended.get() && c.queue.offer(data.clone());
    }

    @Override
    public void close() {
        Connection c = current;
        current = null;
        if (c != null) c.end("closed", false);
    }

    @Override
    public String describe() {
        return path + " (pty)";
    }
}
