package io.hilbridge.link;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Loads protocol-spec/vectors/*.json: from system property hilbridge.spec.dir, else ../protocol-spec. */
final class SpecVectors {
    private SpecVectors() {}

    static Path specDir() {
        String p = System.getProperty("hilbridge.spec.dir");
        Path dir = p != null && !p.isBlank() ? Path.of(p) : Path.of("..", "protocol-spec");
        if (!Files.isDirectory(dir.resolve("vectors"))) {
            throw new IllegalStateException(
                    "protocol-spec/vectors not found at " + dir.toAbsolutePath() + " (set -Dhilbridge.spec.dir)");
        }
        return dir;
    }

    static List<JsonNode> load(String file) {
        try {
            JsonNode root = new ObjectMapper()
                    .readTree(specDir().resolve("vectors").resolve(file).toFile());
            List<JsonNode> out = new ArrayList<>();
            root.get("vectors").forEach(out::add);
            if (out.isEmpty()) throw new IllegalStateException(file + " has no vectors");
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] hex(JsonNode n) {
        return HexFormat.of().parseHex(n.asText());
    }
}
