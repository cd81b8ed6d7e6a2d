package io.hilbridge.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON Schemas of protocol-spec/schemas/, loaded from the source tree (system property hilbridge.spec.dir,
 * set by surefire) so tests check the files that are committed, not a copy. The one schema loader of the bridge's
 * tests and of the tests module (which checks what a running bridge really sends; it gets this from the test-jar).
 * Thread-safe (schemas are cached in a concurrent map).
 */
public final class Schemas {
    private static final String BASE = "https://hilbridge.invalid/schemas/";
    private static final Map<String, JsonSchema> CACHE = new ConcurrentHashMap<>();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V202012,
            b -> b.schemaMappers(
                    m -> m.mapPrefix(BASE, dir().resolve("schemas").toUri().toString())));

    private Schemas() {}

    public static Path dir() {
        String d = System.getProperty("hilbridge.spec.dir");
        Path p = d != null ? Path.of(d) : Path.of("..", "protocol-spec");
        if (!Files.isDirectory(p.resolve("schemas"))) throw new IllegalStateException("no schemas under " + p);
        return p.toAbsolutePath().normalize();
    }

    public static JsonSchema schema(String file) {
        return CACHE.computeIfAbsent(file, f -> FACTORY.getSchema(SchemaLocation.of(BASE + f)));
    }

    public static Set<ValidationMessage> errors(String file, JsonNode json) {
        return schema(file).validate(json);
    }

    public static void assertValid(String file, JsonNode json) {
        assertThat(errors(file, json)).as("%s against %s", json, file).isEmpty();
    }

    public static void assertValid(String file, String json) {
        try {
            assertValid(file, ApiJson.MAPPER.readTree(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
