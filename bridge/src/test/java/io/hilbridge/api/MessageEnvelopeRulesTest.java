package io.hilbridge.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * websocket-api.md, the envelope of every client message: a JSON object of at most 8192 characters with a string
 * {@code type}; {@code id} a string of at most 64 characters or an integer, echoed; each rule at both sides.
 */
class MessageEnvelopeRulesTest {
    @RegisterExtension
    final ApiFixture fx = ApiFixture.oneBoard(Duration.ofSeconds(5));

    /** The one client, connected on its first message. */
    private FakeWebSocket ws;

    private JsonNode send(String message) {
        if (ws == null) ws = fx.connect();
        return fx.reply(ws, message);
    }

    /** A get padded with spaces (valid JSON) to exactly {@code chars} characters. */
    private static String getOfLength(int chars) {
        String head = "{\"type\":\"get\",\"id\":\"g\"";
        return head + " ".repeat(chars - head.length() - 1) + "}";
    }

    @Test
    void aMessageHasAtMost8192Characters() {
        assertThat(send(getOfLength(ApiService.MAX_MESSAGE_CHARS)).path("type").asText())
                .isEqualTo("snapshot");
        JsonNode e = send(getOfLength(ApiService.MAX_MESSAGE_CHARS + 1));
        assertThat(e.path("code").asText()).isEqualTo("too_large");
        assertThat(e.path("message").asText()).isEqualTo("message has 8193 characters, at most 8192 allowed");
    }

    @Test
    void theTypeIsAString() {
        for (String type : List.of("5", "null", "[\"get\"]")) {
            JsonNode e = send("{\"type\":" + type + ",\"id\":\"t\"}");
            assertThat(e.path("code").asText()).isEqualTo("bad_request");
            assertThat(e.path("message").asText()).isEqualTo("type is required (set, get, stats, reset or health)");
            assertThat(e.path("id").asText()).as("the id is echoed").isEqualTo("t");
        }
    }

    @Test
    void anIdIsAStringOfAtMost64CharactersOrAnInteger() {
        String id64 = "i".repeat(64);
        assertThat(send("{\"type\":\"get\",\"id\":\"" + id64 + "\"}").path("id").asText())
                .isEqualTo(id64);
        assertThat(send("{\"type\":\"get\",\"id\":-9223372036854775808}")
                        .path("id")
                        .asLong())
                .isEqualTo(Long.MIN_VALUE);
        for (String bad : List.of("\"" + id64 + "i\"", "9223372036854775808", "1.5", "true", "{}")) {
            JsonNode e = send("{\"type\":\"get\",\"id\":" + bad + "}");
            assertThat(e.path("code").asText()).as("id %s", bad).isEqualTo("bad_request");
            assertThat(e.path("message").asText())
                    .isEqualTo("id must be a string of at most 64 characters or an integer");
            assertThat(e.path("id").isNull()).as("a bad id is not echoed").isTrue();
        }
    }

    @Test
    void statsTakesOnlyAnOptionalDeviceString() {
        assertThat(send("{\"type\":\"stats\",\"id\":1,\"device\":null}").path("devices"))
                .hasSize(1);
        JsonNode e = send("{\"type\":\"stats\",\"id\":2,\"device\":5}");
        assertThat(e.path("message").asText()).isEqualTo("device must be a string");
        e = send("{\"type\":\"stats\",\"id\":3,\"clients\":true}");
        assertThat(e.path("code").asText()).isEqualTo("bad_request");
        assertThat(e.path("message").asText()).isEqualTo("unknown field \"clients\"");
    }

    /** A target is "all" or a non-empty list of ids, never both or neither. */
    @Test
    void aTargetIsAllOrANonEmptyList() {
        assertThatThrownBy(() -> new LightTarget(true, List.of(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LightTarget(false, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThat(LightTarget.of(List.of(2, 1)).ids()).containsExactly(2, 1);
    }
}
