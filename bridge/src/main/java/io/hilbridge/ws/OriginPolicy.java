package io.hilbridge.ws;

import java.util.Locale;
import java.util.Set;

/**
 * Decides whether a browser page of a given Origin may open a WebSocket: allowed when the Origin is the same origin
 * as the Host the request was sent to (scheme http/https, default ports normalized), or is listed explicitly. This
 * stops cross-site WebSocket hijacking: a page on another site cannot drive a bridge on localhost. Requests
 * without an Origin header (non-browser clients) are not the policy's concern. Thread-safe (immutable).
 */
final class OriginPolicy {
    private final Set<String> allowed;

    OriginPolicy(Set<String> allowedLowerCase) {
        this.allowed = allowedLowerCase;
    }

    boolean allows(String origin, String host) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        if (o.endsWith("/")) {
            o = o.substring(0, o.length() - 1);
        }
        if (allowed.contains(o)) {
            return true;
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
        return originAuthority != null && originAuthority.equals(hostAuthority);
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
