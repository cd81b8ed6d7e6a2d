package io.hilbridge.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may use the REST API: the token (when configured) and, for browsers, the origin. A browser page from another
 * origin could otherwise drive the lights with a simple cross-site request; browsers send {@code Origin} on such
 * requests, so a present Origin must be the bridge's own or an allowed one. Scripts (curl) send no Origin.
 *
 * <p>Immutable and thread-safe.
 */
final class Access {
    private final byte[] token;
    private final Set<String> allowedOrigins;

    Access(String token, Set<String> allowedOrigins) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        this.allowedOrigins = allowedOrigins.stream().map(Access::normalizeOrigin).collect(Collectors.toSet());
    }

    /** True when no token is configured, or the request carries it as a bearer token or {@code ?token=}. */
    boolean tokenOk(HttpServerExchange ex) {
        if (token == null) return true;
        String auth = ex.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return matches(auth.substring(7).trim());
        }
        Deque<String> q = ex.getQueryParameters().get("token");
        return q != null && !q.isEmpty() && matches(q.getFirst());
    }

    private boolean matches(String given) {
        // Constant time, so the token cannot be guessed byte by byte from response times.
        return MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
    }

    private static String normalizeOrigin(String o) {
        String s = o.trim().toLowerCase(Locale.ROOT);
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** True when the request has no Origin (not a browser, or a same-origin GET) or an allowed one. */
    boolean originOk(HttpServerExchange ex) {
        String origin = ex.getRequestHeaders().getFirst(Headers.ORIGIN);
        if (origin == null) return true;
        if (allowedOrigins.contains(normalizeOrigin(origin))) return true;
        String host = ex.getRequestHeaders().getFirst(Headers.HOST);
        if (host == null) return false;
        String own = ex.getRequestScheme() + "://" + host;
        return origin.toLowerCase(Locale.ROOT).equals(own.toLowerCase(Locale.ROOT));
    }
}
