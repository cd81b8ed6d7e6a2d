package io.hilbridge.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * websocket-api.md, the envelope of every client message: a JSON object of at most 8192 characters with a string
 * {@code type}; {@code id} a string of at most 64 characters or an integer, echoed; each rule at both sides.
 */
class MessageEnvelopeRulesTest {
    private final FakeBoardLink board = FakeBoardLink.standard("board0");
    private final ApiService api = new ApiService(List.of(board), "9.9.9", Duration.ofSeconds(5));
    private final FakeWebSocket ws = new FakeWebSocket();

    @AfterEach
    void close() {
        for (String m : ws.sentSnapshot()) Schemas.assertValid("server-message.json", m);
        api.close();
    }

    private JsonNode send(String message) {
        if (ws.sent.isEmpty()) api.onOpen(ws);
        api.onText(ws, message);
        try {
            return ApiJson.MAPPER.readTree(ws.sent.get(ws.sent.size() - 1));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
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
