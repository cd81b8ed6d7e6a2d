package io.hilbridge.access;

import java.util.List;
import java.util.Set;

/**
 * The one place that decides who may use the bridge: the page, REST, {@code /metrics} and the WebSocket handshake all
 * ask it and get the same verdict for the same request. Rules in order, each an early check whose refusal names it:
 * <ol>
 *   <li>{@link AccessVerdict.Rule#HOST}: against DNS rebinding ({@link HostRule});</li>
 *   <li>{@link AccessVerdict.Rule#ORIGIN}: against cross-site requests from browsers ({@link OriginRule}); at most
 *       one Origin header;</li>
 *   <li>{@link AccessVerdict.Rule#TOKEN}: the configured token ({@link TokenRule}), except for {@link Scope#PUBLIC}
 *       resources.</li>
 * </ol>
 *
 * <p>Immutable and thread-safe.
 */
public final class AccessPolicy {

    /** Whether a resource needs the token. Host and Origin rules hold for both. */
    public enum Scope {
        /** The page's files and the health probe: they carry no state, and the page reads the token from its URL. */
        PUBLIC,
        /** REST, metrics and the WebSocket: the token when one is configured. */
        PROTECTED
    }

    private static final int QUOTE_MAX = 80;

    private final HostRule host;
    private final OriginRule origin;
    private final TokenRule token;

    private AccessPolicy(HostRule host, OriginRule origin, TokenRule token) {
        this.host = host;
        this.origin = origin;
        this.token = token;
    }

    /**
     * @param bind           the address the bridge listens on; on a loopback address the Host rule is enforced
     * @param token          the token clients must present, or null (or empty) for none
     * @param allowedOrigins browser origins allowed besides the bridge's own (e.g. {@code http://dash:3000})
     */
    public static AccessPolicy of(String bind, String token, Set<String> allowedOrigins) {
        return new AccessPolicy(
                new HostRule(bind, allowedOrigins),
                new OriginRule(allowedOrigins),
                new TokenRule(token == null || token.isEmpty() ? null : token));
    }

    /** True when a token is configured. */
    public boolean tokenRequired() {
        return token.required();
    }

    public AccessVerdict decide(AccessRequest request, Scope scope) {
        List<String> hosts = request.headers("Host");
        String hostHeader = hosts.isEmpty() ? null : hosts.get(0);
        if (!host.allows(hostHeader)) {
            return AccessVerdict.refuse(
                    AccessVerdict.Rule.HOST, "the Host header names another site (" + quote(hostHeader) + ")");
        }
        List<String> origins = request.headers("Origin");
        if (origins.size() > 1) {
            return AccessVerdict.refuse(AccessVerdict.Rule.ORIGIN, "at most one Origin header is allowed");
        }
        if (origins.size() == 1 && !origin.allows(origins.get(0), hostHeader)) {
            return AccessVerdict.refuse(
                    AccessVerdict.Rule.ORIGIN,
                    "requests from the origin " + quote(origins.get(0)) + " are not allowed");
        }
        if (scope == Scope.PROTECTED && !token.presented(request.headers("Authorization"), request.queryToken())) {
            return AccessVerdict.refuse(
                    AccessVerdict.Rule.TOKEN,
                    "this bridge needs its token: Authorization: Bearer <token> or ?token=<token>");
        }
        return AccessVerdict.ALLOWED;
    }

    /** At most 80 characters of a client-supplied value, printable ASCII only (it ends up in answers and logs). */
    static String quote(String s) {
        if (s == null) return "";
        int n = Math.min(s.length(), QUOTE_MAX);
        StringBuilder b = new StringBuilder(n + 3);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return s.length() > n ? b.append("...").toString() : b.toString();
    }
}
