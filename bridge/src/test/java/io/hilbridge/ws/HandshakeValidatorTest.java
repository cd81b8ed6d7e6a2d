package io.hilbridge.ws;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The opening handshake's rules (RFC 6455 section 4.2.1, what a server must find in a client's request; section
 * 4.2.2 for the answer), without sockets: each rule is broken alone in an otherwise valid request, and the decision
 * carries the status and a reason naming the rule. {@link HandshakeOverSocketTest} checks the same over TCP.
 */
class HandshakeValidatorTest {
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ=="; // the RFC's sample nonce (section 1.3)
    private static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    private final HandshakeValidator validator = new HandshakeValidator(WebSocketConfig.defaults());
    /** Header lines of the request, by name (case-insensitive lookup below), each with all its values. */
    private final Map<String, List<String>> headers = new LinkedHashMap<>();

    private String method = "GET";
    private String protocol = "HTTP/1.1";

    HandshakeValidatorTest() {
        set("Host", "127.0.0.1:8080");
        set("Upgrade", "websocket");
        set("Connection", "Upgrade");
        set("Sec-WebSocket-Key", KEY);
        set("Sec-WebSocket-Version", "13");
    }

    private void set(String name, String... values) {
        headers.put(name.toLowerCase(), new ArrayList<>(List.of(values)));
    }

    private void remove(String name) {
        headers.remove(name.toLowerCase());
    }

    private HandshakeDecision decide() {
        return validator.validate(method, protocol, name -> headers.getOrDefault(name.toLowerCase(), List.of()), null);
    }

    private void assertRejected(int status, String reason) {
        HandshakeDecision d = decide();
        assertThat(d.accepted()).as("accepted").isFalse();
        assertThat(d.status()).isEqualTo(status);
        assertThat(d.reason()).isEqualTo(reason);
        assertThat(d.acceptKey()).isNull();
        assertThat(d.toString()).isEqualTo(status + " " + reason);
    }

    @Test
    void aValidRequestIsAcceptedWithTheKeysAcceptValue() {
        HandshakeDecision d = decide();
        assertThat(d.accepted()).isTrue();
        assertThat(d.status()).isEqualTo(101);
        assertThat(d.reason()).isNull();
        assertThat(d.acceptKey()).isEqualTo(ACCEPT); // section 4.2.2 item 5.4
        assertThat(d.subprotocol()).isNull();
        assertThat(d.toString()).isEqualTo("accept(null)");
    }

    @Test
    void ourSubprotocolIsSelectedOnlyWhenOffered() {
        // Section 4.2.2 item 5.5: the server picks one of the client's offers, or none.
        set("Sec-WebSocket-Protocol", "chat, superchat");
        assertThat(decide().subprotocol()).isNull();
        set("Sec-WebSocket-Protocol", "chat", " HILBRIDGE.V1 ");
        assertThat(decide().subprotocol()).isEqualTo(WebSocketConfig.SUBPROTOCOL);
    }

    @Test
    void theMethodMustBeGet() {
        method = "POST"; // section 4.2.1 item 1
        assertRejected(400, "an upgrade must be a GET request");
    }

    @Test
    void theProtocolMustBeHttp11() {
        protocol = "HTTP/1.0"; // section 4.2.1 item 1
        assertRejected(400, "an upgrade needs HTTP/1.1");
    }

    @Test
    void connectionMustContainUpgradeAsAToken() {
        // Section 4.2.1 item 4: a list of tokens, compared case-insensitively.
        set("Connection", "keep-alive, UPGRADE");
        assertThat(decide().accepted()).isTrue();
        set("Connection", "keep-alive", "Upgrade");
        assertThat(decide().accepted()).isTrue();
        // RFC 7230 section 7: empty list elements are ignored, wherever they are.
        set("Connection", ",Upgrade");
        assertThat(decide().accepted()).isTrue();
        set("Connection", "keep-alive, , upgrade,");
        assertThat(decide().accepted()).isTrue();
        set("Connection", "upgrades, keep-alive");
        assertRejected(400, "the Connection header must contain the token 'upgrade'");
        remove("Connection");
        assertRejected(400, "the Connection header must contain the token 'upgrade'");
    }

    @Test
    void connectionCloseCannotBeUpgraded() {
        set("Connection", "Upgrade, close");
        assertRejected(400, "a request with Connection: close cannot be upgraded");
    }

    @Test
    void upgradeMustBeWebsocket() {
        set("Upgrade", "h2c"); // section 4.2.1 item 3
        assertRejected(400, "the Upgrade header must be 'websocket'");
        set("Upgrade", "WebSocket");
        assertThat(decide().accepted()).isTrue();
    }

    @Test
    void aBodyIsRefusedButAnEmptyOneIsNoBody() {
        set("Content-Length", "0");
        assertThat(decide().accepted()).isTrue();
        set("Content-Length", "0", " 4 ");
        assertRejected(400, "an upgrade request must not have a body");
        remove("Content-Length");
        set("Transfer-Encoding", "chunked");
        assertRejected(400, "an upgrade request must not have a body");
    }

    @Test
    void exactlyOneNonBlankHost() {
        // Section 4.2.1 item 2.
        remove("Host");
        assertRejected(400, "exactly one Host header is required");
        set("Host", " ");
        assertRejected(400, "exactly one Host header is required");
        set("Host", "a", "b");
        assertRejected(400, "exactly one Host header is required");
    }

    @Test
    void exactlyOneKeyOfSixteenBase64Bytes() {
        // Section 4.2.1 item 5: base64 of 16 bytes, which is 24 characters with its padding.
        String rule = "Sec-WebSocket-Key must be base64 of 16 bytes";
        remove("Sec-WebSocket-Key");
        assertRejected(400, "exactly one Sec-WebSocket-Key header is required");
        set("Sec-WebSocket-Key", KEY, KEY);
        assertRejected(400, "exactly one Sec-WebSocket-Key header is required");
        set("Sec-WebSocket-Key", " " + KEY + " ");
        assertThat(decide().acceptKey()).isEqualTo(ACCEPT);
        set("Sec-WebSocket-Key", KEY.substring(0, 22)); // the same 16 bytes without the padding
        assertRejected(400, rule);
        set("Sec-WebSocket-Key", "AAAAAAAAAAAAAAAAAAAAAAA="); // 24 characters, 17 bytes
        assertRejected(400, rule);
        set("Sec-WebSocket-Key", "AAAAAAAAAAAAAAAAAAAAAA=!"); // 24 characters, not base64
        assertRejected(400, rule);
    }

    @Test
    void theVersionMustBeExactly13() {
        // Section 4.2.1 item 6, and section 4.4: any other version gets 426 (with the version we speak).
        String rule = "Sec-WebSocket-Version must be 13";
        set("Sec-WebSocket-Version", "8");
        assertRejected(426, rule);
        set("Sec-WebSocket-Version", "13", "13");
        assertRejected(426, rule);
        remove("Sec-WebSocket-Version");
        assertRejected(426, rule);
        set("Sec-WebSocket-Version", " 13 ");
        assertThat(decide().accepted()).isTrue();
    }

    @Test
    void accessIsAskedFirstAndItsRefusalIsPassedOn() {
        // A refused client learns nothing about the rest of its request.
        HandshakeValidator guarded = new HandshakeValidator(WebSocketConfig.builder()
                .access((h, token) -> "s3cret".equals(token) ? null : new UpgradeAccess.Refusal(401, "token needed"))
                .build());
        method = "POST";
        HandshakeDecision refused =
                guarded.validate(method, protocol, name -> headers.getOrDefault(name.toLowerCase(), List.of()), null);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.reason()).isEqualTo("token needed");
        HandshakeDecision passed = guarded.validate(
                method, protocol, name -> headers.getOrDefault(name.toLowerCase(), List.of()), "s3cret");
        assertThat(passed.status()).isEqualTo(400);
    }
}
