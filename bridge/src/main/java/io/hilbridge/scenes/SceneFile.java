package io.hilbridge.scenes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The scene file of one device, {@code <folder>/<device>.json}. A write never leaves a half file: the bytes go to a
 * temporary file in the same folder, are forced to the disk, and the temporary file is then moved over the old one
 * in one atomic step (a crash before the move leaves the old file whole, plus a stray temporary file that the next
 * read removes). A file that cannot be read as scenes is kept aside under a new name ({@link #keepAside}), never
 * overwritten. Not thread-safe: {@link SceneStore} calls it under its lock.
 */
final class SceneFile {
    /** Larger files are not scene files this bridge wrote (32 scenes of 255 lights stay far below it). */
    static final int MAX_BYTES = 1 << 20;

    private static final String TEMP_SUFFIX = ".tmp";

    /** Runs between writing the temporary file and moving it into place; a test makes it fail to act as a crash. */
    interface Step {
        void run() throws IOException;
    }

    private final Path folder;
    private final Path file;
    private final String tempPrefix;
    private final Step beforeMove;

    SceneFile(Path folder, String device) {
        this(folder, device, () -> {});
    }

    SceneFile(Path folder, String device, Step beforeMove) {
        String safe = device.replaceAll("[^A-Za-z0-9_-]", "_");
        this.folder = folder;
        this.file = folder.resolve(safe + ".json");
        this.tempPrefix = "." + safe + ".json.";
        this.beforeMove = beforeMove;
    }

    Path path() {
        return file;
    }

    /** The file's bytes, or empty when there is no file; stray temporary files of a crashed write are removed. */
    Optional<byte[]> read() throws IOException {
        removeStrayTemps();
        if (!Files.exists(file)) return Optional.empty();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            return Optional.of(bytes);
        }
    }

    /** Replaces the file with {@code bytes} atomically (see the class comment). */
    void write(byte[] bytes) throws IOException {
        Files.createDirectories(folder);
        Path temp = Files.createTempFile(folder, tempPrefix, TEMP_SUFFIX);
        boolean moved = false;
        try {
            try (FileChannel ch =
                    FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            beforeMove.run();
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
            syncFolder();
        } finally {
            if (!moved) Files.deleteIfExists(temp);
        }
    }

    /**
     * Moves the file to {@code <device>.json.corrupt-<time>} (with a counter if that exists), never replacing
     * anything; returns the new path.
     */
    Path keepAside() throws IOException {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        for (int n = 0; ; n++) {
            Path aside = folder.resolve(file.getFileName() + ".corrupt-" + stamp + (n == 0 ? "" : "-" + n));
            try {
                // No ATOMIC_MOVE: on POSIX that is rename(2), which would silently replace an earlier file kept aside.
                return Files.move(file, aside);
            } catch (FileAlreadyExistsException e) {
                if (n > 100) throw e;
            }
        }
    }

    private void removeStrayTemps() throws IOException {
        if (!Files.isDirectory(folder)) return;
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(folder, tempPrefix + "*" + TEMP_SUFFIX)) {
            for (Path t : temps) Files.deleteIfExists(t);
        }
    }

    /** Makes the move itself durable where the platform allows it (Linux, macOS); elsewhere the move is enough. */
    private void syncFolder() {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a folder as a channel; its move is already durable enough for a scene file.
        }
    }
}
