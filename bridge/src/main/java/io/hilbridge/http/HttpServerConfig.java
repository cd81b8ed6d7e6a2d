package io.hilbridge.http;

import io.hilbridge.access.AccessPolicy;

import java.util.Set;

/**
 * How the HTTP server listens and whom it lets in. Immutable; the {@code with*} methods return copies.
 *
 * @param bind           address to listen on; 127.0.0.1 by default, so nothing outside this machine can reach it
 * @param port           TCP port; 0 means any free port ({@link HttpServer#port()} tells which)
 * @param token          when non-null, REST and metrics need {@code Authorization: Bearer <token>} or
 *                       {@code ?token=<token>}; the page itself is public (it reads the token from its own URL)
 * @param maxBodyBytes   longest REST request body; longer ones get {@code too_large}
 * @param allowedOrigins extra browser origins (e.g. {@code http://my-dashboard:3000}) allowed to send REST
 *                       commands or open the WebSocket besides the bridge's own origin
 */
public record HttpServerConfig(String bind, int port, String token, int maxBodyBytes, Set<String> allowedOrigins) {

    public static final int DEFAULT_MAX_BODY_BYTES = 4096;

    public HttpServerConfig {
        if (bind == null || bind.isEmpty()) throw new IllegalArgumentException("bind address required");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535: " + port);
        if (maxBodyBytes < 64) throw new IllegalArgumentException("maxBodyBytes too small: " + maxBodyBytes);
        if (token != null && token.isEmpty()) token = null;
        allowedOrigins = Set.copyOf(allowedOrigins);
    }

    /** Whom the server lets in: Host (on a loopback bind), Origin and token, for every route alike. */
    public AccessPolicy accessPolicy() {
        return AccessPolicy.of(bind, token, allowedOrigins);
    }

    /** 127.0.0.1:8080, no token, 4 KiB bodies, no extra origins. */
    public static HttpServerConfig defaults() {
        return new HttpServerConfig("127.0.0.1", 8080, null, DEFAULT_MAX_BODY_BYTES, Set.of());
    }

    public HttpServerConfig withBind(String b) {
        return new HttpServerConfig(b, port, token, maxBodyBytes, allowedOrigins);
    }

    public HttpServerConfig withPort(int p) {
        return new HttpServerConfig(bind, p, token, maxBodyBytes, allowedOrigins);
    }

    public HttpServerConfig withToken(String t) {
        return new HttpServerConfig(bind, port, t, maxBodyBytes, allowedOrigins);
    }

    public HttpServerConfig withMaxBodyBytes(int m) {
        return new HttpServerConfig(bind, port, token, m, allowedOrigins);
    }

    public HttpServerConfig withAllowedOrigins(Set<String> o) {
        return new HttpServerConfig(bind, port, token, maxBodyBytes, o);
    }
}
