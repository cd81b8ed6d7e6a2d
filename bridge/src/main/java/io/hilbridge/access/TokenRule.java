package io.hilbridge.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * The token rule: when a token is configured, a request must present it as {@code Authorization: Bearer <token>} or
 * as the {@code token} query parameter. A Bearer header, when the first Authorization header is one, decides alone: a
 * wrong Bearer is not rescued by a right {@code ?token=} (a client that sends a header means that header).
 *
 * <p>Immutable and thread-safe.
 */
final class TokenRule {
    private final byte[] token;

    /** @param token the configured token, or null for none (then every request passes) */
    TokenRule(String token) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    boolean required() {
        return token != null;
    }

    /** True when no token is configured, or the request carries it. */
    boolean presented(List<String> authorization, String queryToken) {
        if (token == null) return true;
        if (!authorization.isEmpty()) {
            String auth = authorization.get(0).trim();
            if (auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return matches(auth.substring(7).trim());
            }
        }
        return queryToken != null && matches(queryToken);
    }

    private boolean matches(String given) {
        // Constant time, so the token cannot be guessed byte by byte from response times.
        return MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
    }
}
