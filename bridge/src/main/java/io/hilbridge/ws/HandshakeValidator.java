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
 * <p>Order: access first ({@link UpgradeAccess}, the application's policy: Host and Origin 403, token 401), so a
 * refused client learns nothing more; then request line and headers (400, or 426 for the version). The connection
 * limit is the upgrade handler's job. Thread-safe (immutable).
 */
public final class HandshakeValidator {

    /** Header lookup by case-insensitive name: every value of every header line with that name, never null. */
    @FunctionalInterface
    public interface Headers {
        List<String> all(String name);
    }

    private final UpgradeAccess access;

    public HandshakeValidator(WebSocketConfig config) {
        this.access = config.access();
    }

    /**
     * @param method     the request method, e.g. "GET"
     * @param protocol   the request protocol, e.g. "HTTP/1.1"
     * @param headers    the request headers
     * @param queryToken the decoded {@code token} query parameter, or null
     */
    public HandshakeDecision validate(String method, String protocol, Headers headers, String queryToken) {
        UpgradeAccess.Refusal refusal = access.check(headers, queryToken);
        if (refusal != null) {
            return HandshakeDecision.reject(refusal.status(), refusal.reason());
        }
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
        String subprotocol = hasToken(headers.all("Sec-WebSocket-Protocol"), WebSocketConfig.SUBPROTOCOL)
                ? WebSocketConfig.SUBPROTOCOL
                : null;
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
}
