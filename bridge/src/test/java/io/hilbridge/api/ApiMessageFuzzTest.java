package io.hilbridge.api;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any text a client may send gets exactly one well-formed reply, of a known type, and never costs the client its
 * connection or reaches the catch-all for the bridge's own bugs. Plain test runs replay the seeds in
 * src/test/resources/io/hilbridge/api/ApiMessageFuzzTestInputs/fuzzOnText/ (raw message bytes); the fuzz profile
 * (CI) fuzzes for 20 s.
 */
class ApiMessageFuzzTest {
    private static final Set<String> REPLY_TYPES = Set.of(
            "ack", "error", "snapshot", "stats", "reset", "health", "pixels.watching", "scene.list", "scene.applied");
    private static final FakeBoardLink BOARD = FakeBoardLink.standard("board0");
    private static final ApiService API = new ApiService(List.of(BOARD), "fuzz", Duration.ofSeconds(5));
    private static final FakeWebSocket WS = new FakeWebSocket();

    static {
        API.onOpen(WS);
    }

    @FuzzTest(maxDuration = "20s")
    @DictionaryEntries({
        "\"type\"",
        "\"set\"",
        "\"get\"",
        "\"stats\"",
        "\"id\"",
        "\"device\"",
        "\"board0\"",
        "\"light\"",
        "\"all\"",
        "\"on\"",
        "\"brightness\"",
        "\"color\"",
        "\"#ff8800\"",
        "\"transitionMs\"",
        "\"effect\"",
        "\"rainbow\"",
        "\"reset\"",
        "\"blink\"",
        "true",
        "false",
        "null",
        "255",
        "65535",
        "[0,1]",
        "\"health\"",
        "\"pixels.subscribe\"",
        "\"pixels.unsubscribe\"",
        "\"scene.save\"",
        "\"scene.list\"",
        "\"name\""
    })
    void fuzzOnText(byte[] input) throws Exception {
        String message = new String(input, StandardCharsets.UTF_8); // the WebSocket layer delivers valid UTF-8
        WS.sent.clear();
        WS.frames.clear();
        API.onText(WS, message);
        BOARD.calls.clear(); // the fake keeps every call; do not let it grow while fuzzing
        // Replies are sent as text; broadcasts (state of the lights a set changed) as shared frames.
        List<String> replies = WS.sent.stream()
                .filter(t -> !t.startsWith("{\"type\":\"state\""))
                .toList();
        assertThat(replies).as("exactly one reply to %s", message).hasSize(1);
        assertThat(WS.sent).hasSize(1 + WS.frames.size());
        JsonNode reply = ApiJson.MAPPER.readTree(replies.get(0));
        assertThat(reply.path("type").asText()).isIn(REPLY_TYPES);
        assertThat(reply.path("message").asText()).doesNotContain("could not handle");
        assertThat(WS.isOpen()).isTrue();
    }
}
