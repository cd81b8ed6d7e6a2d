package io.hilbridge.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The committed JSON Schemas of protocol-spec/schemas/, for checking what a running bridge really sends. */
public final class SpecSchemas {
    private static final String BASE = "https://hilbridge.invalid/schemas/";
    private static final Map<String, JsonSchema> CACHE = new ConcurrentHashMap<>();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            b -> b.schemaMappers(m -> m.mapPrefix(BASE, dir().resolve("schemas").toUri().toString())));

    private SpecSchemas() {}

    static Path dir() {
        String d = System.getProperty("hilbridge.spec.dir");
        Path p = (d != null ? Path.of(d) : Path.of("..", "protocol-spec")).toAbsolutePath().normalize();
        if (!Files.isDirectory(p.resolve("schemas"))) throw new IllegalStateException("no schemas under " + p);
        return p;
    }

    public static void assertValid(String schemaFile, JsonNode json) {
        JsonSchema s = CACHE.computeIfAbsent(schemaFile, f -> FACTORY.getSchema(SchemaLocation.of(BASE + f)));
        assertThat(s.validate(json)).as("%s against %s", json, schemaFile).isEmpty();
    }
}
