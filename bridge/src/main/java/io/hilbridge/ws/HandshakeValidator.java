package io.hilbridge.ws;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * Checks an HTTP upgrade request against RFC 6455 section 4.2.1 and hilbridge's security rules, without any I/O, so
 * it can be unit-tested and fuzzed on its own. Each rule is an early check whose rejection reason names it.
 *
 * <p>Order: request line and headers (400, or 426 for the version), then Origin (403), then token (401). The
 * connection limit is the upgrade handler's job. Thread-safe (immutable).
 */
public final class HandshakeValidator {

    /** Header lookup by case-insensitive name: every value of every header line with that name, never null. */
    @FunctionalInterface
    public interface Headers {
        List<String> all(String name);
    }

    private final OriginPolicy originPolicy;
    private final byte[] token;

    public HandshakeValidator(WebSocketConfig config) {
        this.originPolicy = new OriginPolicy(config.allowedOrigins());
        this.token = config.token() == null ? null : config.token().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param method     the request method, e.g. "GET"
     * @param protocol   the request protocol, e.g. "HTTP/1.1"
     * @param headers    the request headers
     * @param queryToken the decoded {@code token} query parameter, or null
     */
    public HandshakeDecision validate(String method, String protocol, Headers headers, String queryToken) {
        if (!"GET".equals(method)) {
            return HandshakeDecision.reject(400, "an upgrade must be a GET request");
        }
        if (!"HTTP/1.1".equals(protocol)) {
            return HandshakeDecision.reject(400, "an upgrade needs HTTP/1.1");
        }
        List<String> connection = headers.all("Connection");
        if (!hasToken(connection, "upgrade")) {
            return HandshakeDecision.reject(400, "the Connection header must contain the token 'upgrade'");
        }
        if (hasToken(connection, "close")) {
            return HandshakeDecision.reject(400, "a request with Connection: close cannot be upgraded");
        }
        if (!hasToken(headers.all("Upgrade"), "websocket")) {
            return HandshakeDecision.reject(400, "the Upgrade header must be 'websocket'");
        }
        if (!headers.all("Transfer-Encoding").isEmpty() || hasNonZeroLength(headers.all("Content-Length"))) {
            // Body bytes would be taken for WebSocket frames after the switch.
            return HandshakeDecision.reject(400, "an upgrade request must not have a body");
        }
        List<String> hosts = headers.all("Host");
        if (hosts.size() != 1 || hosts.get(0).isBlank()) {
            return HandshakeDecision.reject(400, "exactly one Host header is required");
        }
        List<String> keys = headers.all("Sec-WebSocket-Key");
        if (keys.size() != 1) {
            return HandshakeDecision.reject(400, "exactly one Sec-WebSocket-Key header is required");
        }
        String key = keys.get(0).trim();
        if (!isValidKey(key)) {
            return HandshakeDecision.reject(400, "Sec-WebSocket-Key must be base64 of 16 bytes");
        }
        List<String> versions = headers.all("Sec-WebSocket-Version");
        if (versions.size() != 1 || !"13".equals(versions.get(0).trim())) {
            return HandshakeDecision.reject(426, "Sec-WebSocket-Version must be 13");
        }
        List<String> origins = headers.all("Origin");
        if (origins.size() > 1) {
            return HandshakeDecision.reject(403, "at most one Origin header is allowed");
        }
        if (origins.size() == 1 && !originPolicy.allows(origins.get(0), hosts.get(0))) {
            return HandshakeDecision.reject(403, "Origin not allowed: " + truncate(origins.get(0)));
        }
        if (token != null && !tokenPresented(headers.all("Authorization"), queryToken)) {
            return HandshakeDecision.reject(401, "a valid token is required (Authorization: Bearer or ?token=)");
        }
        String subprotocol = hasToken(headers.all("Sec-WebSocket-Protocol"), WebSocketConfig.SUBPROTOCOL)
                ? WebSocketConfig.SUBPROTOCOL : null;
        return HandshakeDecision.accept(acceptKey(key), subprotocol);
    }

    /** RFC 6455 section 4.2.2: base64(SHA-1(key + magic)). */
    public static String acceptKey(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((key + WebSocketProtocol.ACCEPT_MAGIC).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }

    private boolean tokenPresented(List<String> authorization, String queryToken) {
        // Compare in constant time so the token cannot be guessed byte by byte from response timing.
        for (String a : authorization) {
            String v = a.trim();
            if (v.regionMatches(true, 0, "Bearer ", 0, 7)
                    && MessageDigest.isEqual(token, v.substring(7).trim().getBytes(StandardCharsets.UTF_8))) {
                return true;
            }
        }
        return queryToken != null && MessageDigest.isEqual(token, queryToken.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean hasNonZeroLength(List<String> contentLength) {
        for (String v : contentLength) {
            if (!v.trim().equals("0")) {
                return true;
            }
        }
        return false;
    }

    /** A key is 24 base64 characters ending in "==" that decode to exactly 16 bytes. */
    private static boolean isValidKey(String key) {
        if (key.length() != 24) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** True if any comma-separated element of any value equals {@code token}, ignoring case and spaces. */
    static boolean hasToken(List<String> values, String token) {
        for (String value : values) {
            int start = 0;
            while (start <= value.length()) {
                int comma = value.indexOf(',', start);
                int end = comma < 0 ? value.length() : comma;
                if (value.substring(start, end).trim().equalsIgnoreCase(token)) {
                    return true;
                }
                start = end + 1;
            }
        }
        return false;
    }

    /** At most 100 characters of a client-supplied value, printable ASCII only (it ends up in logs). */
    private static String truncate(String s) {
        int n = Math.min(s.length(), 100);
        StringBuilder b = new StringBuilder(n + 3);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return s.length() > n ? b.append("...").toString() : b.toString();
    }
}
