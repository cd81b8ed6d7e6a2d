package io.hilbridge.serial;

import io.hilbridge.sim.LoopbackTransport;
import io.hilbridge.sim.SimulatedBoard;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * The far end of a pseudo-terminal: pumps bytes between a pty path and a {@link SimulatedBoard} (through a
 * {@link LoopbackTransport}), so the board's exact protocol bytes travel through the kernel's tty layer and jSerialComm.
 * Ends when the pty goes away (socat killed). Test helper; one pump thread.
 */
final class PtyBoard implements AutoCloseable {
    private final LoopbackTransport loop;
    private final InputStream in;
    private final OutputStream out;
    private final Thread pump;
    private volatile boolean running = true;

    PtyBoard(SimulatedBoard board, Path pty) throws IOException {
        this.loop = new LoopbackTransport(board);
        this.in = new FileInputStream(pty.toFile());
        this.out = new FileOutputStream(pty.toFile());
        loop.open(new SerialTransport.Listener() {
            @Override
            public void onBytes(byte[] data, int offset, int length) {
                try {
                    out.write(data, offset, length);
                    out.flush();
                } catch (IOException e) {
                    running = false;
                }
            }

            @Override
            public void onDisconnect(String reason) {
                running = false;
            }
        });
        this.pump = new Thread(
                () -> {
                    byte[] buf = new byte[256];
                    try {
                        int n;
                        while (running && (n = in.read(buf)) >= 0) {
                            if (n > 0) loop.write(java.util.Arrays.copyOf(buf, n));
                        }
                    } catch (IOException e) {
                        // the pty is gone
                    }
                },
                "hilbridge-test-ptyboard");
        pump.setDaemon(true);
        pump.start();
    }

    @Override
    public void close() throws IOException {
        running = false;
        loop.close();
        in.close();
        out.close();
        try {
            pump.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
