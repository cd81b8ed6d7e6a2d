package io.hilbridge.ws;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hilbridge.access.AccessPolicy;
import io.hilbridge.http.WebSocketAccess;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the handshake checks with arbitrary request heads: the input is read as an HTTP request (request line,
 * header lines, "?token=" in the target) the way a lenient server would split it, then validated with Origin and
 * token checks on. No exception may escape; every rejection is one of the defined statuses with a reason; an accepted
 * request really carried a 16-byte key, version 13 and the token. Seeds:
 * {@code WebSocketHandshakeFuzzTestInputs/fuzzHandshake/}.
 */
class WebSocketHandshakeFuzzTest {
    private static final HandshakeValidator VALIDATOR = new HandshakeValidator(WebSocketConfig.builder()
            .access(new WebSocketAccess(AccessPolicy.of("127.0.0.1", "t0k", Set.of("http://ok.example"))))
            .build());

    @FuzzTest(maxDuration = "20s")
    void fuzzHandshake(byte[] data) {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        // Split by hand (no regular expressions: they would slow the fuzzer down a hundredfold).
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\n') {
                int end = i > start && text.charAt(i - 1) == '\r' ? i - 1 : i;
                lines.add(text.substring(start, Math.max(start, end)));
                start = i + 1;
            }
        }
        String first = lines.get(0);
        int sp1 = first.indexOf(' ');
        int sp2 = sp1 < 0 ? -1 : first.indexOf(' ', sp1 + 1);
        String method = sp1 < 0 ? first : first.substring(0, sp1);
        String target = sp1 < 0 ? "" : sp2 < 0 ? first.substring(sp1 + 1) : first.substring(sp1 + 1, sp2);
        String protocol = sp2 < 0 ? "" : first.substring(sp2 + 1);
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            int colon = lines.get(i).indexOf(':');
            if (colon > 0) {
                headers.add(new String[] {
                    lines.get(i).substring(0, colon).trim(),
                    lines.get(i).substring(colon + 1).trim()
                });
            }
        }
        int q = target.indexOf("token=");
        String queryToken = null;
        if (q >= 0) {
            int amp = target.indexOf('&', q);
            queryToken = target.substring(q + 6, amp < 0 ? target.length() : amp);
        }

        HandshakeDecision d = VALIDATOR.validate(
                method,
                protocol,
                name -> {
                    List<String> values = new ArrayList<>();
                    for (String[] h : headers) {
                        if (h[0].equalsIgnoreCase(name)) {
                            values.add(h[1]);
                        }
                    }
                    return values;
                },
                queryToken);

        assertThat(d.status()).isIn(101, 400, 401, 403, 426);
        if (d.accepted()) {
            String key = headers.stream()
                    .filter(h -> h[0].equalsIgnoreCase("Sec-WebSocket-Key"))
                    .findFirst()
                    .orElseThrow()[1];
            assertThat(Base64.getDecoder().decode(key)).hasSize(16);
            assertThat(d.acceptKey()).isEqualTo(HandshakeValidator.acceptKey(key));
            assertThat(method).isEqualTo("GET");
            assertThat(protocol).isEqualTo("HTTP/1.1");
            boolean bearer = headers.stream()
                    .anyMatch(h -> h[0].equalsIgnoreCase("Authorization")
                            && h[1].regionMatches(true, 0, "Bearer ", 0, 7)
                            && h[1].substring(7).trim().equals("t0k"));
            assertThat(bearer || "t0k".equals(queryToken))
                    .as("accepted without the token")
                    .isTrue();
        } else {
            assertThat(d.reason()).isNotBlank();
        }
    }
}
