package io.hilbridge.access;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Defence against DNS rebinding. A page on {@code evil.example} can make its own name resolve to 127.0.0.1; the
 * browser then treats the bridge as same-origin with that page (Origin and Host both say {@code evil.example}), so
 * origin checks alone would let it drive the lights. When the bridge listens only on a loopback address, the Host
 * header must therefore name this machine ({@code localhost}, {@code *.localhost}, {@code 127.x.x.x}, {@code [::1]})
 * or the host of an allowed origin. On other bind addresses the token is the protection (and {@link OriginRule}
 * still refuses a same-origin request whose host is a re-pointable name).
 *
 * <p>Immutable and thread-safe.
 */
final class HostRule {
    private final boolean enforced;
    private final Set<String> extraHosts;

    HostRule(String bind, Set<String> allowedOrigins) {
        this.enforced = isLoopback(bind);
        Set<String> hosts = new HashSet<>();
        for (String o : allowedOrigins) {
            try {
                String h = URI.create(o.trim()).getHost();
                if (h != null) hosts.add(h.toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                // not a URI; such an origin can never match a Host either
            }
        }
        this.extraHosts = Set.copyOf(hosts);
    }

    private static boolean isLoopback(String bind) {
        try {
            return InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** True when a request with this Host header (null: none) may be served. */
    boolean allows(String host) {
        if (!enforced) return true;
        if (host == null) return true; // HTTP/1.0 without Host: not a browser on a rebound name
        String name = hostName(host.trim().toLowerCase(Locale.ROOT));
        return name.equals("localhost")
                || name.endsWith(".localhost")
                || name.equals("[::1]")
                || name.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")
                || extraHosts.contains(name);
    }

    /** The host part of a Host header value: without the port, brackets kept for IPv6. */
    static String hostName(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.lastIndexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }
}
