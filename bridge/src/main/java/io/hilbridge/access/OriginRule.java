package io.hilbridge.access;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides whether a browser page of a given Origin may open a WebSocket: allowed when the Origin is listed
 * explicitly, or is the same origin as the Host the request was sent to (scheme http/https, default ports
 * normalized) and that host is an IP address or a localhost name. This stops cross-site WebSocket hijacking: a page
 * on another site cannot drive a bridge on localhost. The host restriction stops DNS rebinding, where an attacker's
 * name is re-pointed at 127.0.0.1 so that its page looks "same origin" (Origin and Host both name the attacker's
 * domain); a bridge reached through a real host name needs that origin allowed explicitly (--allow-origin).
 * Requests without an Origin header (non-browser clients) are not this rule's concern. The same rule holds for the
 * page, REST, metrics and the WebSocket handshake. Thread-safe (immutable).
 */
final class OriginRule {
    private final Set<String> allowed;

    /** @param allowedOrigins origins as a browser sends them (scheme://host[:port]); compared case-insensitively */
    OriginRule(Set<String> allowedOrigins) {
        this.allowed = allowedOrigins.stream().map(OriginRule::normalizeOrigin).collect(Collectors.toUnmodifiableSet());
    }

    private static String normalizeOrigin(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }

    /**
     * @param origin the Origin header's value
     * @param host   the Host header's value, or null when the request has none (then only listed origins pass)
     */
    boolean allows(String origin, String host) {
        String o = normalizeOrigin(origin);
        if (allowed.contains(o)) {
            return true;
        }
        if (host == null) {
            return false;
        }
        int defaultPort;
        String authority;
        if (o.startsWith("http://")) {
            defaultPort = 80;
            authority = o.substring(7);
        } else if (o.startsWith("https://")) {
            defaultPort = 443;
            authority = o.substring(8);
        } else {
            return false; // "null" (sandboxed pages, file://) and other schemes are never same-origin
        }
        String originAuthority = normalize(authority, defaultPort);
        String hostAuthority = normalize(host.trim().toLowerCase(Locale.ROOT), defaultPort);
        return originAuthority != null && originAuthority.equals(hostAuthority) && isRebindingSafe(hostAuthority);
    }

    /** True if the host part names no DNS domain an attacker could re-point: an IP literal or localhost. */
    static boolean isRebindingSafe(String authority) {
        String h = authority;
        if (h.startsWith("[")) {
            return h.indexOf(']') > 0; // IPv6 literal
        }
        int colon = h.lastIndexOf(':');
        if (colon >= 0) {
            h = h.substring(0, colon);
        }
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return true; // browsers resolve these to loopback themselves (RFC 6761)
        }
        String[] parts = h.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    /** host[:port] with the default port removed; null if it is not a plain authority. */
    private static String normalize(String authority, int defaultPort) {
        if (authority.isEmpty()) {
            return null;
        }
        for (int i = 0; i < authority.length(); i++) {
            char c = authority.charAt(i);
            if (c == '/' || c == '?' || c == '#' || c == '@' || c <= ' ' || c >= 0x7f) {
                return null;
            }
        }
        int colon = authority.lastIndexOf(':');
        int bracket = authority.lastIndexOf(']');
        if (colon > bracket) {
            String port = authority.substring(colon + 1);
            if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)) {
                return null;
            }
            if (Integer.parseInt(port) == defaultPort) {
                return authority.substring(0, colon);
            }
        }
        return authority;
    }
}
