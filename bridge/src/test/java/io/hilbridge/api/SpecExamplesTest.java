package io.hilbridge.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.hilbridge.api.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The examples in protocol-spec/websocket-api.md are valid against the schema their marker names, every JSON
 * example has a marker, and the schemas themselves refuse what they should (so a schema that accepts everything
 * cannot make the other tests pass).
 */
class SpecExamplesTest {
    private static final Pattern BLOCK =
            Pattern.compile("(?:<!-- example: ([\\w.-]+) -->\\s*\\n)?```json\\n(.*?)```", Pattern.DOTALL);

    @Test
    void everyExampleInTheSpecMatchesItsSchema() throws IOException {
        String md = Files.readString(Schemas.dir().resolve("websocket-api.md"));
        Matcher m = BLOCK.matcher(md);
        List<String> checked = new ArrayList<>();
        while (m.find()) {
            assertThat(m.group(1))
                    .as("JSON example without an <!-- example: schema.json --> marker:\n%s", m.group(2))
                    .isNotNull();
            JsonNode example = ApiJson.MAPPER.readTree(m.group(2));
            Schemas.assertValid(m.group(1), example);
            String envelope = m.group(1).equals("set.json")
                            || m.group(1).equals("get.json")
                            || m.group(1).equals("stats-request.json")
                            || m.group(1).equals("reset-request.json")
                            || m.group(1).equals("health-request.json")
                            || m.group(1).equals("scene-request.json")
                            || m.group(1).equals("pixels-subscribe.json")
                    ? "client-message.json"
                    : "server-message.json";
            Schemas.assertValid(envelope, example);
            checked.add(m.group(1));
        }
        assertThat(checked)
                .contains(
                        "hello.json",
                        "state.json",
                        "device.json",
                        "ack.json",
                        "error.json",
                        "snapshot.json",
                        "stats.json",
                        "set.json",
                        "get.json",
                        "stats-request.json",
                        "reset.json",
                        "log.json",
                        "reset-request.json",
                        "fault.json",
                        "scene-request.json",
                        "scene-list.json",
                        "scene-applied.json",
                        "pixels.json",
                        "pixels-subscribe.json",
                        "pixels-watching.json");
    }

    @Test
    void everySchemaFileIsValidJsonWithAnId() throws IOException {
        try (Stream<Path> files = Files.list(Schemas.dir().resolve("schemas"))) {
            for (Path p : (Iterable<Path>) files::iterator) {
                JsonNode s = ApiJson.MAPPER.readTree(p.toFile());
                assertThat(s.path("$id").asText()).endsWith("/" + p.getFileName());
                Schemas.schema(p.getFileName().toString()); // loads and resolves
            }
        }
    }

    @Test
    void schemasRefuseWhatTheyShould() {
        String ok = "{\"type\":\"state\",\"device\":\"board0\",\"light\":1,\"on\":true,\"brightness\":3,"
                + "\"color\":\"#00ff00\",\"effect\":\"none\",\"cause\":\"button\"}";
        Schemas.assertValid("server-message.json", ok);
        for (String bad : List.of(
                ok.replace("\"brightness\":3", "\"brightness\":300"),
                ok.replace("#00ff00", "green"),
                ok.replace("\"cause\":\"button\"", "\"cause\":\"magic\""),
                ok.replace("\"on\":true,", ""),
                ok.replace("}", ",\"extra\":1}"),
                "{\"type\":\"ack\",\"id\":\"x\"}",
                "{\"type\":\"error\",\"id\":null,\"code\":\"oops\",\"message\":\"m\"}",
                "{\"type\":\"nothing\"}")) {
            assertThat(Schemas.errors("server-message.json", json(bad))).as(bad).isNotEmpty();
        }
        Schemas.assertValid("client-message.json", "{\"type\":\"set\",\"light\":\"all\",\"on\":true}");
        for (String bad : List.of(
                "{\"type\":\"set\",\"light\":0}",
                "{\"type\":\"set\",\"on\":true}",
                "{\"type\":\"set\",\"light\":0,\"on\":true,\"brigthness\":1}",
                "{\"type\":\"set\",\"light\":\"some\",\"on\":true}")) {
            assertThat(Schemas.errors("client-message.json", json(bad))).as(bad).isNotEmpty();
        }
    }
}
