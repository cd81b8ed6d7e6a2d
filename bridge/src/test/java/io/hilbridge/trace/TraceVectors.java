package io.hilbridge.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/** The golden vectors of protocol-spec/vectors, for trace tests (from -Dhilbridge.spec.dir, else ../protocol-spec). */
final class TraceVectors {
    /** Types the host sends (uart-link.md section 3, dir H→B). */
    static final Set<String> HOST_TYPES = Set.of("HELLO_REQ", "SET", "STATE_REQ", "PING", "REBOOT_REQ");

    private TraceVectors() {}

    static List<JsonNode> load(String file) {
        String p = System.getProperty("hilbridge.spec.dir");
        Path dir = p != null && !p.isBlank() ? Path.of(p) : Path.of("..", "protocol-spec");
        try {
            List<JsonNode> out = new ArrayList<>();
            new ObjectMapper()
                    .readTree(dir.resolve("vectors").resolve(file).toFile())
                    .get("vectors")
                    .forEach(out::add);
            if (out.isEmpty()) throw new IllegalStateException(file + " has no vectors");
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] hex(JsonNode n) {
        return HexFormat.of().parseHex(n.asText());
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
