package io.hilbridge.emulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the emulators share: the last lines an emulator printed (bounded, for error messages and tests), passed on to
 * a sink as they come; the daemon thread that reads a child's output line by line; and the atomic swap of the stable
 * symlink a serial transport opens.
 *
 * <p>Thread-safety: {@link #add}, {@link #clear} and {@link #snapshot} may be called from any thread.
 */
final class ConsoleLines {
    private final int capacity;
    private final Consumer<String> sink;
    private final ArrayDeque<String> lines = new ArrayDeque<>(); // guarded by itself

    ConsoleLines(int capacity, Consumer<String> sink) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1: " + capacity);
        this.capacity = capacity;
        this.sink = sink;
    }

    /** Keeps {@code line} (dropping the oldest past the capacity) and passes it to the sink. */
    void add(String line) {
        synchronized (lines) {
            if (lines.size() == capacity) lines.removeFirst();
            lines.addLast(line);
        }
        sink.accept(line);
    }

    void clear() {
        synchronized (lines) {
            lines.clear();
        }
    }

    /** The kept lines, oldest first. */
    List<String> snapshot() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** Reads {@code in} line by line on a daemon thread named {@code threadName}; {@code atEnd} runs at its end. */
    static void pump(InputStream in, String threadName, Consumer<String> each, Runnable atEnd) {
        Thread t = new Thread(
                () -> {
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = r.readLine()) != null) each.accept(line);
                    } catch (IOException ignored) {
                        // the process is gone; atEnd reports it
                    }
                    atEnd.run();
                },
                threadName);
        t.setDaemon(true);
        t.start();
    }

    /** Points {@code link} at {@code pty} atomically: a transport may be retrying an open of that path right now. */
    static void pointLink(Path link, String pty) throws IOException {
        Path tmp = link.resolveSibling(link.getFileName() + ".new");
        Files.deleteIfExists(tmp);
        Files.createSymbolicLink(tmp, Path.of(pty));
        Files.move(tmp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
